import type { FilterPlan, JoinKeyExtractor, JoinValue, SequencePlan } from '../compile/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
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

/** Bits of a step mask: one per distinct step filter, and one for `until`. */
const MAX_MASK_BITS = 30

interface Check {
  readonly filter: FilterPlan
  readonly keys: JoinKeyExtractor
}

/**
 * Evaluates every step (and `until`) of a sequence for one event, once per distinct filter and
 * key extractor: `runs=N` expands to N steps sharing them, so identical work is not repeated.
 * The filters can also be tested apart from the keys ({@link stepMask}): a caller that tests
 * them while it reads the event keeps one number, and the keys are read only at the end.
 */
export class SequenceEvaluator {
  readonly #checks: readonly Check[]
  readonly #firstSame: readonly number[]
  readonly #until: Check | null
  /** Per step: its bit in a step mask (the bit of the first step with the same check). */
  readonly #bits: readonly number[]
  readonly #untilBit: number
  /** The bits of the positive (not missing) steps: a sequence needs an event with each. */
  readonly positiveBits: number
  /** Whether step masks can be used: few enough distinct checks. */
  readonly canMask: boolean

  constructor(plan: SequencePlan) {
    this.#checks = plan.steps
    this.#firstSame = plan.steps.map((step, i) =>
      plan.steps.findIndex(
        (other, j) => j <= i && other.filter === step.filter && other.keys === step.keys,
      ),
    )
    this.#until = plan.until
    const distinct = [...new Set(this.#firstSame)]
    this.#bits = this.#firstSame.map((first) => 1 << distinct.indexOf(first))
    this.#untilBit = 1 << distinct.length
    this.positiveBits = plan.steps.reduce(
      (bits, step, i) => (step.isMissing ? bits : bits | (this.#bits[i] ?? 0)),
      0,
    )
    this.canMask = distinct.length + 1 <= MAX_MASK_BITS
  }

  /**
   * Whether events whose step masks together give `masks` (their bitwise or) can complete a
   * sequence at all: some event must pass each positive step's filter.
   */
  canComplete(masks: number): boolean {
    return (masks & this.positiveBits) === this.positiveBits
  }

  /** The candidate for an event, or null when the event matches no part of the sequence. */
  evaluate(event: EngineEvent): SequenceCandidate | null {
    return this.#evaluate(event, -1)
  }

  /**
   * Which step filters (and `until`) hold for a document, as bits; 0 when none does. Only
   * when {@link canMask}. The step of `known` (a bit the caller already found unset) is not
   * tested again.
   */
  stepMask(source: EcsEvent, known = 0): number {
    let mask = 0
    for (let i = 0; i < this.#checks.length; i++) {
      if ((this.#firstSame[i] ?? i) < i || this.#bits[i] === known) continue

      if (this.#checks[i]?.filter.matches(source) === true) mask |= this.#bits[i] ?? 0
    }

    if (this.#until?.filter.matches(source) === true) mask |= this.#untilBit

    return mask
  }

  /** Whether the step filter of `bit` (one bit of a step mask, not `until`'s) holds. */
  passesStep(bit: number, source: EcsEvent): boolean {
    const i = this.#bits.indexOf(bit)

    return i !== -1 && this.#checks[i]?.filter.matches(source) === true
  }

  /** {@link evaluate} for an event whose filters gave `mask`: only the keys are read. */
  evaluateMasked(event: EngineEvent, mask: number): SequenceCandidate | null {
    return this.#evaluate(event, mask)
  }

  // a mask of -1 tests every filter
  #evaluate(event: EngineEvent, mask: number): SequenceCandidate | null {
    // most events match nothing: allocate the per-step array only on the first match
    let steps: (KeyTuples | null)[] | null = null
    const count = this.#checks.length
    for (let i = 0; i < count; i++) {
      const same = this.#firstSame[i] ?? i
      const isMasked = mask !== -1 && (mask & (this.#bits[i] ?? 0)) === 0
      const keys =
        same < i || isMasked
          ? (steps?.[same] ?? null)
          : evaluateCheck(this.#checks[i], event, mask !== -1)
      if (keys === null) continue

      steps ??= new Array<KeyTuples | null>(count).fill(null)
      steps[i] = keys
    }

    const isUntilMasked = mask !== -1 && (mask & this.#untilBit) === 0
    const until =
      this.#until === null || isUntilMasked ? null : evaluateCheck(this.#until, event, mask !== -1)
    if (steps === null && until === null) return null

    return { event, steps: steps ?? new Array<KeyTuples | null>(count).fill(null), until }
  }
}

function evaluateCheck(
  check: Check | undefined,
  event: EngineEvent,
  isKnownMatch: boolean,
): KeyTuples | null {
  if (check === undefined) return null
  if (!isKnownMatch && !check.filter.matches(event.source)) return null

  const keys = check.keys(event.source)

  return keys === null || keys.length === 0 ? null : keys
}
