import type {
  EventQueryPlan,
  FilterPlan,
  JoinKeyExtractor,
  JoinValue,
  PipePlan,
  Predicate,
  SamplePlan,
  SequencePlan,
} from '../compile/index.ts'
import { getFieldValues } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import { toEngineEvent } from './engine-event.ts'
import type { EngineEvent } from './engine-event.ts'

/**
 * Hand-written plans for the engine's own tests, built the way the compiler's contract says
 * (closures over plain fields), so the engine is tested without the parser and compiler.
 */

/** A filter from a predicate. */
export function filterOf(matches: Predicate): FilterPlan {
  return { category: null, matches }
}

/** A filter on `event.category` (the `any` category when null) and an optional condition. */
export function categoryFilter(category: string | null, where: Predicate = () => true): FilterPlan {
  if (category === null) return filterOf(where)

  return filterOf(
    (event) => getFieldValues(event, 'event.category').includes(category) && where(event),
  )
}

/**
 * Key extraction over plain fields; a leading `?` marks an optional key (null allowed). Each
 * multi-valued field fans out (cartesian product, duplicates dropped, null elements ignored).
 */
export function fieldKeys(...fields: string[]): JoinKeyExtractor {
  const specs = fields.map((field) => ({
    path: field.replace(/^\?/, ''),
    isOptional: field.startsWith('?'),
  }))

  return (event) => {
    let tuples: JoinValue[][] = [[]]
    for (const spec of specs) {
      const values = distinctKeyValues(event, spec.path)
      if (values.length === 0 && !spec.isOptional) return null

      const options: JoinValue[] = values.length === 0 ? [null] : values
      tuples = tuples.flatMap((tuple) => options.map((value) => [...tuple, value]))
    }

    return tuples
  }
}

function distinctKeyValues(event: EcsEvent, path: string): JoinValue[] {
  const out: JoinValue[] = []
  for (const value of getFieldValues(event, path)) {
    const key = typeof value === 'object' ? null : (value as JoinValue)
    if (key !== null && !out.includes(key)) out.push(key)
  }

  return out
}

/** One step of a test sequence. */
export interface StepSpec {
  readonly where: Predicate
  readonly by?: readonly string[]
  readonly isMissing?: boolean
  readonly runs?: number
}

/** A sequence plan from step specs (`runs` expanded here, as the compiler does). */
export function sequencePlan(options: {
  readonly steps: readonly StepSpec[]
  readonly by?: readonly string[]
  readonly until?: StepSpec
  readonly maxspanMs?: number
  readonly pipes?: readonly PipePlan[]
}): SequencePlan {
  const shared = options.by ?? []
  const steps = options.steps.flatMap((spec) => {
    const step = {
      filter: filterOf(spec.where),
      keys: fieldKeys(...shared, ...(spec.by ?? [])),
      isMissing: spec.isMissing ?? false,
    }

    return Array.from({ length: spec.runs ?? 1 }, () => step)
  })
  const until = options.until
  const keyCount = shared.length + (options.steps[0]?.by?.length ?? 0)

  return {
    kind: 'sequence',
    steps,
    until:
      until === undefined
        ? null
        : { filter: filterOf(until.where), keys: fieldKeys(...shared, ...(until.by ?? [])) },
    maxspanMs: options.maxspanMs ?? null,
    keyCount,
    pipes: options.pipes ?? [],
  }
}

/** An event-query plan. */
export function eventPlan(where: Predicate, pipes: readonly PipePlan[] = []): EventQueryPlan {
  return { kind: 'event', filter: filterOf(where), pipes }
}

/** A sample plan: shared keys, then per-filter keys. */
export function samplePlan(
  by: readonly string[],
  filters: readonly { readonly where: Predicate; readonly by?: readonly string[] }[],
): SamplePlan {
  return {
    kind: 'sample',
    filters: filters.map((spec) => ({
      filter: filterOf(spec.where),
      keys: fieldKeys(...by, ...(spec.by ?? [])),
    })),
    keyCount: by.length + (filters[0]?.by?.length ?? 0),
  }
}

/** Engine events from plain objects, numbered in array order; tiebreaker field `seq`. */
export function engineEvents(sources: readonly EcsEvent[]): EngineEvent[] {
  return sources.map((source, ordinal) =>
    toEngineEvent(source, {
      ordinal,
      tiebreakerField: 'seq',
      id: JSON.stringify(source['id'] ?? ordinal),
    }),
  )
}

/** A predicate on one field's value. */
export function fieldIs(field: string, value: unknown): Predicate {
  return (event) => getFieldValues(event, field).includes(value)
}

/** Deterministic shuffle (mulberry32) so shuffled-order tests are repeatable. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let state = seed >>> 0
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const a = out[i] as T
    out[i] = out[j] as T
    out[j] = a
  }

  return out
}
