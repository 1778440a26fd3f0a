import { getFieldValues, isoZoneOffsetMs } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'

/**
 * One event as the engine sees it: the parsed source plus the three values that order it the way
 * Elasticsearch sorts EQL hits (timestamp, then tiebreaker, then input order).
 */
export interface EngineEvent {
  readonly source: EcsEvent
  /** Epoch milliseconds; `NaN` when the event has no usable timestamp (samples need none). */
  readonly timestamp: number
  readonly tiebreaker: string | number | null
  /** Input order: the last tiebreak, so any two events are strictly ordered. */
  readonly ordinal: number
  /** Carried through for callers (document id). */
  readonly id?: string
  /** Carried through for callers (index or file name). */
  readonly index?: string
}

/** How {@link toEngineEvent} reads the ordering fields of a parsed event. */
export interface EngineEventOptions {
  /** Input order of the event; callers number events as they read them. */
  readonly ordinal: number
  /** Default `@timestamp`. */
  readonly timestampField?: string
  /** No tiebreaker when omitted or null. */
  readonly tiebreakerField?: string | null
  readonly id?: string
  readonly index?: string
}

const ISO_DATE =
  /^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/
const EPOCH_MILLIS = /^\s*-?\d+(?:\.\d+)?\s*$/

/** Builds an engine event from a parsed JSON object. */
export function toEngineEvent(source: EcsEvent, options: EngineEventOptions): EngineEvent {
  const timestamp = parseTimestamp(firstValue(source, options.timestampField ?? '@timestamp'))
  const field = options.tiebreakerField
  const tiebreaker = field === undefined || field === null ? null : readTiebreaker(source, field)
  const event: EngineEvent = { source, timestamp, tiebreaker, ordinal: options.ordinal }

  return withCarried(event, options)
}

function withCarried(event: EngineEvent, options: EngineEventOptions): EngineEvent {
  if (options.id === undefined && options.index === undefined) return event

  const out: { -readonly [K in keyof EngineEvent]: EngineEvent[K] } = { ...event }
  if (options.id !== undefined) out.id = options.id
  if (options.index !== undefined) out.index = options.index

  return out
}

/**
 * Converts a timestamp value to epoch milliseconds the way a `date` field with Elasticsearch's
 * default format (`strict_date_optional_time||epoch_millis`) does: ISO-8601 strings with any
 * fractional precision (sub-millisecond digits dropped, no zone = UTC), epoch-ms numbers or
 * numeric strings. Anything else gives `NaN`.
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value) : Number.NaN
  if (typeof value !== 'string') return Number.NaN
  // an event's time is read more than once (window, order): the last text is kept
  if (value === lastText) return lastMillis

  lastMillis = parseTimestampText(value)
  lastText = value

  return lastMillis
}

let lastText = ''
let lastMillis = Number.NaN
// `2026-11-01T08:00:00.001Z`, the shape nearly every event has: the ECMAScript date-time format,
// which Date.parse reads exactly (an out-of-range part gives NaN and takes the general path)
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

function parseTimestampText(value: string): number {
  if (value.length === 24 && UTC_MILLIS.test(value)) {
    const millis = Date.parse(value)
    if (!Number.isNaN(millis)) return millis
  }

  if (EPOCH_MILLIS.test(value)) return Math.floor(Number(value))

  const match = ISO_DATE.exec(value.trim())
  if (match === null) return Number.NaN

  return isoToMillis(match)
}

function isoToMillis(match: RegExpExecArray): number {
  const [, year, month, day, hour, minute, second, fraction, zone] = match
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
  // setUTCFullYear keeps years below 100 literal (Date.UTC maps them to 19xx)
  const date = new Date(0)
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day))
  date.setUTCHours(Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), millis)
  const base = date.getTime()

  return base - isoZoneOffsetMs(zone)
}

function firstValue(source: EcsEvent, field: string): unknown {
  const direct = source[field]
  if (direct !== undefined && !Array.isArray(direct)) return direct

  return getFieldValues(source, field)[0]
}

function readTiebreaker(source: EcsEvent, field: string): string | number | null {
  const value = firstValue(source, field)
  if (typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 1 : 0

  return null
}
