import type { SequencePlan } from '../compile/index.ts'
import type { EngineEvent } from './engine-event.ts'
import { compareEvents } from './order.ts'
import type { KeyId } from './order.ts'

/** Where the steps of a sequence sit: positive steps, and the missing ones around them. */
export interface StepLayout {
  /** Plan indices of the positive steps, in order. */
  readonly positives: readonly number[]
  /** Missing steps before the first positive step. */
  readonly leading: readonly number[]
  /** `middle[j]`: missing steps between positive step j and j + 1. */
  readonly middle: readonly (readonly number[])[]
  /** Missing steps after the last positive step. */
  readonly trailing: readonly number[]
}

/** Splits a plan's steps into positive steps and leading, middle and trailing missing steps. */
export function layoutSteps(plan: SequencePlan): StepLayout {
  const positives: number[] = []
  const leading: number[] = []
  const middle: number[][] = []
  let pending: number[] = []
  plan.steps.forEach((step, i) => {
    if (step.isMissing) {
      pending.push(i)

      return
    }

    if (positives.length === 0) leading.push(...pending)
    else middle.push(pending)

    positives.push(i)
    pending = []
  })

  return { positives, leading, middle, trailing: pending }
}

/**
 * The events that matched missing steps, per step and join key, in arrival (= sorted) order.
 * Kept only as long as they can still veto a sequence: within `maxspan` of the newest event.
 */
export class MissingStore {
  readonly #byStep = new Map<number, Map<KeyId, EngineEvent[]>>()
  #size = 0

  /** Number of events held (an event counts once per step and key). */
  get size(): number {
    return this.#size
  }

  record(step: number, key: KeyId, event: EngineEvent): void {
    let byKey = this.#byStep.get(step)
    if (byKey === undefined) {
      byKey = new Map()
      this.#byStep.set(step, byKey)
    }

    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [event])
    else list.push(event)

    this.#size++
  }

  events(step: number, key: KeyId): readonly EngineEvent[] {
    return this.#byStep.get(step)?.get(key) ?? []
  }

  /** Drops events older than `minTimestamp`. */
  prune(minTimestamp: number): void {
    for (const byKey of this.#byStep.values()) {
      for (const [key, list] of byKey) {
        let drop = 0
        while (drop < list.length && (list[drop]?.timestamp ?? 0) < minTimestamp) drop++
        if (drop === 0) continue

        this.#size -= drop
        if (drop === list.length) byKey.delete(key)
        else list.splice(0, drop)
      }
    }
  }
}

/** True when a middle missing step has a matching event strictly between its two neighbours. */
export function hasMiddleHit(
  store: MissingStore,
  layout: StepLayout,
  key: KeyId,
  positives: readonly EngineEvent[],
): boolean {
  return layout.middle.some((steps, j) => {
    const after = positives[j]
    const before = positives[j + 1]
    if (after === undefined || before === undefined) return false

    return steps.some((step) => hasEventBetween(store.events(step, key), after, before))
  })
}

function hasEventBetween(list: readonly EngineEvent[], after: EngineEvent, before: EngineEvent) {
  for (let i = list.length - 1; i >= 0; i--) {
    const event = list[i]
    if (event === undefined || compareEvents(event, after) <= 0) return false
    if (compareEvents(event, before) < 0) return true
  }

  return false
}

/**
 * The check for leading and trailing missing steps, which act together: the sequence is vetoed
 * only when events for every one of them exist, in step order, such that the whole sequence
 * (those events included) fits inside `maxspan`. The latest possible leading events and the
 * earliest trailing ones give the tightest fit, so a greedy pick decides it.
 */
export function hasEdgeHit(
  store: MissingStore,
  layout: StepLayout,
  key: KeyId,
  positives: readonly EngineEvent[],
  maxspanMs: number,
): boolean {
  const first = positives[0]
  const last = positives[positives.length - 1]
  if (first === undefined || last === undefined) return false
  if (layout.leading.length === 0 && layout.trailing.length === 0) return false

  const start = pickLeading(store, layout.leading, key, first)
  if (start === null) return false

  const end = pickTrailing(store, layout.trailing, key, last)
  if (end === null) return false

  return end.timestamp - start.timestamp <= maxspanMs
}

function pickLeading(
  store: MissingStore,
  steps: readonly number[],
  key: KeyId,
  first: EngineEvent,
): EngineEvent | null {
  let bound = first
  for (let s = steps.length - 1; s >= 0; s--) {
    const list = store.events(steps[s] ?? -1, key)
    const found = latestBefore(list, bound)
    if (found === null) return null

    bound = found
  }

  return bound
}

function pickTrailing(
  store: MissingStore,
  steps: readonly number[],
  key: KeyId,
  last: EngineEvent,
): EngineEvent | null {
  let bound = last
  for (const step of steps) {
    const found = earliestAfter(store.events(step, key), bound)
    if (found === null) return null

    bound = found
  }

  return bound
}

function latestBefore(list: readonly EngineEvent[], bound: EngineEvent): EngineEvent | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const event = list[i]
    if (event !== undefined && compareEvents(event, bound) < 0) return event
  }

  return null
}

function earliestAfter(list: readonly EngineEvent[], bound: EngineEvent): EngineEvent | null {
  for (const event of list) if (compareEvents(event, bound) > 0) return event

  return null
}
