/**
 * Dates as a `date` field and a range query read them (doc M12, M13): the default format
 * `strict_date_optional_time||epoch_millis`, times without an offset in UTC, and ES date math
 * (`now-30d/d`, `2024-01-01||+1M`). A query value denotes an interval: missing components and
 * rounding make `[start, end)` cover the whole unit, and each range operator takes the end it
 * needs (`gte`/`lt` the start, `gt`/`lte` the end).
 */
import { addDateUnits, floorToDateUnit, isoDateParser } from '../../ecs/index.ts'
import type { DateUnit } from '../../ecs/index.ts'

/** `[start, end)` in epoch milliseconds (fractions keep sub-millisecond precision). */
export interface DateInterval {
  readonly start: number
  readonly end: number
}

const EPOCH = /^-?\d+$/
const MATH_STEP = /^([+-])(\d+)([yMwdhHms])|^\/([yMwdhHms])/

const parseIsoDate = isoDateParser()

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
  const date = parseIsoDate(text)
  if (date === null) return null

  if (date.fraction === undefined) return { start: date.base, end: date.unitEnd }

  // the interval keeps sub-millisecond precision and covers the last fraction digit written
  const start = date.base + Number(`0.${date.fraction}`) * 1000

  return { start, end: start + 10 ** (3 - date.fraction.length) }
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
        ? roundTo(interval.start, toUnit(roundUnit))
        : shift(interval, (sign === '-' ? -1 : 1) * Number(amount), toUnit(unit ?? 's'))
    rest = rest.slice(text.length)
  }

  return interval
}

// `H` is Elasticsearch's 24-hour spelling of `h`
function toUnit(unit: string): DateUnit {
  return unit === 'H' ? 'h' : (unit as DateUnit)
}

function shift(interval: DateInterval, amount: number, unit: DateUnit): DateInterval {
  const width = interval.end - interval.start
  const start = addDateUnits(interval.start, amount, unit)

  return { start, end: start + width }
}

// rounding to a unit: the interval becomes that whole unit
function roundTo(instant: number, unit: DateUnit): DateInterval {
  const start = floorToDateUnit(instant, unit)

  return { start, end: addDateUnits(start, 1, unit) }
}
