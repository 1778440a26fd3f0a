import type { EcsDocument } from './types.ts'

/** The object under `key`, created (and attached) when it is missing or not an object. */
export function child(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = parent[key]
  if (isRecord(existing)) return existing
  const created: Record<string, unknown> = {}
  parent[key] = created

  return created
}

/** Whether a value is a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Appends `value` to the array `parent[key]` unless it is already there (ingest `append`). */
export function appendUnique(parent: Record<string, unknown>, key: string, value: string): void {
  const existing = parent[key]
  if (Array.isArray(existing)) {
    if (!existing.includes(value)) existing.push(value)

    return
  }
  parent[key] = existing === undefined ? [value] : [existing, value]
}

/** Adds a value to `related.<kind>` without duplicates. */
export function addRelated(
  doc: EcsDocument,
  kind: 'user' | 'ip' | 'hash' | 'hosts',
  value: string,
) {
  appendUnique(child(doc, 'related'), kind, value)
}

/** A string field of an object, or undefined when it is missing or not a string. */
export function text(source: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = source?.[key]

  return typeof value === 'string' ? value : undefined
}

/**
 * Moves `source[key]` to `target[to]` when it is a non-empty string, like the ingest `rename`
 * processor with `ignore_failure`: when the target already exists nothing moves.
 */
export function rename(
  source: Record<string, unknown>,
  key: string,
  target: Record<string, unknown>,
  to: string,
): string | undefined {
  const value = text(source, key)
  if (value === undefined || value === '' || target[to] !== undefined) return undefined
  Reflect.deleteProperty(source, key)
  target[to] = value

  return value
}

/** Removes `source[key]` and returns it when it is a non-empty string. */
export function take(source: Record<string, unknown>, key: string): string | undefined {
  const value = text(source, key)
  if (value === undefined || value === '') return undefined
  Reflect.deleteProperty(source, key)

  return value
}

/**
 * Whether a text is blank as Java's `trim` sees it (nothing above U+0020): the Security data
 * stream's last step removes such values, and the list items and objects they leave empty.
 */
export function isBlank(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x20) return false

  return true
}

/** Whether an object has no own enumerable keys. */
export function isEmpty(value: Record<string, unknown>): boolean {
  return Object.keys(value).length === 0
}

/** Parses a decimal or `0x` hexadecimal integer the way Java's `Long.decode` does. */
export function decodeLong(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  // the two shapes events hold (`1234`, `0x4d2`) skip the trimming and slicing below
  if (isDigitRun(value, 0, 10)) return Number.parseInt(value, 10)
  if (value.startsWith('0x') && isDigitRun(value, 2, 16)) {
    return Number.parseInt(value.slice(2), 16)
  }

  const trimmed = value.trim()
  const negative = trimmed.startsWith('-')
  const body = negative ? trimmed.slice(1) : trimmed
  const isHex = body.startsWith('0x') || body.startsWith('0X') || body.startsWith('#')
  const digits = isHex ? body.slice(body.startsWith('#') ? 1 : 2) : body
  if (!(isHex ? HEX_DIGITS : DECIMAL_DIGITS).test(digits)) return undefined
  const parsed = Number.parseInt(digits, isHex ? 16 : 10)

  return negative ? -parsed : parsed
}

// whether value[from..] is one or more ASCII digits of the radix (10, or 16 in either case)
function isDigitRun(value: string, from: number, radix: 10 | 16): boolean {
  if (value.length <= from) return false

  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i)
    const isDecimal = c >= 0x30 && c <= 0x39
    const isHex = radix === 16 && ((c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
    if (!isDecimal && !isHex) return false
  }

  return true
}

/** Parses a decimal long the way the ingest `convert` processor does (`type: long`). */
export function toLong(value: string | undefined): number | undefined {
  if (value === undefined || !SIGNED_DECIMAL.test(value)) return undefined

  return Number.parseInt(value, 10)
}

/** `String.split(regex)` as Java does it: trailing empty strings are dropped. */
export function javaSplit(value: string, separator: RegExp | string): string[] {
  const parts = value.split(separator)
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()

  return parts
}

const HEX_DIGITS = /^[0-9a-fA-F]+$/
const DECIMAL_DIGITS = /^[0-9]+$/
const SIGNED_DECIMAL = /^[+-]?[0-9]+$/
