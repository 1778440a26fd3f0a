import type { JoinValue, SamplePlan } from '../compile/index.ts'
import type { EngineEvent } from './engine-event.ts'
import { compareEvents, compareKeyTuples, keyId } from './order.ts'
import type { KeyId } from './order.ts'
import type { EqlResults, SequenceResult } from './results.ts'
import { StatsCounter } from './runner-types.ts'
import type { EqlRunner, RunnerOptions, RunnerStats } from './runner-types.ts'

/** The events of one join-key set, per filter, the earliest few only. */
interface SampleGroup {
  readonly joinKeys: readonly JoinValue[]
  readonly perFilter: EngineEvent[][]
}

/**
 * Runs a `sample`: events are grouped by join-key set per filter, no timestamp needed. A sample
 * takes one distinct event per filter (listed in filter order); up to `maxSamplesPerKey` samples
 * per key set, picked in order of the events (earliest first); samples come out sorted by their
 * join-key values (null first), at most `size`. Per key set and filter only the first
 * `maxSamplesPerKey + filters - 1` events can ever be picked, so no more are kept.
 */
export class SampleRunner implements EqlRunner {
  readonly #plan: SamplePlan
  readonly #options: RunnerOptions
  readonly #perKey: number
  readonly #keep: number
  readonly #groups = new Map<KeyId, SampleGroup>()
  readonly #counter = new StatsCounter()

  constructor(plan: SamplePlan, options: RunnerOptions = {}) {
    this.#plan = plan
    this.#options = options
    this.#perKey = Math.max(1, Math.floor(options.maxSamplesPerKey ?? 1))
    this.#keep = this.#perKey + plan.filters.length - 1
  }

  push(event: EngineEvent): void {
    this.#counter.pushed++
    this.#plan.filters.forEach((filter, index) => {
      if (!filter.filter.matches(event.source)) return

      const tuples = filter.keys(event.source)
      if (tuples === null) return

      for (const tuple of tuples) this.#add(index, tuple, event)
    })
  }

  finish(): EqlResults {
    const groups = [...this.#groups.values()].sort((a, b) =>
      compareKeyTuples(a.joinKeys, b.joinKeys),
    )
    const limit = this.#options.size ?? Number.POSITIVE_INFINITY
    const samples: SequenceResult[] = []
    let total = 0
    for (const group of groups) {
      for (const events of pickSamples(group.perFilter, this.#perKey)) {
        total++
        if (samples.length < limit) samples.push({ joinKeys: group.joinKeys, events })
      }
    }

    return { kind: 'sequences', sequences: samples, total }
  }

  get stats(): RunnerStats {
    return this.#counter.snapshot()
  }

  #add(filter: number, tuple: readonly JoinValue[], event: EngineEvent): void {
    const id = keyId(tuple)
    let group = this.#groups.get(id)
    if (group === undefined) {
      group = { joinKeys: tuple, perFilter: this.#plan.filters.map(() => []) }
      this.#groups.set(id, group)
    }

    const list = group.perFilter[filter]
    if (list === undefined) return

    this.#insertBounded(list, event)
  }

  #insertBounded(list: EngineEvent[], event: EngineEvent): void {
    let at = list.length
    while (at > 0 && compareEvents(event, list[at - 1] as EngineEvent) < 0) at--
    if (at >= this.#keep) return

    list.splice(at, 0, event)
    this.#counter.hold()
    if (list.length > this.#keep) {
      list.pop()
      this.#counter.release(1)
    }
  }
}

/**
 * The first `limit` combinations (one event per filter, no event twice in one combination) in
 * lexicographic order of the per-filter lists.
 */
function pickSamples(perFilter: readonly EngineEvent[][], limit: number): EngineEvent[][] {
  const out: EngineEvent[][] = []
  if (perFilter.some((list) => list.length === 0)) return out

  const chosen: EngineEvent[] = []
  const visit = (filter: number): void => {
    if (out.length >= limit) return
    if (filter === perFilter.length) {
      out.push([...chosen])

      return
    }

    for (const event of perFilter[filter] ?? []) {
      if (chosen.includes(event)) continue

      chosen.push(event)
      visit(filter + 1)
      chosen.pop()
      if (out.length >= limit) return
    }
  }
  visit(0)

  return out
}
