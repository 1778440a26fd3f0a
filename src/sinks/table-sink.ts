import { getFieldValues } from '../ecs/index.ts'
import type { EngineEvent, EqlResults, MissingEvent } from '../engine/index.ts'
import { isMissingEvent } from '../engine/index.ts'
import type { ResultSink, SinkContext } from './types.ts'

const DEFAULT_WIDTH = 160
const KEY_FIELDS = ['host.name', 'user.name', 'process.name'] as const
/** The first of these an event has becomes its "details" column. */
const DETAIL_FIELDS = ['process.command_line', 'file.path', 'dns.question.name', 'message'] as const
const HEADER = ['timestamp', 'category', 'host', 'user', 'process', 'details']
const MISSING_ROW = '(missing event)'

/**
 * A table for people: one row per event (time, category, host, user, process, a details column),
 * sequences and samples as numbered groups headed by their join keys.
 */
export const TABLE_SINK: ResultSink = {
  format: 'table',
  *render(results: EqlResults, context: SinkContext): Iterable<string> {
    if (results.kind === 'events') {
      yield* renderRows(
        results.events.map((e) => cellsOf(e, context)),
        context,
        '',
      )

      return
    }

    const all = results.sequences.flatMap((s) => s.events.map((e) => rowOf(e, context)))
    const widths = columnWidths(all)
    let number = 0
    for (const sequence of results.sequences) {
      number++
      yield `${number === 1 ? '' : '\n'}sequence ${String(number)}  join_keys: ${JSON.stringify(sequence.joinKeys)}\n`
      const rows = sequence.events.map((e) => rowOf(e, context))
      yield* renderRows(rows, context, '  ', widths)
    }
  },
}

function rowOf(event: EngineEvent | MissingEvent, context: SinkContext): string[] | null {
  return isMissingEvent(event) ? null : cellsOf(event, context)
}

function* renderRows(
  rows: readonly (string[] | null)[],
  context: SinkContext,
  indent: string,
  widths: readonly number[] = columnWidths(rows),
): Iterable<string> {
  if (rows.length === 0) return

  const width = (context.width ?? DEFAULT_WIDTH) - indent.length
  if (indent === '') yield `${formatRow(HEADER, widths, width)}\n`
  for (const row of rows)
    yield `${indent}${row === null ? MISSING_ROW : formatRow(row, widths, width)}\n`
}

function cellsOf(event: EngineEvent, context: SinkContext): string[] {
  const source = event.source

  return [
    timeOf(event, context.timestampField),
    joined(source, context.categoryField),
    ...KEY_FIELDS.map((field) => joined(source, field)),
    detailsOf(source),
  ]
}

function timeOf(event: EngineEvent, field: string): string {
  if (!Number.isNaN(event.timestamp)) return new Date(event.timestamp).toISOString()

  return joined(event.source, field)
}

function detailsOf(source: EngineEvent['source']): string {
  for (const field of DETAIL_FIELDS) {
    const value = joined(source, field)
    if (value !== '') return value
  }

  const destination = joined(source, 'destination.ip')
  if (destination === '') return ''

  const port = joined(source, 'destination.port')

  return port === '' ? destination : `${destination}:${port}`
}

function joined(source: EngineEvent['source'], field: string): string {
  const values = getFieldValues(source, field)

  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(',')
}

function columnWidths(rows: readonly (string[] | null)[]): number[] {
  const widths = HEADER.map((h) => h.length)
  for (const row of rows) {
    row?.forEach((cell, i) => {
      widths[i] = Math.min(40, Math.max(widths[i] ?? 0, cell.length))
    })
  }

  return widths
}

function formatRow(cells: readonly string[], widths: readonly number[], maxWidth: number): string {
  const last = cells.length - 1
  const fixed = cells.slice(0, last).map((cell, i) => fit(cell, widths[i] ?? 0))
  const line = `${fixed.join('  ')}  ${cells[last] ?? ''}`.trimEnd()

  return line.length > maxWidth ? `${line.slice(0, maxWidth - 1)}…` : line
}

function fit(cell: string, width: number): string {
  return cell.length > width ? `${cell.slice(0, width - 1)}…` : cell.padEnd(width)
}
