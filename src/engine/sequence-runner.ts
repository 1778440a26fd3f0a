import type { SequencePlan } from '../compile/index.ts'
import { SequenceEvaluator } from './candidate.ts'
import type { SequenceCandidate } from './candidate.ts'
import type { EngineEvent } from './engine-event.ts'
import { layoutSteps } from './missing.ts'
import { compareEvents } from './order.ts'
import { applyLimits } from './pipes.ts'
import type { EqlResults, SequenceResult } from './results.ts'
import { StatsCounter } from './runner-types.ts'
import type { EqlRunner, RunnerOptions, RunnerStats } from './runner-types.ts'
import { SequenceMatcher } from './sequence-matcher.ts'
import type { MatcherStats } from './sequence-matcher.ts'
import { viableCandidates } from './viable-keys.ts'

/**
 * Runs a sequence over events in any order: each pushed event is tested against every step and
 * `until` once; only the ones matching something are kept (with their key tuples). `finish`
 * drops those whose join keys miss some positive step, sorts the rest and feeds the
 * {@link SequenceMatcher}, so memory follows the matching events.
 */
export class SequenceRunner implements EqlRunner {
  readonly #plan: SequencePlan
  readonly #options: RunnerOptions
  readonly #evaluator: SequenceEvaluator
  readonly #counter = new StatsCounter()
  /** The step indices of the positive steps. */
  readonly #positives: readonly number[]
  #candidates: SequenceCandidate[] = []
  /** Events pushed with their step masks, whose keys are read only if a sequence can complete. */
  #masked: EngineEvent[] = []
  #masks: number[] = []
  /** Some event came through {@link push}: the masks alone cannot tell what was met. */
  #hasUnmasked = false
  #matcherStats: MatcherStats | null = null

  constructor(plan: SequencePlan, options: RunnerOptions = {}) {
    this.#plan = plan
    this.#options = options
    this.#evaluator = new SequenceEvaluator(plan)
    this.#positives = layoutSteps(plan).positives
  }

  push(event: EngineEvent): void {
    this.#counter.pushed++
    this.#hasUnmasked = true
    this.#hold(this.#evaluator.evaluate(event))
  }

  /**
   * Pushes an event whose step filters the caller already tested (see
   * {@link SequenceEvaluator.stepMask}): only its keys are read, in {@link finish}, and not at all
   * when no event passed some positive step (most sequence rules over most logs).
   */
  pushMasked(event: EngineEvent, mask: number): void {
    this.#counter.pushed++
    this.#masked.push(event)
    this.#masks.push(mask)
    this.#counter.hold()
  }

  // the masked events' candidates, once their masks show a sequence can complete
  #readMasked(): void {
    const events = this.#masked
    const masks = this.#masks
    this.#masked = []
    this.#masks = []
    this.#counter.release(events.length)

    const met = masks.reduce((bits, mask) => bits | mask, 0)
    if (!this.#hasUnmasked && !this.#evaluator.canComplete(met)) return

    for (let i = 0; i < events.length; i++) {
      const event = events[i]
      if (event !== undefined) this.#hold(this.#evaluator.evaluateMasked(event, masks[i] ?? -1))
    }
  }

  #hold(candidate: SequenceCandidate | null): void {
    if (candidate === null) return

    // sequences order events by time: one without a timestamp cannot take part
    if (Number.isNaN(candidate.event.timestamp)) {
      this.#counter.skippedWithoutTimestamp++

      return
    }

    this.#candidates.push(candidate)
    this.#counter.hold()
  }

  finish(): EqlResults {
    this.#readMasked()
    const held = this.#candidates
    this.#candidates = []
    const candidates = viableCandidates(held, this.#positives)
    candidates.sort((a, b) => compareEvents(a.event, b.event))

    const matcher = new SequenceMatcher(this.#plan)
    const found: SequenceResult[] = []
    for (const candidate of candidates) found.push(...matcher.advanceCandidate(candidate))
    found.push(...matcher.flush())
    this.#matcherStats = matcher.stats
    this.#counter.release(held.length)

    const sequences = applyLimits(found, this.#plan.pipes, this.#options)

    return { kind: 'sequences', sequences, total: found.length }
  }

  get stats(): RunnerStats {
    return this.#counter.snapshot()
  }

  /** The matcher's counters after {@link finish} (null before). */
  get matcherStats(): MatcherStats | null {
    return this.#matcherStats
  }
}
