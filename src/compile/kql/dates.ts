/**
 * Dates as a `date` field and a range query read them (doc M12, M13): the default format
 * `strict_date_optional_time||epoch_millis`, times without an offset in UTC, and ES date math
 * (`now-30d/d`, `2024-01-01||+1M`). A query value denotes an interval: missing components and
 * rounding make `[start, end)` cover the whole unit, and each range operator takes the end it
 * needs (`gte`/`lt` the start, `gt`/`lte` the end).
 */

/** `[start, end)` in epoch milliseconds (fractions keep sub-millisecond precision). */
export interface DateInterval {
  readonly start: number
  readonly end: number
}

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/
const EPOCH = /^-?\d+$/
const MATH_STEP = /^([+-])(\d+)([yMwdhHms])|^\/([yMwdhHms])/
const DAY = 86_400_000
const FIXED_UNITS: Record<string, number> = {
  w: 7 * DAY,
  d: DAY,
  h: 3_600_000,
  H: 3_600_000,
  m: 60_000,
  s: 1000,
}

/** The interval a date string denotes, or null when it is not a date. */
export function parseDateInterval(text: string, now: number): DateInterval | null {
  const bar = text.indexOf('||')
  if (text.startsWith('now')) return applyMath({ start: now, end: now + 1 }, text.slice(3))
  if (bar !== -1) {
    const anchor = parseDateInterval(text.slice(0, bar), now)

    return anchor === null
      ? null
      : applyMath({ start: anchor.start, end: anchor.start + 1 }, text.slice(bar + 2))
  }

  // the format tries strict_date_optional_time first, so `2024` is a year, not 2,024 ms
  const iso = parseIso(text)
  if (iso !== null || !EPOCH.test(text)) return iso

  return { start: Number(text), end: Number(text) + 1 }
}

/** The instant an indexed date value stands for, or null when it does not parse. */
export function parseDateValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null
  if (typeof value !== 'string') return null

  const interval = parseIso(value) ?? (EPOCH.test(value) ? { start: Number(value) } : null)

  return interval === null ? null : Math.floor(interval.start)
}

function parseIso(text: string): DateInterval | null {
  const match = ISO.exec(text)
  if (match === null) return null

  const [, year, month, day, hour, minute, second, fraction, zone] = match
  const parts = [year, month, day, hour, minute, second].map((p) =>
    p === undefined ? undefined : Number(p),
  )
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null

  const offset = zoneOffset(zone)
  const base = Date.UTC(y, mo - 1, d, h, mi, s) - offset
  const fractionMs = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000
  const start = base + fractionMs
  const end =
    fraction === undefined ? unitEnd(parts, base, offset) : start + 10 ** (3 - fraction.length)

  return { start, end }
}

// the start of the next value of the last component written
function unitEnd(parts: (number | undefined)[], base: number, offset: number): number {
  const given = parts.filter((p) => p !== undefined).length
  const [y = 0, mo = 1] = parts
  if (given === 1) return Date.UTC(y + 1, 0, 1) - offset
  if (given === 2) return Date.UTC(y, mo, 1) - offset

  const step = [0, 0, 0, DAY, 3_600_000, 60_000, 1000][given] ?? 1000

  return base + step
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function zoneOffset(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0

  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0

  return sign * (hours * 60 + minutes) * 60_000
}

function applyMath(anchor: DateInterval, math: string): DateInterval | null {
  let interval = anchor
  let rest = math
  while (rest !== '') {
    const step = MATH_STEP.exec(rest)
    if (step === null) return null

    const [text, sign, amount, unit, roundUnit] = step
    interval =
      roundUnit !== undefined
        ? roundTo(interval.start, roundUnit)
        : shift(interval, (sign === '-' ? -1 : 1) * Number(amount), unit ?? 's')
    rest = rest.slice(text.length)
  }

  return interval
}

function shift(interval: DateInterval, amount: number, unit: string): DateInterval {
  const width = interval.end - interval.start
  const start =
    unit === 'y' || unit === 'M'
      ? addMonths(interval.start, unit === 'y' ? amount * 12 : amount)
      : interval.start + amount * (FIXED_UNITS[unit] ?? 0)

  return { start, end: start + width }
}

function addMonths(instant: number, months: number): number {
  const date = new Date(instant)
  const day = date.getUTCDate()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() + months)
  date.setUTCDate(Math.min(day, daysIn(date.getUTCFullYear(), date.getUTCMonth() + 1)))

  return date.getTime()
}

// rounding to a unit: the interval becomes that whole unit (UTC, weeks start on Monday)
function roundTo(instant: number, unit: string): DateInterval {
  const date = new Date(instant)
  const y = date.getUTCFullYear()
  const mo = date.getUTCMonth()
  if (unit === 'y') return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) }
  if (unit === 'M') return { start: Date.UTC(y, mo, 1), end: Date.UTC(y, mo + 1, 1) }

  const size = FIXED_UNITS[unit] ?? 1000
  // 1970-01-05 was the first Monday after the epoch
  const mondayShift = unit === 'w' ? 4 * DAY : 0
  const start = Math.floor((instant - mondayShift) / size) * size + mondayShift

  return { start, end: start + size }
}
