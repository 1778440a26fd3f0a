import { isTable } from './toml-values.ts'
import type { Table } from './toml-values.ts'

const BARE_KEY = /^[A-Za-z0-9_-]+$/

/** A TOML key, quoted when it is not bare (`"@timestamp"`). */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key)
}

/**
 * A JSON value as TOML: strings as basic strings (JSON's escapes are TOML's), arrays inline,
 * tables as inline tables. Null, which TOML cannot hold, becomes an empty string.
 */
export function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`
  if (isTable(value)) {
    const pairs = Object.entries(value).map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`)

    return `{ ${pairs.join(', ')} }`
  }

  return '""'
}

/** `key = value` lines of a document, nested tables written as dotted keys. */
export function dottedLines(table: Table, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) => {
    const path = `${prefix}${tomlKey(key)}`
    if (isTable(value) && Object.keys(value).length > 0) return dottedLines(value, `${path}.`)

    return [`${path} = ${tomlValue(value)}`]
  })
}
