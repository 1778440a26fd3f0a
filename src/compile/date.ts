/**
 * Dates as an Elasticsearch `date` field with the default format
 * (`strict_date_optional_time||epoch_millis`) reads them: epoch milliseconds.
 */
import { isoDateParser } from '../ecs/index.ts'

/** The inclusive millisecond range a date literal stands for (a partial date covers its unit). */
export interface DateRange {
  readonly low: number
  readonly high: number
}

const parseIso = isoDateParser({ hasExtendedYears: true })

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

  return parseIsoRange(text)
}

/** The epoch milliseconds of a date field value, or null when it is not a date. */
export function dateValueMs(value: string | number): number | null {
  return parseDateRange(value)?.low ?? null
}

function parseIsoRange(text: string): DateRange | null {
  const date = parseIso(text)
  if (date === null) return null

  // a written fraction names one millisecond; otherwise the range covers the last unit written
  if (date.fraction !== undefined) {
    const ms = date.base + date.fractionMs

    return { low: ms, high: ms }
  }

  return { low: date.base, high: date.unitEnd - 1 }
}
