import type { EqlResults } from '../engine/index.ts'
import { toEsHit, toEsSequenceHit } from './hit.ts'
import type { ResultSink, SinkContext } from './types.ts'

/**
 * One JSON object shaped like Elasticsearch's `_eql/search` response: `hits.events` for event
 * queries, `hits.sequences` (with `join_keys`) for sequences and samples. Like Elasticsearch,
 * `hits.total.value` is the number of hits returned and the relation is always `eq`.
 */
export const ES_SINK: ResultSink = {
  format: 'es',
  render(results: EqlResults, context: SinkContext): Iterable<string> {
    return [`${JSON.stringify(toEsResponse(results, context.tookMs))}\n`]
  },
}

/** The response object itself, for callers that want the value rather than its text. */
export function toEsResponse(results: EqlResults, tookMs: number): Record<string, unknown> {
  const hits =
    results.kind === 'events'
      ? {
          total: { value: results.events.length, relation: 'eq' },
          events: results.events.map(toEsHit),
        }
      : {
          total: { value: results.sequences.length, relation: 'eq' },
          sequences: results.sequences.map((sequence) => ({
            join_keys: sequence.joinKeys,
            events: sequence.events.map(toEsSequenceHit),
          })),
        }

  return {
    is_partial: false,
    is_running: false,
    took: Math.max(0, Math.round(tookMs)),
    timed_out: false,
    hits,
  }
}
