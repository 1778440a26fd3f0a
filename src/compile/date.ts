/**
 * Dates as an Elasticsearch `date` field with the default format
 * (`strict_date_optional_time||epoch_millis`) reads them: epoch milliseconds.
 */

/** The inclusive millisecond range a date literal stands for (a partial date covers its unit). */
export interface DateRange {
  readonly low: number
  readonly high: number
}

const ISO =
  /^([+-]?\d{4,})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * Parses a date literal or field value. Parts left out are rounded the way Elasticsearch rounds
 * range bounds: `low` fills them with their minimum, `high` with their maximum, so
 * `"2017-08-30T20:47:33Z"` covers 33.000–33.999 s. Numbers and digit strings are epoch ms.
 */
export function parseDateRange(value: string | number): DateRange | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null

    const ms = Math.trunc(value)

    return { low: ms, high: ms }
  }

  const text = value.trim()
  if (/^-?\d+$/.test(text) && !/^\d{4}$/.test(text)) {
    const ms = Number(text)

    return { low: ms, high: ms }
  }

  return parseIso(text)
}

function parseIso(text: string): DateRange | null {
  const m = ISO.exec(text)
  if (m === null) return null

  const year = Number(m[1])
  const month = optional(m[2], 1, 12)
  const day = optional(m[3], 1, 31)
  const hour = optional(m[4], 0, 23)
  const minute = optional(m[5], 0, 59)
  const second = optional(m[6], 0, 59)
  if ([month, day, hour, minute, second].includes(Number.NaN)) return null

  const offset = zoneOffsetMs(m[8])
  const low = utc(year, month ?? 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0) - offset
  const fraction = m[7]
  if (fraction !== undefined) {
    const ms = Number(fraction.padEnd(3, '0').slice(0, 3))

    return { low: low + ms, high: low + ms }
  }

  const lastDay = day ?? new Date(Date.UTC(year, month ?? 12, 0)).getUTCDate()
  const high =
    utc(year, month ?? 12, lastDay, hour ?? 23, minute ?? 59, second ?? 59) - offset + 999
  if (day !== undefined && day > new Date(Date.UTC(year, month ?? 1, 0)).getUTCDate()) return null

  return { low, high }
}

function optional(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined

  const value = Number(text)

  return value < min || value > max ? Number.NaN : value
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(h, mi, s, 0)

  return date.getTime()
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0

  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0

  return sign * (hours * 60 + minutes) * 60_000
}

/** The epoch milliseconds of a date field value, or null when it is not a date. */
export function dateValueMs(value: string | number): number | null {
  return parseDateRange(value)?.low ?? null
}
