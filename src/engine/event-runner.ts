import type { EventQueryPlan } from '../compile/index.ts'
import type { EngineEvent } from './engine-event.ts'
import { compareEvents } from './order.ts'
import { applyLimits, bufferBound } from './pipes.ts'
import type { ResultPosition } from './pipes.ts'
import type { EqlResults } from './results.ts'
import { StatsCounter } from './runner-types.ts'
import type { EqlRunner, RunnerOptions, RunnerStats } from './runner-types.ts'

/**
 * Runs a single-event query. Matching events are kept; when the first pipe (or `size`) bounds
 * the result, only that many from the right end survive, trimmed in batches so a push stays
 * amortised O(log n).
 */
export class EventRunner implements EqlRunner {
  readonly #plan: EventQueryPlan
  readonly #options: RunnerOptions
  readonly #bound: { readonly end: ResultPosition; readonly count: number } | null
  readonly #counter = new StatsCounter()
  #matches: EngineEvent[] = []
  #total = 0

  constructor(plan: EventQueryPlan, options: RunnerOptions = {}) {
    this.#plan = plan
    this.#options = options
    this.#bound = bufferBound(plan.pipes, options)
  }

  push(event: EngineEvent): void {
    if (this.#plan.filter.matches(event.source)) this.pushMatch(event)
    else this.#counter.pushed++
  }

  /** Pushes an event the caller already found to match the query's filter. */
  pushMatch(event: EngineEvent): void {
    this.#counter.pushed++
    this.#total++
    this.#matches.push(event)
    this.#counter.hold()
    if (this.#bound !== null && this.#matches.length > 2 * this.#bound.count + 64) this.#trim()
  }

  finish(): EqlResults {
    this.#trim()
    const events = applyLimits(this.#matches, this.#plan.pipes, this.#options)

    return { kind: 'events', events, total: this.#total }
  }

  get stats(): RunnerStats {
    return this.#counter.snapshot()
  }

  #trim(): void {
    this.#matches.sort(compareEvents)
    const bound = this.#bound
    if (bound === null || this.#matches.length <= bound.count) return

    const before = this.#matches.length
    this.#matches =
      bound.end === 'head'
        ? this.#matches.slice(0, bound.count)
        : this.#matches.slice(this.#matches.length - bound.count)
    this.#counter.release(before - this.#matches.length)
  }
}
