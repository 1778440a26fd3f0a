import type { EcsEvent } from '../ecs/index.ts'
import { getFieldValues } from '../ecs/index.ts'
import type { Span } from '../syntax/index.ts'
import { contradiction } from './eql-event.ts'
import { fieldsOfFormula } from './eql-filter.ts'
import type { Assignment } from './event.ts'
import { withValue } from './event.ts'
import type { Formula } from './formula.ts'
import { ABSENT, evaluateFormula } from './formula.ts'
import type { Random } from './random.ts'
import type { Solution } from './solve.ts'
import { solveFormula } from './solve.ts'
import { defaultValue, valueKindOf, variantsOf } from './values.ts'

/** One step of a sequence or one filter of a sample, ready to solve. */
export interface StepSpec {
  readonly formula: Formula
  /** the join-key fields, shared keys first */
  readonly keyFields: readonly string[]
  readonly isMissing: boolean
  readonly span: Span
}

/** Solutions of every step (null for missing steps) sharing one value per join-key position. */
export interface StepSolutions {
  readonly solutions: readonly (Solution | null)[]
  readonly keyValues: readonly unknown[]
}

/** Solves the steps in order, fixing each join-key position at the first value chosen for it. */
export function solveSteps(specs: readonly StepSpec[], random: Random): StepSolutions {
  const keyValues: unknown[] = []
  const solutions = specs.map((spec) => {
    if (spec.isMissing) return null
    const solution = solveStep(spec, keyValues, random)
    if (solution === null) throw contradiction(spec.span)

    return solution
  })

  return { solutions, keyValues }
}

function solveStep(spec: StepSpec, keyValues: unknown[], random: Random): Solution | null {
  const mentioned = fieldsOfFormula(spec.formula)
  spec.keyFields.forEach((field, k) => {
    if (keyValues[k] === undefined && !mentioned.has(field))
      keyValues[k] = keyDefault(field, k, random)
  })

  const first = solveFormula(spec.formula, random, keyAssignment(spec, keyValues))
  if (first === null) return null

  let isComplete = true
  spec.keyFields.forEach((field, k) => {
    if (keyValues[k] !== undefined) return
    const chosen = first.values.get(field)
    isComplete &&= chosen !== undefined && chosen !== ABSENT
    keyValues[k] = isComplete ? chosen : keyDefault(field, k, random)
  })

  return isComplete ? first : solveFormula(spec.formula, random, keyAssignment(spec, keyValues))
}

/** The fixed values of a step's key fields for the key values known so far. */
export function keyAssignment(spec: StepSpec, keyValues: readonly unknown[]): Map<string, unknown> {
  const fixed = new Map<string, unknown>()
  spec.keyFields.forEach((field, k) => {
    if (keyValues[k] !== undefined) fixed.set(field, keyValues[k])
  })

  return fixed
}

function keyDefault(field: string, k: number, random: Random): unknown {
  const value = defaultValue(field, random)

  return typeof value === 'string' && valueKindOf(field) === 'string'
    ? `${value}-${String(k)}`
    : value
}

/**
 * The step's solution with the join key at position `k` changed (re-solved so the step's own
 * condition still holds), or null when the condition pins the key.
 */
export function withOtherKey(
  spec: StepSpec,
  keyValues: readonly unknown[],
  k: number,
  random: Random,
): Assignment | null {
  const field = spec.keyFields[k]
  if (field === undefined) return null

  for (const other of variantsOf(keyValues[k], field, random)) {
    if (other === keyValues[k]) continue
    const keys = keyValues.map((v, i) => (i === k ? other : v))
    const solution = solveFormula(spec.formula, random, keyAssignment(spec, keys))
    if (solution !== null) return withValue(solution.values, field, other)
  }

  return null
}

/** The join-key tuple of an event for a step, as text (null when a key is missing). */
export function keyOf(spec: StepSpec, event: EcsEvent): string | null {
  const values = spec.keyFields.map((f) => getFieldValues(event, f)[0])
  if (values.some((v) => v === undefined)) return null

  return JSON.stringify(values)
}

/** Whether an event passes a step: its condition holds and its keys are present. */
export function passesStep(spec: StepSpec, event: EcsEvent): boolean {
  return evaluateFormula(spec.formula, event) && keyOf(spec, event) !== null
}
