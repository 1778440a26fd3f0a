import type { EngineEvent, MissingEvent } from '../engine/index.ts'
import { isMissingEvent } from '../engine/index.ts'

/** An event as Elasticsearch returns it in `_eql/search` hits. */
export interface EsHit {
  readonly _index: string
  readonly _id: string
  readonly _source: unknown
}

/**
 * The placeholder of a `![...]` step. Elasticsearch builds it as an event with an empty index and
 * id and no source, flagged `missing` (EqlSearchResponse.Event.MISSING).
 */
export interface EsMissingHit {
  readonly _index: ''
  readonly _id: ''
  readonly missing: true
}

/** The `_eql/search` form of one event. */
export function toEsHit(event: EngineEvent): EsHit {
  return { _index: event.index ?? '', _id: event.id ?? '', _source: event.source }
}

/** The `_eql/search` form of one sequence member: a hit or the missing placeholder. */
export function toEsSequenceHit(event: EngineEvent | MissingEvent): EsHit | EsMissingHit {
  return isMissingEvent(event) ? { _index: '', _id: '', missing: true } : toEsHit(event)
}
