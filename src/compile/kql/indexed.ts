import { parseNumber } from '../number-text.ts'
import { analyze } from './analysis.ts'
import type { FieldMapping } from './field-mapping.ts'
import { parseIp } from './ip.ts'
import type { IpBytes } from './ip.ts'
import { parseDateValue } from './dates.ts'

/**
 * The document side (doc D3–D6): what Elasticsearch would index for one JSON value of a field of
 * a given mapping. `null` means "not indexed" (wrong type, malformed, over `ignore_above`), which
 * makes the value invisible to every query (D4, D5).
 */

/** A JSON number or boolean in a string field is indexed as its JSON text (D3). */
export function toIndexedString(raw: unknown, mapping: FieldMapping): string | null {
  const text =
    typeof raw === 'string'
      ? raw
      : typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : null
  if (text === null || text.length > mapping.ignoreAbove) return null

  return mapping.isLowercase ? text.toLowerCase() : text
}

/** The analysed tokens of one value of a text field. */
export function toTokens(raw: unknown, mapping: FieldMapping): string[] | null {
  const text = toIndexedString(raw, mapping)

  return text === null ? null : analyze(mapping.analyzer, text)
}

export { parseNumber }

/** A numeric field value: numbers and numeric strings, truncated for integer types (D3). */
export function toIndexedNumber(raw: unknown, kind: FieldMapping['kind']): number | null {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseNumber(raw) : null
  if (value === null || !Number.isFinite(value)) return null
  if (kind === 'integer') return Math.trunc(value)

  return kind === 'float' ? Math.fround(value) : value
}

/** A boolean field value; ES also reads the empty string as false. */
export function toIndexedBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw
  if (raw === 'true') return true

  return raw === 'false' || raw === '' ? false : null
}

// a list of blocks tests one address once per block, and rules on the same field follow each
// other: the last few parses are kept, by text (the bytes handed out are shared, never written)
const IP_MEMO_SIZE = 8
const ipMemoTexts: string[] = []
const ipMemoBytes: (IpBytes | null)[] = []
let ipMemoNext = 0

/** An ip field value; the bytes are shared between calls and must not be changed. */
export function toIndexedIp(raw: unknown): IpBytes | null {
  if (typeof raw !== 'string') return null

  for (let i = 0; i < ipMemoTexts.length; i++)
    if (ipMemoTexts[i] === raw) return ipMemoBytes[i] ?? null

  const bytes = parseIp(raw)
  ipMemoTexts[ipMemoNext] = raw
  ipMemoBytes[ipMemoNext] = bytes
  ipMemoNext = (ipMemoNext + 1) % IP_MEMO_SIZE

  return bytes
}

/** A date field value in epoch milliseconds. */
export function toIndexedDate(raw: unknown): number | null {
  return parseDateValue(raw)
}

/**
 * Counts top-level evaluations. Memos are keyed by the event object and this count, so an engine
 * that reuses one mutable event object between calls never sees stale values.
 */
export interface EvaluationClock {
  tick: number
}

/** Reads the raw values of one field with a one-event memo, shared by every clause on the field. */
export class FieldReader {
  readonly mapping: FieldMapping
  readonly #clock: EvaluationClock
  readonly #read: (event: object) => readonly unknown[]
  readonly #readDeep: (event: object) => readonly unknown[]
  #lastEvent: object | null = null
  #lastTick = -1
  #lastValues: readonly unknown[] = []
  #lastTokensEvent: object | null = null
  #lastTokensTick = -1
  #lastTokens: string[][] = []

  constructor(
    mapping: FieldMapping,
    read: (event: object) => readonly unknown[],
    readDeep: (event: object) => readonly unknown[],
    clock: EvaluationClock,
  ) {
    this.mapping = mapping
    this.#clock = clock
    this.#read = read
    this.#readDeep = readDeep
  }

  /** Every leaf at or under the field (exists on an object path checks its sub-fields). */
  deepValues(event: object): readonly unknown[] {
    return this.#readDeep(event)
  }

  /** The raw leaf values (arrays flattened, nulls dropped). */
  values(event: object): readonly unknown[] {
    if (event !== this.#lastEvent || this.#clock.tick !== this.#lastTick) {
      this.#lastValues = this.#read(event)
      this.#lastEvent = event
      this.#lastTick = this.#clock.tick
    }

    return this.#lastValues
  }

  /** The token list of every indexed value (text fields). */
  tokens(event: object): string[][] {
    if (event !== this.#lastTokensEvent || this.#clock.tick !== this.#lastTokensTick) {
      const lists: string[][] = []
      for (const raw of this.values(event)) {
        const tokens = toTokens(raw, this.mapping)
        if (tokens !== null) lists.push(tokens)
      }

      this.#lastTokens = lists
      this.#lastTokensEvent = event
      this.#lastTokensTick = this.#clock.tick
    }

    return this.#lastTokens
  }
}
