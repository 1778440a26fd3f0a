import { RULE_TYPES } from './model.ts'
import type { ValidationRow, ValidationStatus } from './validate.ts'

const STATUSES: readonly ValidationStatus[] = ['ok', 'unsupported', 'error']
const MAX_NAME = 60
const ROW_KEYS = [
  'path',
  'rule_id',
  'name',
  'type',
  'language',
  'status',
  'code',
  'message',
] as const

/** Counts of rows by type and status. */
export type ValidationCounts = ReadonlyMap<string, Readonly<Record<ValidationStatus, number>>>

/** Counts rows per rule type and status (types in a stable order, empty types left out). */
export function countValidation(rows: readonly ValidationRow[]): ValidationCounts {
  const counts = new Map<string, Record<ValidationStatus, number>>()
  for (const type of RULE_TYPES) counts.set(type, { ok: 0, unsupported: 0, error: 0 })
  for (const row of rows) {
    const entry = counts.get(row.type)
    if (entry !== undefined) entry[row.status]++
  }

  for (const [type, entry] of counts)
    if (entry.ok + entry.unsupported + entry.error === 0) counts.delete(type)

  return counts
}

/** Renders rows as an aligned text table followed by per-type counts. */
export function renderValidationTable(rows: readonly ValidationRow[]): string {
  const header = ['STATUS', 'TYPE', 'LANGUAGE', 'NAME', 'CODE', 'PATH', 'MESSAGE']
  const cells = rows.map((r) => [
    r.status,
    r.type,
    r.language ?? '-',
    clip(r.name),
    r.code ?? '-',
    r.path,
    r.message,
  ])

  return [...align([header, ...cells]), '', ...renderCounts(countValidation(rows))].join('\n')
}

/** Renders rows as a JSON array of objects with exactly the {@link ValidationRow} keys. */
export function renderValidationJson(rows: readonly ValidationRow[]): string {
  const plain = rows.map((row) => Object.fromEntries(ROW_KEYS.map((key) => [key, row[key]])))

  return JSON.stringify(plain, null, 2)
}

function renderCounts(counts: ValidationCounts): string[] {
  const total = { ok: 0, unsupported: 0, error: 0 }
  const lines = [['TYPE', 'RULES', ...STATUSES.map((s) => s.toUpperCase())]]
  for (const [type, entry] of counts) {
    for (const status of STATUSES) total[status] += entry[status]
    lines.push([
      type,
      String(entry.ok + entry.unsupported + entry.error),
      ...STATUSES.map((s) => String(entry[s])),
    ])
  }

  lines.push([
    'total',
    String(total.ok + total.unsupported + total.error),
    ...STATUSES.map((s) => String(total[s])),
  ])

  return align(lines)
}

function align(lines: readonly (readonly string[])[]): string[] {
  const widths: number[] = []
  for (const line of lines)
    line.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))

  return lines.map((line) =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
}

function clip(name: string): string {
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name
}
