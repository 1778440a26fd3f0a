import type { EcsEvent } from '../ecs/index.ts'

/** A table as smol-toml returns it (null prototype) or as JSON gives it. */
export type Table = Record<string, unknown>

/** Whether a value is a table (not an array, not a date). */
export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isDate(value)
}

function isDate(value: unknown): value is Date {
  return value instanceof Date
}

/**
 * Turns a TOML value into the JSON value an event document would hold: dates become their
 * ISO-8601 text (as they would arrive in NDJSON) and tables become plain objects.
 */
export function plainValue(value: unknown): unknown {
  if (isDate(value)) return value.toISOString()
  if (Array.isArray(value)) return value.map(plainValue)
  if (!isTable(value)) return value

  const out: Table = {}
  for (const [key, inner] of Object.entries(value)) out[key] = plainValue(inner)

  return out
}

/** The plain event document of a fixture table, without the `_id` and `_index` metadata keys. */
export function eventOf(table: Table): EcsEvent {
  const out: Table = {}
  for (const [key, inner] of Object.entries(table)) {
    if (key !== '_id' && key !== '_index') out[key] = plainValue(inner)
  }

  return out
}

/**
 * Flattens nested tables into dotted paths, so `process.name = "x"` (a nested table in TOML) and
 * `"process.name" = "x"` (one quoted key) mean the same expected field. Arrays are leaves.
 */
export function flattenFields(table: Table, prefix = '', out = new Map<string, unknown>()) {
  for (const [key, inner] of Object.entries(table)) {
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (isTable(inner) && Object.keys(inner).length > 0) flattenFields(inner, path, out)
    else out.set(path, plainValue(inner))
  }

  return out
}
