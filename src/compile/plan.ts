import type { EcsEvent } from '../ecs/index.ts'
import type { LineNeeds } from './line-needs.ts'

/**
 * The compiled form of a query: plain data holding closures, built once per query and run per
 * event by the engine. The compiler (this stage) builds it; the engine (src/engine) executes it.
 */

/** Tests one parsed event. Category checks are included when the query names a category. */
export type Predicate = (event: EcsEvent) => boolean

/** One join-key value, normalised so equal keys compare equal with `===`. */
export type JoinValue = string | number | boolean | null

/**
 * Extracts the join keys of an event for one step: every key tuple the event belongs to (several
 * when a key field is multi-valued: the cartesian product, duplicates removed, null elements
 * dropped), or `null` when the event is excluded (a non-optional key is missing or null).
 * A step without keys returns `[[]]`.
 */
export type JoinKeyExtractor = (event: EcsEvent) => readonly (readonly JoinValue[])[] | null

/** A compiled `category where condition`. */
export interface FilterPlan {
  /** The event category the filter requires, or null for `any`. */
  readonly category: string | null
  /** Category check and condition together. */
  readonly matches: Predicate
}

/** A compiled `head N` / `tail N`. */
export interface PipePlan {
  readonly name: 'head' | 'tail'
  readonly count: number
}

/** A single-event query. */
export interface EventQueryPlan {
  readonly kind: 'event'
  readonly filter: FilterPlan
  readonly pipes: readonly PipePlan[]
}

/** One step of a compiled sequence; `with runs=N` is already expanded into N steps. */
export interface SequenceStepPlan {
  readonly filter: FilterPlan
  /** Shared `sequence by` keys first, then the step's own `by` keys. */
  readonly keys: JoinKeyExtractor
  readonly isMissing: boolean
}

/** A compiled sequence. */
export interface SequencePlan {
  readonly kind: 'sequence'
  readonly steps: readonly SequenceStepPlan[]
  readonly until: { readonly filter: FilterPlan; readonly keys: JoinKeyExtractor } | null
  /** `with maxspan`, in milliseconds; null when the query has none. */
  readonly maxspanMs: number | null
  /** The number of join-key values per tuple (for the `join_keys` of each result). */
  readonly keyCount: number
  readonly pipes: readonly PipePlan[]
}

/** One filter of a compiled sample. */
export interface SampleFilterPlan {
  readonly filter: FilterPlan
  /** Shared `sample by` keys first, then the filter's own `by` keys. */
  readonly keys: JoinKeyExtractor
}

/** A compiled sample. */
export interface SamplePlan {
  readonly kind: 'sample'
  readonly filters: readonly SampleFilterPlan[]
  readonly keyCount: number
}

/** Any compiled query. */
export type QueryPlan = EventQueryPlan | SequencePlan | SamplePlan

/**
 * A test on an event's raw JSON text, before it is parsed: `false` means no part of the query can
 * match the line, so it may be skipped; `true` means it must be parsed and tested. It must never
 * say `false` for a line that would match (JSON escapes and case folding taken into account).
 */
export type LinePrefilter = (line: string) => boolean

/** Options that change how a query compiles. */
export interface CompileOptions {
  /** The field holding the event category; default `event.category`. */
  readonly categoryField?: string
  /** What diagnostics name as the file (a rule file); default `<input>`. */
  readonly source?: string
}

/** The result of compiling a query. */
export interface CompiledQuery {
  readonly plan: QueryPlan
  /** Null when the query can match lines that hold no required literal. */
  readonly prefilter: LinePrefilter | null
  /** What the prefilter tests, as data; null with it. */
  readonly lineNeeds: LineNeeds | null
}
