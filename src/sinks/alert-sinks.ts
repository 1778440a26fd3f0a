import { ALERT_BULK_SINK } from './alert-bulk.ts'
import { ALERT_CSV_SINK } from './alert-csv.ts'
import { ALERT_NDJSON_SINK } from './alert-ndjson.ts'
import type { AlertFormat, AlertSink } from './alert-sink-types.ts'
import { ALERT_TABLE_SINK } from './alert-table.ts'

/** Every alert sink by its format name. */
export const ALERT_SINKS: Readonly<Record<AlertFormat, AlertSink>> = {
  table: ALERT_TABLE_SINK,
  ndjson: ALERT_NDJSON_SINK,
  csv: ALERT_CSV_SINK,
  bulk: ALERT_BULK_SINK,
}

/** The format names `vigil hunt --format` accepts. */
export const ALERT_FORMATS: readonly AlertFormat[] = ['table', 'ndjson', 'csv', 'bulk']
