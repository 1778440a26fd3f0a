import type { KqlLiteral, KqlNode, KqlValueExpr } from '../../kql/index.ts'
import { isWildcardLiteral, valueNeeds } from '../../kql/index.ts'
import type { LineNeeds } from '../line-needs.ts'
import type { LinePrefilter } from '../plan.ts'
import { resolveField } from './field-mapping.ts'
import type { FieldSpecLookup } from './field-mapping.ts'

/**
 * A raw-line test derived from the query: for conjunctions of exact keyword clauses, the JSON
 * text of the value (or of the longest literal run of a wildcard) must occur in the line. Sound
 * by construction: a requirement is only taken from clauses that compare the indexed string
 * byte for byte, with no case folding, and lines using `\u` or `\/` escapes always pass because
 * they may spell a value differently.
 */

/** Alternatives: the line must contain at least one of them. */
type Requirement = readonly string[]

const MAX_REQUIREMENTS = 2
/** Field names shorter than this are too common to filter by; others need no JSON escaping. */
const MIN_KEY = 4
const PLAIN_KEY = /^[A-Za-z0-9_@-]+$/
// a number-looking value can match a JSON number written another way (`4.656e3`)
const NUMERIC_LOOKING = /^[\s\d.eE+-]*$/

/** What the prefilter of a query requires, as data; null when no literal is required. */
export function prefilterNeedsOf(node: KqlNode, lookup?: FieldSpecLookup): LineNeeds | null {
  const requirements = requirementsOf(node, lookup)
  if (requirements.length === 0) return null

  const conjunction = requirements.map((alternatives) =>
    alternatives.map((text) => ({ text, isCaseInsensitive: false })),
  )

  return kqlLineNeeds([conjunction])
}

/** The needs of a KQL query from their conjunctions alone (as a cache keeps them). */
export function kqlLineNeeds(conjunctions: LineNeeds['conjunctions']): LineNeeds {
  return { conjunctions, passesUnchecked: mayHideKqlText }
}

/** The prefilter of a query's needs (see {@link prefilterNeedsOf}). */
export function kqlLinePrefilter(needs: LineNeeds): LinePrefilter {
  return (line) =>
    needs.passesUnchecked(line) ||
    needs.conjunctions.some((conjunction) =>
      conjunction.every((alternatives) => alternatives.some((n) => line.includes(n.text))),
    )
}

/** Whether a line may spell a literal another way: a `\u` or `\/` escape anywhere in it. */
export function mayHideKqlText(line: string): boolean {
  return line.includes('\\u') || line.includes('\\/')
}

function requirementsOf(node: KqlNode, lookup?: FieldSpecLookup): Requirement[] {
  if (node.kind === 'and') {
    const all = node.children.flatMap((child) => requirementsOf(child, lookup))

    return [...all].sort((a, b) => strength(b) - strength(a)).slice(0, MAX_REQUIREMENTS)
  }

  const single = requirementOf(node, lookup)

  return single === null ? [] : [single]
}

function requirementOf(node: KqlNode, lookup?: FieldSpecLookup): Requirement | null {
  switch (node.kind) {
    case 'and':
      return requirementsOf(node, lookup)[0] ?? null
    case 'or':
      return union(node.children.map((child) => requirementOf(child, lookup)))
    case 'is':
      return isRequirement(node.field, node.value, lookup) ?? keyRequirement(node, lookup)
    case 'range':
      return fieldKeyRequirement(node.field, lookup)
    case 'matchAll':
    case 'not':
    case 'nested':
      return null
  }
}

// a clause whose value gives no literal (a number, a date, `*`) still needs its field: the line
// then holds the field's last name as a JSON key, nested or dotted (`"port":` or `.port":`)
function keyRequirement(
  node: KqlNode & { kind: 'is' },
  lookup?: FieldSpecLookup,
): Requirement | null {
  if (node.field === null || isWildcardLiteral(node.field) || !requiresValue(node.value))
    return null

  return fieldKeyRequirement(node.field, lookup)
}

function fieldKeyRequirement(field: KqlLiteral, lookup?: FieldSpecLookup): Requirement | null {
  if (isWildcardLiteral(field) || field.text.startsWith('_')) return null

  const mapping = resolveField(field.text, lookup)
  if (mapping.kind === 'nested' || mapping.kind === 'object') return null

  const last = mapping.path.slice(mapping.path.lastIndexOf('.') + 1)
  if (last.length < MIN_KEY || !PLAIN_KEY.test(last)) return null

  return [`${last}"`]
}

// whether only an event holding the field can match (`field:(not x)` also matches without it)
function requiresValue(value: KqlValueExpr): boolean {
  return valueNeeds(value, (literal) => literal.type !== 'null')
}

function isRequirement(
  field: KqlLiteral | null,
  value: KqlValueExpr,
  lookup?: FieldSpecLookup,
): Requirement | null {
  if (field === null || isWildcardLiteral(field)) return null

  const mapping = resolveField(field.text, lookup)
  const isExact =
    (mapping.kind === 'keyword' || mapping.kind === 'exact' || mapping.kind === 'dynamic') &&
    !mapping.isLowercase
  if (!isExact || mapping.path !== field.text) return null

  return valueRequirement(value, mapping.kind === 'keyword' || mapping.kind === 'dynamic')
}

function valueRequirement(value: KqlValueExpr, allowsWildcard: boolean): Requirement | null {
  switch (value.kind) {
    case 'literal':
      return literalRequirement(value, allowsWildcard)
    case 'valueOr':
      return union(value.children.map((child) => valueRequirement(child, allowsWildcard)))
    case 'valueAnd': {
      const found = value.children.map((child) => valueRequirement(child, allowsWildcard))

      return found.filter((r) => r !== null).sort((a, b) => strength(b) - strength(a))[0] ?? null
    }
    case 'valueNot':
      return null
  }
}

function literalRequirement(literal: KqlLiteral, allowsWildcard: boolean): Requirement | null {
  if (literal.type === 'null') return null
  if (isWildcardLiteral(literal) && !allowsWildcard) return null

  const longest = literal.segments.reduce((a, b) => (b.length > a.length ? b : a), '')
  if (longest === '' || NUMERIC_LOOKING.test(longest)) return null

  return [JSON.stringify(longest).slice(1, -1)]
}

function union(requirements: (Requirement | null)[]): Requirement | null {
  if (requirements.length === 0 || requirements.some((r) => r === null)) return null

  return requirements.flatMap((r) => r ?? [])
}

// shorter alternatives and more of them filter less; a field's key is in nearly every line of
// its kind, so any literal value is kept before it
function strength(requirement: Requirement): number {
  const shortest = Math.min(...requirement.map((r) => (isKeyNeedle(r) ? 0 : r.length)))

  return shortest / requirement.length
}

// a value's needle is JSON-escaped text, whose quotes are all `\"`; only a key's ends in a bare `"`
function isKeyNeedle(text: string): boolean {
  return text.endsWith('"') && !text.endsWith('\\"')
}
