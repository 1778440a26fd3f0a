import type { EngineEvent, EqlResults, MissingEvent } from '../engine/index.ts'
import { isMissingEvent } from '../engine/index.ts'
import type { ResultSink } from './types.ts'

/**
 * One JSON document per line: each event's `_source`; for sequences and samples one object per
 * result, `{"join_keys": [...], "events": [...]}`, a `![...]` step as `{"missing": true}`.
 */
export const NDJSON_SINK: ResultSink = {
  format: 'ndjson',
  *render(results: EqlResults): Iterable<string> {
    if (results.kind === 'events') {
      for (const event of results.events) yield `${JSON.stringify(event.source)}\n`

      return
    }

    for (const sequence of results.sequences) {
      const events = sequence.events.map(sourceOrMissing)
      yield `${JSON.stringify({ join_keys: sequence.joinKeys, events })}\n`
    }
  },
}

function sourceOrMissing(event: EngineEvent | MissingEvent): unknown {
  return isMissingEvent(event) ? { missing: true } : event.source
}
