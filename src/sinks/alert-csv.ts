import { alertText } from './alert-cells.ts'
import type { AlertSink } from './alert-sink-types.ts'

/** The CSV columns, named by the alert field each holds. */
export const ALERT_CSV_COLUMNS: readonly string[] = [
  'kibana.alert.uuid',
  'kibana.alert.original_time',
  'kibana.alert.rule.name',
  'kibana.alert.rule.rule_id',
  'kibana.alert.severity',
  'kibana.alert.risk_score',
  'kibana.alert.building_block_type',
  'kibana.alert.group.id',
  'host.name',
  'user.name',
  'process.name',
  'kibana.alert.reason',
]

/** RFC 4180 CSV: a header of field names, one row per alert, multi-values joined with ", ". */
export const ALERT_CSV_SINK: AlertSink = {
  format: 'csv',
  *render(alerts) {
    yield `${ALERT_CSV_COLUMNS.join(',')}\r\n`
    for (const alert of alerts) {
      yield `${ALERT_CSV_COLUMNS.map((field) => csvCell(alertText(alert.document, field))).join(',')}\r\n`
    }
  },
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
