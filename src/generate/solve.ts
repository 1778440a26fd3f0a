import type { EcsEvent } from '../ecs/index.ts'
import type { Assignment } from './event.ts'
import { buildEvent, withValue } from './event.ts'
import type { Formula, Literal, ProposeContext } from './formula.ts'
import { ABSENT, conjunctions, evaluateFormula } from './formula.ts'
import type { Random } from './random.ts'
import { parseIp } from './ip.ts'
import type { ValueKind } from './values.ts'
import { defaultValue, valueKindOf } from './values.ts'

// a value the field's type cannot index would be dropped (ignore_malformed), not matched
const FITS_KIND: Readonly<Record<ValueKind, (value: unknown) => boolean>> = {
  string: () => true,
  number: (v) =>
    typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))),
  float: (v) =>
    typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))),
  ip: (v) => typeof v === 'string' && parseIp(v) !== null,
  date: (v) => typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Date.parse(v))),
  boolean: (v) => typeof v === 'boolean' || v === 'true' || v === 'false',
}

/** A satisfying assignment and the literals it was solved for (the flips of a near miss). */
export interface Solution {
  readonly values: Assignment
  readonly literals: readonly Literal[]
}

// conjunctions tried before giving up: enough for every `or` the rule library nests
const BUDGET = 400

/**
 * Finds field values that make the formula true, trying its conjunctions in order. `fixed`
 * values (join keys, the category) are merged in and must not be contradicted.
 */
export function solveFormula(
  formula: Formula,
  random: Random,
  fixed: Assignment = new Map(),
): Solution | null {
  let tries = 0
  for (const literals of conjunctions(formula)) {
    if (++tries > BUDGET) return null
    const values = solveLiterals(literals, random, fixed)
    if (values !== null && evaluateFormula(formula, buildEvent(values))) return { values, literals }
  }

  return null
}

/** Solves each field of a conjunction on its own; null when some field has no value. */
export function solveLiterals(
  literals: readonly Literal[],
  random: Random,
  fixed: Assignment,
): Map<string, unknown> | null {
  const byField = new Map<string, Literal[]>()
  for (const literal of literals) {
    const list = byField.get(literal.atom.field) ?? []
    list.push(literal)
    byField.set(literal.atom.field, list)
  }

  const values = new Map(fixed)
  for (const [field, list] of orderByReads(byField, fixed)) {
    const only = fixed.has(field) ? [fixed.get(field)] : undefined
    const value = solveField(field, list, random, only, values)
    if (value === undefined) return null
    if (field !== '') values.set(field, value)
  }

  return values
}

// fields another atom reads (`startsWith(a, b)` reads b) are solved first, present by default
function orderByReads(
  byField: ReadonlyMap<string, Literal[]>,
  fixed: Assignment,
): [string, Literal[]][] {
  const reads = new Set([...byField.values()].flat().flatMap((l) => l.atom.reads ?? []))
  const first: [string, Literal[]][] = [...reads]
    .filter((f) => !fixed.has(f))
    .map((f) => [f, byField.get(f) ?? []])
  const rest = [...byField].filter(([f]) => !reads.has(f) || fixed.has(f))

  return [...first, ...rest]
}

/** A value of one field satisfying all its literals, or undefined. */
export function solveField(
  field: string,
  literals: readonly Literal[],
  random: Random,
  only?: readonly unknown[],
  peers: Assignment = new Map(),
): unknown {
  const passes = (value: unknown): boolean => {
    const event = eventOf(field, value, peers)

    return literals.every((l) => l.atom.test(event) === l.wanted)
  }

  const context: ProposeContext = {
    random,
    peers,
    minLength: Math.max(0, ...literals.map((l) => (l.wanted ? (l.atom.minLength ?? 0) : 0))),
  }
  const candidates = only ?? candidatesFor(field, literals, context)
  const single = candidates.find(passes)
  if (single !== undefined || only !== undefined) return single

  return arrayCandidate(field, literals, context, passes)
}

function candidatesFor(
  field: string,
  literals: readonly Literal[],
  context: ProposeContext,
): unknown[] {
  const wanted = literals.filter((l) => l.wanted).flatMap((l) => l.atom.propose(context, true))
  const unwanted = literals.filter((l) => !l.wanted).flatMap((l) => l.atom.propose(context, false))
  const all = [
    ...mergePatterns(literals, context),
    ...wanted,
    ...unwanted,
    defaultValue(field, context.random),
    ABSENT,
  ]
  const seen = new Set<string>()
  const fits = FITS_KIND[valueKindOf(field)]

  return all.filter((v) => {
    if (v !== ABSENT && !fits(v)) return false
    const key = v === ABSENT ? '\u0000absent' : JSON.stringify(v)
    if (seen.has(key)) return false
    seen.add(key)

    return true
  })
}

// two wanted patterns on one field: fill the last wildcard of one with a value of the other
function mergePatterns(literals: readonly Literal[], context: ProposeContext): unknown[] {
  const wanted = literals.filter((l) => l.wanted)
  if (wanted.length < 2) return []

  const firsts = wanted
    .map((l) => l.atom.propose(context, true)[0])
    .filter((v) => typeof v === 'string')
  const out: string[] = []
  for (const a of firsts) for (const b of firsts) if (a !== b) out.push(`${a}${b}`, `${a} ${b}`)

  return out
}

// a multi-valued field: one element per wanted literal, each avoiding every unwanted one
function arrayCandidate(
  field: string,
  literals: readonly Literal[],
  context: ProposeContext,
  passes: (value: unknown) => boolean,
): unknown {
  const avoid = literals.filter((l) => !l.wanted)
  const elements: unknown[] = []
  for (const literal of literals.filter((l) => l.wanted)) {
    const element = literal.atom
      .propose(context, true)
      .find(
        (v) =>
          v !== ABSENT &&
          [literal, ...avoid].every(
            (l) => l.atom.test(eventOf(field, v, context.peers)) === l.wanted,
          ),
      )
    if (element === undefined) return undefined
    if (!elements.includes(element)) elements.push(element)
  }

  return elements.length > 1 && passes(elements) ? elements : undefined
}

function eventOf(field: string, value: unknown, peers: Assignment): EcsEvent {
  return buildEvent(withValue(peers, field, value))
}

/** A near miss: one literal of the solution flipped, or its field removed. */
export interface NearMiss {
  readonly values: Assignment
  readonly description: string
}

/**
 * Near misses of a solution: for each literal, the same event with only that literal's field
 * changed so the literal flips, kept when the whole formula then fails.
 */
export function nearMisses(
  formula: Formula,
  solution: Solution,
  random: Random,
  protect: ReadonlySet<string>,
): NearMiss[] {
  const out: NearMiss[] = []
  const seen = new Set<string>()
  for (const literal of solution.literals) {
    const field = literal.atom.field
    if (field === '' || protect.has(field)) continue
    const same = solution.literals.filter((l) => l.atom.field === field && l !== literal)
    const flipped = solveField(
      field,
      [...same, { atom: literal.atom, wanted: !literal.wanted }],
      random,
      undefined,
      solution.values,
    )
    const miss =
      flipped === undefined ? null : tryMiss(formula, solution, field, flipped, literal, seen)
    if (miss !== null) out.push(miss)
  }

  return out
}

function tryMiss(
  formula: Formula,
  solution: Solution,
  field: string,
  value: unknown,
  literal: Literal,
  seen: Set<string>,
): NearMiss | null {
  const values = withValue(solution.values, field, value)
  const key = `${field}=${JSON.stringify(value === ABSENT ? null : value)}`
  if (seen.has(key) || evaluateFormula(formula, buildEvent(values))) return null
  seen.add(key)
  const shown = value === ABSENT ? 'removed' : `set to ${JSON.stringify(value)}`
  const verb = literal.wanted ? 'made false' : 'made true'

  return { values, description: `${verb}: ${literal.atom.text} (${field} ${shown})` }
}
