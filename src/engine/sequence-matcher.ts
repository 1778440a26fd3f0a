import type { JoinValue, SequencePlan } from '../compile/index.ts'
import { SequenceEvaluator } from './candidate.ts'
import type { KeyTuples, SequenceCandidate } from './candidate.ts'
import type { EngineEvent } from './engine-event.ts'
import { hasEdgeHit, hasMiddleHit, layoutSteps, MissingStore } from './missing.ts'
import type { StepLayout } from './missing.ts'
import { compareEvents, compareKeyTuples, keyId } from './order.ts'
import type { KeyId } from './order.ts'
import { MISSING } from './results.ts'
import type { SequenceResult } from './results.ts'

/** A partial sequence: the events of its first positive steps. */
interface Partial {
  readonly events: readonly EngineEvent[]
  readonly start: number
}

/** The state machine of one join key: `stages[j]` waits for positive step j + 1. */
interface KeyState {
  readonly joinKeys: readonly JoinValue[]
  readonly stages: (Partial | undefined)[]
  live: number
}

/** A completed sequence waiting for its missing-step checks, kept in completion order. */
interface Completion {
  readonly key: KeyId
  readonly joinKeys: readonly JoinValue[]
  readonly positives: readonly EngineEvent[]
  readonly deadline: number
  isSettled: boolean
  isVetoed: boolean
}

/** Counters describing how much state a matcher holds. */
export interface MatcherStats {
  readonly keys: number
  readonly partials: number
  readonly missingBuffered: number
  readonly pendingCompletions: number
  readonly peakPartials: number
  /** Events dropped because they came before the last event seen. */
  readonly outOfOrder: number
}

const SWEEP_EVERY = 1024

/**
 * Elasticsearch's sequence state machine, fed events already in order (timestamp, tiebreaker,
 * input order). Per join key, one pending partial per stage; a newer partial entering a stage
 * replaces the older one; an event extends stages from the last backwards, so it can advance
 * several partials but never chain with itself. `maxspan` is measured from the first event and
 * expires partials; `until` kills the pending partials of its key (completed ones stand). Missing steps are checked when
 * a sequence completes (a vetoed sequence still consumed its partial); trailing ones need the
 * events up to `maxspan` after the start, so those results wait until then (or {@link flush}).
 * Events out of order, or without a timestamp, are dropped (counted in {@link stats}).
 */
export class SequenceMatcher {
  readonly #plan: SequencePlan
  readonly #layout: StepLayout
  readonly #evaluator: SequenceEvaluator
  readonly #maxspan: number
  readonly #states = new Map<KeyId, KeyState>()
  readonly #missing = new MissingStore()
  readonly #queue: Completion[] = []
  #partials = 0
  #peakPartials = 0
  #sinceSweep = 0
  #sweepInterval = SWEEP_EVERY
  #now = Number.NEGATIVE_INFINITY
  #last: EngineEvent | null = null
  #outOfOrder = 0

  constructor(plan: SequencePlan) {
    this.#plan = plan
    this.#layout = layoutSteps(plan)
    this.#evaluator = new SequenceEvaluator(plan)
    this.#maxspan = plan.maxspanMs ?? Number.POSITIVE_INFINITY
    if (this.#layout.positives.length === 0) throw new Error('a sequence needs a positive step')
  }

  /** Evaluates one event (in order) and returns the sequences it completes and settles. */
  advance(event: EngineEvent): SequenceResult[] {
    const candidate = this.#evaluator.evaluate(event)

    return candidate === null ? this.#tick(event) : this.advanceCandidate(candidate)
  }

  /** Like {@link advance} for an event whose steps were already evaluated. */
  advanceCandidate(candidate: SequenceCandidate): SequenceResult[] {
    const event = candidate.event
    if (!this.#accept(event)) return []

    this.#now = event.timestamp
    this.#settleUntil(event.timestamp)
    this.#recordMissing(candidate)
    this.#complete(this.#matchPositives(candidate))
    // after the event's own matching: it may still complete a sequence, but every partial left
    // pending for its key dies, including one it just extended (ESQA test_extra *AndUntil_1/_2)
    if (candidate.until !== null) this.#applyUntil(candidate.until)
    this.#maybeSweep()

    return this.#drain()
  }

  /** Settles every waiting sequence (end of input) and returns the remaining results. */
  flush(): SequenceResult[] {
    this.#settleUntil(Number.POSITIVE_INFINITY)

    return this.#drain()
  }

  /** How much state the matcher holds now. */
  get stats(): MatcherStats {
    return {
      keys: this.#states.size,
      partials: this.#partials,
      missingBuffered: this.#missing.size,
      pendingCompletions: this.#queue.length,
      peakPartials: this.#peakPartials,
      outOfOrder: this.#outOfOrder,
    }
  }

  // order is the caller's contract; an event before the last one cannot be placed
  #accept(event: EngineEvent): boolean {
    if (Number.isNaN(event.timestamp)) return false
    if (this.#last !== null && compareEvents(event, this.#last) < 0) {
      this.#outOfOrder++

      return false
    }

    this.#last = event

    return true
  }

  #tick(event: EngineEvent): SequenceResult[] {
    if (!this.#accept(event)) return []

    this.#now = event.timestamp
    this.#settleUntil(event.timestamp)
    this.#maybeSweep()

    return this.#drain()
  }

  #recordMissing(candidate: SequenceCandidate): void {
    const steps = this.#plan.steps
    for (let i = 0; i < steps.length; i++) {
      const tuples = candidate.steps[i]
      if (tuples === null || tuples === undefined || steps[i]?.isMissing !== true) continue

      for (const tuple of tuples) this.#missing.record(i, keyId(tuple), candidate.event)
    }
  }

  #applyUntil(tuples: KeyTuples): void {
    for (const tuple of tuples) {
      const id = keyId(tuple)
      const state = this.#states.get(id)
      if (state === undefined) continue

      this.#partials -= state.live
      this.#states.delete(id)
    }
  }

  #matchPositives(candidate: SequenceCandidate): Completion[] {
    const positives = this.#layout.positives
    const done: Completion[] = []
    for (let p = positives.length - 1; p >= 0; p--) {
      const tuples = candidate.steps[positives[p] ?? -1]
      if (tuples === null || tuples === undefined) continue

      for (const tuple of tuples) this.#extend(p, tuple, candidate.event, done)
    }

    return done
  }

  #extend(p: number, tuple: readonly JoinValue[], event: EngineEvent, done: Completion[]): void {
    const id = keyId(tuple)
    const last = this.#layout.positives.length - 1
    if (p === 0) {
      const partial: Partial = { events: [event], start: event.timestamp }
      if (last === 0) done.push(this.#completion(id, tuple, partial.events))
      else this.#place(id, tuple, 0, partial)

      return
    }

    const state = this.#states.get(id)
    const previous = state?.stages[p - 1]
    if (state === undefined || previous === undefined) return

    this.#take(id, state, p - 1)
    if (event.timestamp - previous.start > this.#maxspan) return

    const events = [...previous.events, event]
    if (p === last) done.push(this.#completion(id, tuple, events))
    else this.#place(id, tuple, p, { events, start: previous.start })
  }

  #place(id: KeyId, tuple: readonly JoinValue[], stage: number, partial: Partial): void {
    let state = this.#states.get(id)
    if (state === undefined) {
      state = { joinKeys: tuple, stages: [], live: 0 }
      this.#states.set(id, state)
    }

    if (state.stages[stage] === undefined) {
      state.live++
      this.#partials++
      this.#peakPartials = Math.max(this.#peakPartials, this.#partials)
    }

    state.stages[stage] = partial
  }

  #take(id: KeyId, state: KeyState, stage: number): void {
    state.stages[stage] = undefined
    state.live--
    this.#partials--
    if (state.live === 0) this.#states.delete(id)
  }

  #completion(key: KeyId, joinKeys: readonly JoinValue[], positives: readonly EngineEvent[]) {
    const first = positives[0]?.timestamp ?? this.#now
    const completion: Completion = {
      key,
      joinKeys,
      positives,
      deadline: first + this.#maxspan,
      isSettled: false,
      isVetoed: hasMiddleHit(this.#missing, this.#layout, key, positives),
    }
    if (completion.isVetoed || this.#layout.trailing.length === 0) this.#settle(completion)

    return completion
  }

  #settle(completion: Completion): void {
    completion.isSettled = true
    if (completion.isVetoed) return

    const { key, positives } = completion
    completion.isVetoed = hasEdgeHit(this.#missing, this.#layout, key, positives, this.#maxspan)
  }

  #complete(done: Completion[]): void {
    if (done.length > 1) done.sort((a, b) => compareKeyTuples(a.joinKeys, b.joinKeys))
    for (const completion of done) this.#queue.push(completion)
  }

  #settleUntil(timestamp: number): void {
    for (const completion of this.#queue) {
      if (!completion.isSettled && completion.deadline < timestamp) this.#settle(completion)
    }
  }

  #drain(): SequenceResult[] {
    const out: SequenceResult[] = []
    while (this.#queue.length > 0 && this.#queue[0]?.isSettled === true) {
      const completion = this.#queue.shift()
      if (completion !== undefined && !completion.isVetoed) out.push(this.#result(completion))
    }

    return out
  }

  #result(completion: Completion): SequenceResult {
    const events: (EngineEvent | typeof MISSING)[] = []
    let next = 0
    for (const step of this.#plan.steps) {
      const event = step.isMissing ? MISSING : completion.positives[next++]
      if (event !== undefined) events.push(event)
    }

    return { joinKeys: completion.joinKeys, events }
  }

  #maybeSweep(): void {
    if (++this.#sinceSweep < this.#sweepInterval) return

    this.#sinceSweep = 0
    if (!Number.isFinite(this.#maxspan)) return

    const oldest = this.#now - this.#maxspan
    this.#missing.prune(oldest)
    for (const [id, state] of this.#states) {
      state.stages.forEach((partial, stage) => {
        if (partial !== undefined && partial.start < oldest) this.#take(id, state, stage)
      })
    }

    // a sweep costs O(keys): spacing sweeps by the keys left keeps it O(1) per event
    this.#sweepInterval = Math.max(SWEEP_EVERY, this.#states.size)
  }
}
