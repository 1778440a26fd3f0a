import type { FilterPlan, JoinKeyExtractor, JoinValue, SequencePlan } from '../compile/index.ts'
import type { EngineEvent } from './engine-event.ts'

/** The key tuples an event belongs to for one step. */
export type KeyTuples = readonly (readonly JoinValue[])[]

/**
 * An event that matches some part of a sequence, with what it matched: per step of the plan the
 * key tuples (null when the step does not match or the keys exclude the event), and the same
 * for `until`. This is all the batch runner keeps per event.
 */
export interface SequenceCandidate {
  readonly event: EngineEvent
  readonly steps: readonly (KeyTuples | null)[]
  readonly until: KeyTuples | null
}

interface Check {
  readonly filter: FilterPlan
  readonly keys: JoinKeyExtractor
}

/**
 * Evaluates every step (and `until`) of a sequence for one event, once per distinct filter and
 * key extractor: `runs=N` expands to N steps sharing them, so identical work is not repeated.
 */
export class SequenceEvaluator {
  readonly #checks: readonly Check[]
  readonly #firstSame: readonly number[]
  readonly #until: Check | null

  constructor(plan: SequencePlan) {
    this.#checks = plan.steps
    this.#firstSame = plan.steps.map((step, i) =>
      plan.steps.findIndex(
        (other, j) => j <= i && other.filter === step.filter && other.keys === step.keys,
      ),
    )
    this.#until = plan.until
  }

  /** The candidate for an event, or null when the event matches no part of the sequence. */
  evaluate(event: EngineEvent): SequenceCandidate | null {
    // most events match nothing: allocate the per-step array only on the first match
    let steps: (KeyTuples | null)[] | null = null
    const count = this.#checks.length
    for (let i = 0; i < count; i++) {
      const same = this.#firstSame[i] ?? i
      const keys = same < i ? (steps?.[same] ?? null) : evaluateCheck(this.#checks[i], event)
      if (keys === null) continue

      steps ??= new Array<KeyTuples | null>(count).fill(null)
      steps[i] = keys
    }

    const until = this.#until === null ? null : evaluateCheck(this.#until, event)
    if (steps === null && until === null) return null

    return { event, steps: steps ?? new Array<KeyTuples | null>(count).fill(null), until }
  }
}

function evaluateCheck(check: Check | undefined, event: EngineEvent): KeyTuples | null {
  if (check === undefined || !check.filter.matches(event.source)) return null

  const keys = check.keys(event.source)

  return keys === null || keys.length === 0 ? null : keys
}
