import { lowerRoot } from './case-fold.ts'

/**
 * The EQL string functions on plain values, with Elasticsearch's null rules (a null required
 * argument gives null) and `~` variants (both sides lower-cased with `Locale.ROOT` rules).
 */

function fold(text: string, isCaseInsensitive: boolean): string {
  return isCaseInsensitive ? lowerRoot(text) : text
}

/**
 * `between(source, left, right, greedy)`: the text after the first `left` and before the next
 * `right` (greedy: the last `right`); `""` when either is not found, as Elasticsearch's
 * `StringUtils.between` returns.
 */
export function between(
  source: string,
  left: string,
  right: string,
  isGreedy: boolean,
  isCaseInsensitive: boolean,
): string {
  const haystack = fold(source, isCaseInsensitive)
  const found = haystack.indexOf(fold(left, isCaseInsensitive))
  if (found < 0) return ''

  const start = found + left.length
  const needle = fold(right, isCaseInsensitive)
  const end = isGreedy ? haystack.lastIndexOf(needle) : haystack.indexOf(needle, start)
  if (end < start) return ''

  return source.slice(start, end)
}

/** `endsWith(source, suffix)`. */
export function endsWith(source: string, suffix: string, isCaseInsensitive: boolean): boolean {
  return fold(source, isCaseInsensitive).endsWith(fold(suffix, isCaseInsensitive))
}

/** `startsWith(source, prefix)`; an empty prefix is true. */
export function startsWith(source: string, prefix: string, isCaseInsensitive: boolean): boolean {
  return fold(source, isCaseInsensitive).startsWith(fold(prefix, isCaseInsensitive))
}

/** `stringContains(source, sub)`; false when either is empty (Elasticsearch's rule). */
export function stringContains(source: string, sub: string, isCaseInsensitive: boolean): boolean {
  if (source === '' || sub === '') return false

  return fold(source, isCaseInsensitive).includes(fold(sub, isCaseInsensitive))
}

/**
 * `indexOf(source, sub, start)`: zero-based; a negative start counts as 0; null when not found
 * or when start lies beyond the end.
 */
export function indexOf(
  source: string,
  sub: string,
  start: number,
  isCaseInsensitive: boolean,
): number | null {
  const from = Math.max(0, Math.trunc(start))
  if (from > source.length) return null

  const found = fold(source, isCaseInsensitive).indexOf(fold(sub, isCaseInsensitive), from)

  return found < 0 ? null : found
}

/** `substring(source, start, end)` with Python slice rules: negative offsets count from the end. */
export function substring(source: string, start: number | null, end: number | null): string {
  const length = source.length
  const from = clampOffset(start ?? 0, length)
  const to = clampOffset(end ?? length, length)

  return from >= to ? '' : source.slice(from, to)
}

function clampOffset(offset: number, length: number): number {
  const index = Math.trunc(offset) < 0 ? length + Math.trunc(offset) : Math.trunc(offset)

  return Math.min(Math.max(index, 0), length)
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]+)$/

/**
 * `number(text, base)`: decimal integers and floats by default, `0x` hex recognised without a
 * base; with a base, an integer in that base (`0x` allowed for 16). Surrounding spaces are
 * ignored; text that is not a number gives null.
 */
export function parseNumber(text: string, base: number | null): number | null {
  const trimmed = text.trim()
  const hex = HEX.exec(trimmed)
  if (hex !== null && (base === null || base === 16))
    return signed(hex[1], parseInt(hex[2] ?? '', 16))

  if (base === null || base === 10) return DECIMAL.test(trimmed) ? Number(trimmed) : null
  if (!Number.isInteger(base) || base < 2 || base > 36) return null

  const sign = /^[+-]/.test(trimmed) ? trimmed[0] : ''
  const digits = trimmed.slice(sign === '' ? 0 : 1)
  if (digits === '' || Array.from(digits).some((c) => !isDigitIn(c, base))) return null

  return signed(sign, parseInt(digits, base))
}

function signed(sign: string | undefined, value: number): number {
  return sign === '-' ? -value : value
}

function isDigitIn(char: string, base: number): boolean {
  const value = parseInt(char, 36)

  return !Number.isNaN(value) && value < base
}
