import type { Alert } from '../detect/index.ts'
import { alertText } from './alert-cells.ts'
import type { AlertSink } from './alert-sink-types.ts'

const DEFAULT_WIDTH = 160
const HEADER = ['time', 'severity', 'risk', 'rule', 'host', 'user', 'reason']
const FIELDS = [
  'kibana.alert.original_time',
  'kibana.alert.severity',
  'kibana.alert.risk_score',
  'kibana.alert.rule.name',
  'host.name',
  'user.name',
  'kibana.alert.reason',
]
/** Columns never wider than this, except the last, which takes what the line has left. */
const MAX_CELL = 40

/**
 * A table for people: one row per alert; a sequence's building blocks follow its shell alert,
 * indented, and the reason column is cut to the line width.
 */
export const ALERT_TABLE_SINK: AlertSink = {
  format: 'table',
  *render(alerts, options = {}) {
    // the columns are as wide as their widest cells: every alert first
    const rows = [...alerts].map(cellsOf)
    if (rows.length === 0) return

    const widths = HEADER.map((title, i) =>
      Math.min(MAX_CELL, Math.max(title.length, ...rows.map((r) => (r[i] ?? '').length))),
    )
    const width = options.width ?? DEFAULT_WIDTH
    yield `${formatRow(HEADER, widths, width)}\n`
    for (const row of rows) yield `${formatRow(row, widths, width)}\n`
  },
}

function cellsOf(alert: Alert): string[] {
  const cells = FIELDS.map((field) => alertText(alert.document, field))
  if (alert.document['kibana.alert.group.index'] !== undefined) cells[3] = `└ ${cells[3] ?? ''}`

  return cells
}

function formatRow(cells: readonly string[], widths: readonly number[], width: number): string {
  const last = cells.length - 1
  const line = cells
    .map((cell, i) => (i === last ? cell : fit(cell, widths[i] ?? 0).padEnd(widths[i] ?? 0)))
    .join('  ')

  return fit(line, width)
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`
}
