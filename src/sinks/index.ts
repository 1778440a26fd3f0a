/**
 * @module sinks
 * Writers of query results: a table for people, NDJSON, and Elasticsearch's `_eql/search`
 * response shape. One interface; each format is one file.
 */
import { ES_SINK } from './es-sink.ts'
import { NDJSON_SINK } from './ndjson-sink.ts'
import { TABLE_SINK } from './table-sink.ts'
import type { ResultSink, SinkFormat } from './types.ts'

export type { ResultSink, SinkContext, SinkFormat } from './types.ts'
export type { EsHit, EsMissingHit } from './hit.ts'
export { toEsHit, toEsSequenceHit } from './hit.ts'
export { ES_SINK, toEsResponse } from './es-sink.ts'
export { NDJSON_SINK } from './ndjson-sink.ts'
export { TABLE_SINK } from './table-sink.ts'

/** Every sink by its format name. */
export const SINKS: Readonly<Record<SinkFormat, ResultSink>> = {
  table: TABLE_SINK,
  ndjson: NDJSON_SINK,
  es: ES_SINK,
}

/** The format names `--format` accepts. */
export const SINK_FORMATS: readonly SinkFormat[] = ['table', 'ndjson', 'es']

/** True when `name` is a sink format. */
export function isSinkFormat(name: string): name is SinkFormat {
  return (SINK_FORMATS as readonly string[]).includes(name)
}

// ---- alert writers of `vigil hunt` (detection alerts, not query results) ----
export type { AlertFormat, AlertSink, AlertSinkOptions } from './alert-sink-types.ts'
export { ALERT_TABLE_SINK } from './alert-table.ts'
export { ALERT_NDJSON_SINK } from './alert-ndjson.ts'
export { ALERT_CSV_COLUMNS, ALERT_CSV_SINK } from './alert-csv.ts'
export { ALERT_BULK_SINK } from './alert-bulk.ts'
export { ALERT_SINKS, ALERT_FORMATS } from './alert-sinks.ts'
export type { HuntTotals } from './alert-summary.ts'
export { renderHuntSummary } from './alert-summary.ts'
