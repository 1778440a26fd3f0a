import { topLevelKey } from '../ecs/index.ts'
import type { Expression, Literal, Query } from '../eql/index.ts'
import { isLoneWildcard, valueNeeds } from '../kql/index.ts'
import type { KqlLiteral, KqlNode, KqlValueExpr } from '../kql/index.ts'
import { COMMON_VALUE_FIELDS } from '../compile/index.ts'
import { MIN_INFIX } from './infix-index.ts'
import {
  DERIVED_SUFFIX,
  integerLiteralKey,
  isEqlKeyField,
  isIntegerKeyField,
} from './key-fields.ts'
import { kqlTermValues } from './key-fields.ts'

/**
 * How an event value meets a key value, both lower-cased (`contains`: holds it anywhere);
 * `exists`: the field has a value.
 */
export type KeyKind = 'exact' | 'prefix' | 'suffix' | 'contains' | 'exists'

/**
 * Some value of `field`, lower-cased, equals (or starts or ends with) one of `values`; for
 * `exists` (values empty), the field holds some value that is not null.
 */
export interface KeyTerm {
  readonly field: string
  readonly kind: KeyKind
  readonly values: readonly string[]
}

/**
 * A necessary condition of a query as alternatives: an event that matches holds some term. The
 * hunt files a rule under every term, so an event only meets rules one of whose terms it holds.
 * Prefixes and suffixes are ASCII, so lower-casing the event value keeps them where they are.
 */
export type RuleKey = readonly KeyTerm[]

// a rough cost per key value: how many events of a hundred are expected to hold it
const EXACT_COST = 1
const PATH_AFFIX_COST = 0.5
const LONG_AFFIX_COST = 3
const SHORT_AFFIX_COST = 20
const PATH_AFFIX = 10
const LONG_AFFIX = 6
const INFIX_EXTRA_COST = 1
/** A long literal is held in one more place at most: it costs a half more as an infix. */
const PATH_INFIX_FACTOR = 1.5
/**
 * Paths most Windows events hold (lower-cased): a literal inside one of them is common however
 * long it is, so it costs as a shorter one.
 */
const COMMON_PATHS = [
  'c:\\windows\\system32\\',
  'c:\\windows\\syswow64\\',
  'c:\\program files (x86)\\',
  'c:\\programdata\\',
  'c:\\users\\',
  '\\appdata\\local\\',
  '\\appdata\\roaming\\',
]
const UNSELECTIVE_FACTOR = 100
// most events carry fields of these sets, so that one is present says little
const COMMON_EXISTS_COST = 200
/** Keys kept per rule: each costs a lookup per event, each may rule the event out. */
const MAX_KEYS = 3
const RARE_EXISTS_COST = 10
const COMMON_ROOTS = new Set([
  '@timestamp',
  'agent',
  'data_stream',
  'destination',
  'ecs',
  'event',
  'file',
  'host',
  'network',
  'process',
  'source',
  'user',
])
const ASCII_ONLY = /^[\x20-\x7e]*$/
const COUNT_FIELD = /[._]count$/

/** Keys an event must all hold; an empty set is held by every event. */
export type KeySet = readonly RuleKey[]

/**
 * The key sets of an EQL query, one of which the event must hold: for a single-event query the
 * cheapest conjuncts of its condition, for a sequence each step's (and `until`'s), with the
 * step's category. Empty when some alternative has no key.
 */
export function eqlRuleKeys(query: Query, categoryField: string): KeySet[] {
  if (query.kind === 'EventQuery') return nonEmpty([pickKeys(eqlConjuncts(query.filter.condition))])
  if (query.kind !== 'SequenceQuery') return []

  const steps = [...query.steps, ...(query.until === null ? [] : [query.until])]

  return nonEmpty(
    steps.map((step) => {
      const { category, condition } = step.filter
      const categoryKey: RuleKey[] =
        category === null ? [] : [[{ field: categoryField, kind: 'exact', values: [category] }]]

      return pickKeys([...categoryKey, ...eqlConjuncts(condition)])
    }),
  )
}

/** The key sets of a KQL query, as for {@link eqlRuleKeys}. */
export function kqlRuleKeys(node: KqlNode): KeySet[] {
  return nonEmpty([pickKeys(kqlConjuncts(node))])
}

// an alternative without keys lets every event through, so the others need not be looked up
function nonEmpty(sets: readonly KeySet[]): KeySet[] {
  return sets.some((set) => set.length === 0) ? [] : [...sets]
}

function eqlConjuncts(expr: Expression): RuleKey[] {
  if (expr.kind === 'Logical' && expr.operator === 'and') return expr.operands.flatMap(eqlConjuncts)

  const key = eqlKey(expr)

  return key === null ? [] : [key]
}

function kqlConjuncts(node: KqlNode): RuleKey[] {
  if (node.kind === 'and') return node.children.flatMap(kqlConjuncts)

  const key = kqlRuleKey(node)

  return key === null ? [] : [key]
}

// the cheapest few; a key on fields an earlier one already reads adds little
function pickKeys(keys: readonly RuleKey[]): RuleKey[] {
  const picked: RuleKey[] = []
  const fields = new Set<string>()
  for (const key of [...keys].sort((a, b) => costOf(a) - costOf(b))) {
    if (picked.length === MAX_KEYS) break
    if (key.every((term) => fields.has(term.field))) continue

    picked.push(key)
    for (const term of key) fields.add(term.field)
  }

  return picked
}

function kqlRuleKey(node: KqlNode): RuleKey | null {
  switch (node.kind) {
    case 'and':
      return cheapest(node.children.map(kqlRuleKey))
    case 'or':
      return anyOf(node.children.map(kqlRuleKey))
    case 'is':
      return kqlIsKey(node.field, node.value)
    case 'range':
      return kqlExists(node.field)
    case 'matchAll':
    case 'nested':
    case 'not':
      return null
  }
}

function kqlIsKey(field: KqlLiteral | null, value: KqlValueExpr): RuleKey | null {
  const key = kqlTermValues(field?.text ?? null, field?.isQuoted ?? true, value)
  const exact: RuleKey | null =
    key === null ? null : [{ field: key.field, kind: 'exact', values: key.values }]

  return cheapest([exact, isKqlPositive(value) ? kqlExists(field) : null])
}

// a value only a present field can match: no lone `*` (objects count), no null, no `not`
function isKqlPositive(value: KqlValueExpr): boolean {
  return valueNeeds(value, (literal) => literal.type !== 'null' && !isLoneWildcard(literal))
}

function kqlExists(field: KqlLiteral | null): RuleKey | null {
  if (field === null || field.isQuoted || field.text.includes('*')) return null

  return existsKey(field.text)
}

// a field without a value fails every positive test on it
function existsKey(path: string): RuleKey | null {
  if (DERIVED_SUFFIX.test(path) || path === '') return null

  return [{ field: path, kind: 'exists', values: [] }]
}

function eqlKey(expr: Expression): RuleKey | null {
  switch (expr.kind) {
    case 'Logical':
      return expr.operator === 'and'
        ? cheapest(expr.operands.map(eqlKey))
        : anyOf(expr.operands.map(eqlKey))
    case 'Comparison':
      return expr.operator === '!='
        ? null
        : cheapest([
            expr.operator === '==' ? comparisonKey(expr.left, expr.right) : null,
            comparisonExists(expr.left, expr.right),
          ])
    case 'Match':
      return cheapest([
        expr.operator === 'regex' || expr.operator === 'regex~'
          ? null
          : matchKey(expr.subject, expr.patterns),
        eqlExists(expr.subject, expr.patterns),
      ])
    case 'In':
      return expr.isNegated
        ? null
        : cheapest([exactKey(expr.subject, expr.values), eqlExists(expr.subject, expr.values)])
    case 'Arithmetic':
    case 'Field':
    case 'FunctionCall':
    case 'Literal':
    case 'Negate':
    case 'Not':
      return null
  }
}

function comparisonKey(left: Expression, right: Expression): RuleKey | null {
  if (left.kind === 'Field') return exactKey(left, [right])
  if (right.kind === 'Field') return exactKey(right, [left])

  return null
}

// `field op literal` (not `!=`) is null, so false, when the field has no value
function comparisonExists(left: Expression, right: Expression): RuleKey | null {
  if (left.kind === 'Field') return eqlExists(left, [right])
  if (right.kind === 'Field') return eqlExists(right, [left])

  return null
}

function eqlExists(subject: Expression, values: readonly Expression[]): RuleKey | null {
  if (subject.kind !== 'Field' || values.length === 0) return null
  if (values.some((v) => v.kind !== 'Literal' || v.value === null)) return null

  return existsKey(subject.path)
}

// string literals on a keyword field, or integers on an integer field (see integerKeyText)
function exactKey(subject: Expression, literals: readonly Expression[]): RuleKey | null {
  if (subject.kind !== 'Field' || literals.length === 0) return null

  const isInteger = isIntegerKeyField(subject.path)
  if (!isInteger && !isEqlKeyField(subject.path)) return null

  const values = literals.map(isInteger ? integerLiteral : literalString)
  if (values.some((v) => v === null)) return null

  return [{ field: subject.path, kind: 'exact', values: lowered(values as string[]) }]
}

// only numbers: how a string compares with an integer field is left to the engine
function integerLiteral(expr: Expression): string | null {
  if (expr.kind !== 'Literal' || typeof expr.value !== 'number') return null

  return integerLiteralKey(expr.value) ?? null
}

// each pattern gives an exact value, a prefix or a suffix; one pattern without any keys nothing
function matchKey(subject: Expression, patterns: readonly Literal[]): RuleKey | null {
  if (subject.kind !== 'Field' || !isEqlKeyField(subject.path)) return null

  const terms: KeyTerm[] = []
  for (const pattern of patterns) {
    if (typeof pattern.value !== 'string') return null

    const term = patternTerm(subject.path, pattern.value)
    if (term === null) return null

    terms.push(term)
  }

  return terms.length === 0 ? null : merged(terms)
}

// the cheapest of the literal run before the first wildcard, the one after the last, and the
// longest ASCII run between them (every one of which a matching value holds)
function patternTerm(field: string, pattern: string): KeyTerm | null {
  const first = pattern.search(/[*?]/)
  if (first === -1) return { field, kind: 'exact', values: [pattern.toLowerCase()] }

  const last = Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?'))
  const options: KeyTerm[] = [
    { field, kind: 'suffix', values: [asciiTail(pattern.slice(last + 1).toLowerCase())] },
    { field, kind: 'prefix', values: [asciiHead(pattern.slice(0, first).toLowerCase())] },
    { field, kind: 'contains', values: [longestInfix(pattern.slice(first, last + 1))] },
  ]
  const usable = options.filter(({ kind, values: [value = ''] }) =>
    kind === 'contains' ? value.length >= MIN_INFIX : value !== '',
  )

  return cheapest(usable.map((term) => [term]))?.[0] ?? null
}

function longestInfix(middle: string): string {
  let longest = ''
  for (const run of middle.toLowerCase().split(/[*?]|[^\x20-\x7e]+/))
    if (run.length > longest.length) longest = run

  return longest
}

// non-ASCII characters may change length or context when lower-cased: they are cut off
function asciiHead(text: string): string {
  let end = 0
  while (end < text.length && ASCII_ONLY.test(text.charAt(end))) end++

  return text.slice(0, end)
}

function asciiTail(text: string): string {
  let start = text.length
  while (start > 0 && ASCII_ONLY.test(text.charAt(start - 1))) start--

  return text.slice(start)
}

function literalString(expr: Expression): string | null {
  return expr.kind === 'Literal' && typeof expr.value === 'string' ? expr.value : null
}

// every alternative must be keyed; their terms add up
function anyOf(keys: readonly (RuleKey | null)[]): RuleKey | null {
  if (keys.length === 0 || keys.some((k) => k === null)) return null

  return merged(keys.flatMap((k) => k ?? []))
}

// any one conjunct's key is necessary: the cheapest is kept
function cheapest(keys: readonly (RuleKey | null)[]): RuleKey | null {
  let best: RuleKey | null = null
  let bestCost = Number.POSITIVE_INFINITY
  for (const key of keys) {
    if (key === null) continue

    const cost = costOf(key)
    if (cost < bestCost) {
      best = key
      bestCost = cost
    }
  }

  return best
}

function costOf(key: RuleKey): number {
  let cost = 0
  for (const term of key) {
    if (term.kind === 'exists') {
      cost += existsCost(term.field)
      continue
    }

    const factor = isUnselective(term.field) ? UNSELECTIVE_FACTOR : 1
    for (const value of term.values) cost += factor * valueCost(term.kind, value)
  }

  return cost
}

// fields most events share a few values of: the OS, event kinds, and counts (`args_count`)
function isUnselective(field: string): boolean {
  return COMMON_VALUE_FIELDS.has(field) || COUNT_FIELD.test(field)
}

function existsCost(field: string): number {
  const root = topLevelKey(field)

  return COMMON_ROOTS.has(root) ? COMMON_EXISTS_COST : RARE_EXISTS_COST
}

function valueCost(kind: KeyKind, value: string): number {
  if (kind === 'exact') return EXACT_COST

  // longer literals are rarer: a directory or file name of ten characters or more is held by few
  if (value.length >= PATH_AFFIX && !isCommonPathPart(value)) {
    return kind === 'contains' ? PATH_AFFIX_COST * PATH_INFIX_FACTOR : PATH_AFFIX_COST
  }

  const cost = value.length >= LONG_AFFIX ? LONG_AFFIX_COST : SHORT_AFFIX_COST

  // a value holds a short run in more places than at its ends
  return kind === 'contains' ? cost + INFIX_EXTRA_COST : cost
}

function isCommonPathPart(value: string): boolean {
  return COMMON_PATHS.some((path) => path.includes(value))
}

// terms on the same field and kind join into one
function merged(terms: readonly KeyTerm[]): RuleKey {
  const byTerm = new Map<string, { field: string; kind: KeyKind; values: Set<string> }>()
  for (const term of terms) {
    const id = `${term.kind}\u0000${term.field}`
    const entry = byTerm.get(id) ?? { field: term.field, kind: term.kind, values: new Set() }
    for (const value of term.values) entry.values.add(value)
    byTerm.set(id, entry)
  }

  return [...byTerm.values()].map((e) => ({ field: e.field, kind: e.kind, values: [...e.values] }))
}

function lowered(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.toLowerCase()))]
}
