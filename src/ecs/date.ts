/**
 * Dates as an ECS `date` field holds them (Elasticsearch's default format
 * `strict_date_optional_time||epoch_millis`), and the UTC calendar arithmetic of date math, in
 * epoch milliseconds. EQL comparisons, KQL ranges and rule date math each read dates through here.
 */

/** An ISO 8601 date as written: the instant it names and the unit its last component covers. */
export interface IsoDate {
  /** epoch ms of the written components with the zone applied, before any fraction of a second */
  readonly base: number
  /** the digits after the seconds' decimal point, when written */
  readonly fraction?: string
  /** `fraction` truncated to whole milliseconds (0 without one) */
  readonly fractionMs: number
  /** the exclusive end of the unit of the last written component (`2024-02` ends at March 1) */
  readonly unitEnd: number
}

/** The variants a caller accepts beyond `yyyy[-MM[-dd[THH[:mm[:ss[.S…]]]]]][Z|±HH[[:]mm]]`. */
export interface IsoDateSyntax {
  /** years past four digits, with an optional sign (`+12345-01-01`) */
  readonly hasExtendedYears?: boolean
  /** a space in place of `T` (Kibana reads rule date math through moment, which takes it) */
  readonly allowsSpace?: boolean
  /** a zone offset must give minutes (`+02:00`, `+0200`, not `+02`) */
  readonly needsZoneMinutes?: boolean
}

/** A date math unit: Elasticsearch's set (with `H` read as `h`) plus Kibana's `ms`. */
export type DateUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm' | 's' | 'ms'

/** The fixed length of each unit in ms; years and months have none. */
export const DATE_UNIT_MS: Readonly<Partial<Record<DateUnit, number>>> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
}

const DAY = 86_400_000

// the length of the unit that ends with the n-th written component (day, hour, minute, second)
const COMPONENT_MS = [DAY, 3_600_000, 60_000, 1000]

/**
 * Builds a parser for ISO 8601 dates in UTC (a time without an offset is UTC). It returns null
 * for text of another shape and for components out of range (month 13, February 30, minute 60).
 */
export function isoDateParser(syntax: IsoDateSyntax = {}): (text: string) => IsoDate | null {
  const pattern = isoPattern(syntax)

  return (text) => {
    const match = pattern.exec(text)

    return match === null ? null : fromMatch(match)
  }
}

/** Adds `amount` units to an instant; months and years clamp the day (Jan 31 + 1M = Feb 28/29). */
export function addDateUnits(instant: number, amount: number, unit: DateUnit): number {
  const fixed = DATE_UNIT_MS[unit]
  if (fixed !== undefined) return instant + amount * fixed

  return addMonths(instant, unit === 'y' ? amount * 12 : amount)
}

/** Rounds an instant down to the start of its unit, in UTC (ISO weeks start on Monday). */
export function floorToDateUnit(instant: number, unit: DateUnit): number {
  const date = new Date(instant)
  if (unit === 'y') return utcInstant(date.getUTCFullYear(), 1, 1)
  if (unit === 'M') return utcInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)

  // weeks count from 1970-01-05, the first Monday after the epoch
  const origin = unit === 'w' ? 4 * DAY : 0
  const size = DATE_UNIT_MS[unit] ?? 1

  return Math.floor((instant - origin) / size) * size + origin
}

/** The offset in ms of an ISO 8601 zone designator (`Z`, `±HH`, `±HHmm`, `±HH:mm`); none is UTC. */
export function isoZoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0

  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0

  return sign * (hours * 60 + minutes) * 60_000
}

function isoPattern(syntax: IsoDateSyntax): RegExp {
  const year = syntax.hasExtendedYears === true ? '[+-]?\\d{4,}' : '\\d{4}'
  const separator = syntax.allowsSpace === true ? '[T ]' : 'T'
  const zone = syntax.needsZoneMinutes === true ? '[+-]\\d{2}:?\\d{2}' : '[+-]\\d{2}(?::?\\d{2})?'

  return new RegExp(
    `^(${year})(?:-(\\d{2})(?:-(\\d{2})(?:${separator}(\\d{2})(?::(\\d{2})(?::(\\d{2})` +
      `(?:[.,](\\d{1,9}))?)?)?)?)?)?(Z|${zone})?$`,
  )
}

function fromMatch(match: RegExpExecArray): IsoDate | null {
  const [, year, month, day, hour, minute, second, fraction, zone] = match
  const written = [year, month, day, hour, minute, second].filter((p) => p !== undefined)
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = written.map(Number)
  if (!isInRange(y, mo, d, h, mi, s)) return null

  const offset = isoZoneOffsetMs(zone)
  const base = utcInstant(y, mo, d, h, mi, s) - offset
  const fractionMs = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3))
  const unitEnd = endOfUnit(written.length, base, y, mo, offset)

  return fraction === undefined
    ? { base, fractionMs, unitEnd }
    : { base, fraction, fractionMs, unitEnd }
}

// the start of the next value of the last written component
function endOfUnit(written: number, base: number, y: number, mo: number, offset: number): number {
  if (written === 1) return utcInstant(y + 1, 1, 1) - offset
  if (written === 2) return utcInstant(y, mo + 1, 1) - offset

  return base + (COMPONENT_MS[written - 3] ?? 1000)
}

function isInRange(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false

  return d <= daysInMonth(y, mo)
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcInstant(year, month + 1, 1) - DAY).getUTCDate()
}

// setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written instead of moving them to 19xx
function utcInstant(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(h, mi, s, 0)

  return date.getTime()
}

function addMonths(instant: number, months: number): number {
  const date = new Date(instant)
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months
  const year = Math.floor(total / 12)
  const month = total - year * 12 + 1
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month))
  // whole milliseconds, as a Date holds them
  const timeOfDay = date.getTime() - floorToDateUnit(date.getTime(), 'd')

  return utcInstant(year, month, day) + timeOfDay
}
