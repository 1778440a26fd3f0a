import type { Expression, Literal } from '../eql/ast.ts'
import { lowerRoot } from './case-fold.ts'
import { fieldKindOf } from './field.ts'

/** A text the raw JSON line must contain: as written, or lower-cased when `isCaseInsensitive`. */
export interface Needle {
  readonly text: string
  readonly isCaseInsensitive: boolean
}

/** At least one of the needles must occur. */
export type Requirement = readonly Needle[]

/** Every requirement must hold (empty: the expression constrains nothing). */
export type Conjunction = readonly Requirement[]

const MIN_NEEDLE = 3
const NUMBER_LIKE = /^[0-9.eE+-]*$/

/**
 * The literals a matching event's line must contain, derived from a condition. Only positive
 * string tests on fields give requirements (`==`, `:`, `like`, `like~`, `in`, `in~`); `not`,
 * `!=`, ordering, functions and regex give none; `or` needs every branch constrained.
 */
export function requirementsOf(expr: Expression): Conjunction {
  switch (expr.kind) {
    case 'Logical':
      return expr.operator === 'and'
        ? expr.operands.flatMap(requirementsOf)
        : orRequirements(expr.operands)
    case 'Comparison':
      return comparisonRequirements(expr)
    case 'Match':
      return expr.operator === 'regex' || expr.operator === 'regex~' ? [] : matchRequirements(expr)
    case 'In':
      return expr.isNegated || expr.subject.kind !== 'Field'
        ? []
        : literalAlternatives(expr.values, expr.isCaseInsensitive, expr.subject.path)
    case 'Literal':
    case 'Field':
    case 'Not':
    case 'Negate':
    case 'Arithmetic':
    case 'FunctionCall':
      return []
  }
}

function orRequirements(operands: readonly Expression[]): Conjunction {
  const needles: Needle[] = []
  for (const operand of operands) {
    const best = rarest(requirementsOf(operand))
    if (best === undefined) return []

    needles.push(...best)
  }

  return [needles]
}

function comparisonRequirements(expr: Expression & { kind: 'Comparison' }): Conjunction {
  if (expr.operator !== '==') return []

  const [field, literal] =
    expr.left.kind === 'Field' ? [expr.left, expr.right] : [expr.right, expr.left]
  if (field.kind !== 'Field' || literal.kind !== 'Literal') return []

  return literalAlternatives([literal], false, field.path)
}

function literalAlternatives(
  values: readonly Expression[],
  isCaseInsensitive: boolean,
  path?: string,
): Conjunction {
  if (path !== undefined && !isTextKind(path)) return []

  const needles: Needle[] = []
  for (const value of values) {
    if (value.kind !== 'Literal' || typeof value.value !== 'string') return []

    const quoted = isQuotable(value.value) ? { atStart: true, atEnd: true } : INSIDE
    const needle = needleOf(value.value, isCaseInsensitive, quoted)
    if (needle === null) return []

    needles.push(needle)
  }

  return needles.length === 0 ? [] : [needles]
}

// ip, date and numeric fields match values whose text differs from the literal
function isTextKind(path: string): boolean {
  const kind = fieldKindOf(path)

  return kind === 'string' || kind === 'json'
}

function matchRequirements(expr: Expression & { kind: 'Match' }): Conjunction {
  if (expr.subject.kind !== 'Field') return []

  const isCaseInsensitive = expr.operator !== 'like'
  const needles: Needle[] = []
  for (const pattern of expr.patterns) {
    const needle = patternNeedle(pattern, isCaseInsensitive)
    if (needle === null) return []

    needles.push(needle)
  }

  return needles.length === 0 ? [] : [needles]
}

// only the literal runs between `*` and `?` are required; the longest usable one is kept
function patternNeedle(pattern: Literal, isCaseInsensitive: boolean): Needle | null {
  const text = String(pattern.value)
  const fragments = text.split(/[*?]/)
  const quotable = isQuotable(text)
  let best: Needle | null = null
  fragments.forEach((fragment, i) => {
    const edges = { atStart: quotable && i === 0, atEnd: quotable && i === fragments.length - 1 }
    const needle = needleOf(fragment, isCaseInsensitive, edges)
    if (needle !== null && (best === null || needle.text.length > best.text.length)) best = needle
  })

  return best
}

// a number or boolean in a keyword field matches as its text, which JSON does not quote: only
// patterns that no such text can match may require the surrounding quotes
function isQuotable(text: string): boolean {
  return /[^0-9.eE+\-*?truefalsTRUEFALS]/.test(text)
}

/** Where a fragment sits in the whole value: at its start and/or end, next to the JSON quotes. */
export interface FragmentEdges {
  readonly atStart: boolean
  readonly atEnd: boolean
}

const INSIDE: FragmentEdges = { atStart: false, atEnd: false }

/**
 * The JSON text a value fragment is sure to appear as: `\` and `"` escaped, and split at
 * characters a JSON writer may escape differently (controls, `/`) and, when case-insensitive,
 * at non-ASCII characters (their case folding is not one-to-one); the longest piece is kept,
 * with the string's quote when the piece starts or ends the whole value.
 */
export function needleOf(
  fragment: string,
  isCaseInsensitive: boolean,
  edges: FragmentEdges = INSIDE,
): Needle | null {
  const folded = isCaseInsensitive ? lowerRoot(fragment) : fragment
  const pieces = safePieces(folded, isCaseInsensitive)
  let best = ''
  pieces.forEach((piece, i) => {
    const escaped = piece.replace(/[\\"]/g, (c) => `\\${c}`)
    if (escaped.length < MIN_NEEDLE || NUMBER_LIKE.test(escaped)) return

    const open = edges.atStart && i === 0 ? '"' : ''
    const close = edges.atEnd && i === pieces.length - 1 ? '"' : ''
    const text = `${open}${escaped}${close}`
    if (text.length > best.length) best = text
  })

  return best === '' ? null : { text: best, isCaseInsensitive }
}

// controls (escaped as \n, \u0001, ...), `/` (may be written `\/`), and non-ASCII when folding
function isUnsafe(code: number, isCaseInsensitive: boolean): boolean {
  return code < 0x20 || code === 0x2f || (isCaseInsensitive && code >= 0x7f)
}

function safePieces(text: string, isCaseInsensitive: boolean): string[] {
  const pieces: string[] = []
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || isUnsafe(text.charCodeAt(i), isCaseInsensitive)) {
      pieces.push(text.slice(start, i))
      start = i + 1
    }
  }

  return pieces
}

const COMMON = new Set([
  'process',
  'windows',
  'system32',
  '.exe',
  'true',
  'false',
  'file',
  'network',
  'registry',
  'c:\\\\windows',
])

/** A rough rarity score: longer and less common literals first. */
export function rarity(requirement: Requirement): number {
  let worst = Infinity
  for (const needle of requirement) {
    const text = needle.text.toLowerCase()
    const score = text.length - (COMMON.has(text.replace(/^"|"$/g, '')) ? 6 : 0)
    worst = Math.min(worst, score)
  }

  return worst - Math.log2(Math.max(1, requirement.length))
}

/** The requirement most likely to fail on a random line. */
export function rarest(conjunction: Conjunction): Requirement | undefined {
  let best: Requirement | undefined
  for (const requirement of conjunction) {
    if (best === undefined || rarity(requirement) > rarity(best)) best = requirement
  }

  return best
}

/** The requirement a category check adds: the quoted category name. */
export function categoryRequirement(category: string): Requirement | null {
  if (NUMBER_LIKE.test(category) || category === 'true' || category === 'false') return null

  const needle = needleOf(category, false)
  if (needle === null || needle.text !== category) return null

  return [{ text: `"${needle.text}"`, isCaseInsensitive: false }]
}
