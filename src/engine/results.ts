import type { JoinValue } from '../compile/index.ts'
import type { EngineEvent } from './engine-event.ts'

/** The placeholder Elasticsearch returns for a `![...]` step of a sequence. */
export interface MissingEvent {
  readonly missing: true
}

/** One sequence or sample: its join-key values and its events in step (or filter) order. */
export interface SequenceResult {
  readonly joinKeys: readonly JoinValue[]
  readonly events: readonly (EngineEvent | MissingEvent)[]
}

/**
 * What a query returns, in Elasticsearch's order. Samples use `sequences`, as Elasticsearch
 * returns them under `hits.sequences`. `total` counts the results before `head`/`tail`/`size`.
 */
export type EqlResults =
  | { readonly kind: 'events'; readonly events: readonly EngineEvent[]; readonly total: number }
  | {
      readonly kind: 'sequences'
      readonly sequences: readonly SequenceResult[]
      readonly total: number
    }

/** The one missing-event placeholder (immutable, shared). */
export const MISSING: MissingEvent = Object.freeze({ missing: true })

/** True for a missing-event placeholder. */
export function isMissingEvent(value: EngineEvent | MissingEvent): value is MissingEvent {
  return 'missing' in value
}
