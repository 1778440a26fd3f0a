import { error, fail, ok, shiftSpan, SourceText } from '../syntax/index.ts'
import type { Diagnostic, Position, Result } from '../syntax/index.ts'

/** A date math time unit: Elasticsearch's set plus `ms` (Kibana's datemath accepts it). */
export type DateMathUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm' | 's' | 'ms'

/** One step after the anchor: `+5m`, `-1d`, or a rounding `/d`. */
export type DateMathStep =
  | { readonly kind: 'add'; readonly amount: number; readonly unit: DateMathUnit }
  | { readonly kind: 'round'; readonly unit: DateMathUnit }

/** A parsed expression: `now` or an absolute anchor (epoch ms), then its steps in order. */
export interface DateMath {
  readonly text: string
  readonly anchor: 'now' | number
  readonly steps: readonly DateMathStep[]
}

/** Where the expression sits in a file, so diagnostics point there. */
export interface DateMathOptions {
  readonly source?: string
  readonly origin?: Position
}

// `H` is Elasticsearch's 24-hour spelling of `h`; both mean hours here.
const UNITS: Readonly<Record<string, DateMathUnit>> = {
  y: 'y',
  M: 'M',
  w: 'w',
  d: 'd',
  h: 'h',
  H: 'h',
  m: 'm',
  s: 's',
  ms: 'ms',
}

const FIXED_MS: Readonly<Partial<Record<DateMathUnit, number>>> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
}

const ANCHOR_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

// the alerting framework schedules in whole seconds, minutes, hours or days
const DURATION_PATTERN = /^(\d+)(s|m|h|d)$/

/** Parses Elasticsearch date math (`now-9m`, `now/d`, `2024-01-01||+1M/d`). */
export function parseDateMath(text: string, options: DateMathOptions = {}): Result<DateMath> {
  const diagnostics: Diagnostic[] = []
  const report = (code: string, message: string, start: number, end: number): void => {
    diagnostics.push(locate(text, options, code, message, start, end))
  }

  const { anchor, rest } = parseAnchor(text, report)
  if (anchor === undefined) return fail(diagnostics)

  const steps = parseSteps(text, rest, report)

  return steps === undefined || diagnostics.length > 0
    ? fail(diagnostics)
    : ok({ text, anchor, steps })
}

/**
 * Evaluates parsed date math against `now` (epoch ms), in UTC. `roundUp` makes a rounding step
 * go to the last millisecond of the unit, as Elasticsearch does for the upper end of a range.
 */
export function resolveDateMath(math: DateMath, now: number, roundUp = false): number {
  let time = math.anchor === 'now' ? now : math.anchor
  for (const step of math.steps) {
    time =
      step.kind === 'add' ? addUnits(time, step.amount, step.unit) : round(time, step.unit, roundUp)
  }

  return time
}

/** Parses and evaluates in one call. */
export function evaluateDateMath(
  text: string,
  now: number,
  options: DateMathOptions & { readonly roundUp?: boolean } = {},
): Result<number> {
  const parsed = parseDateMath(text, options)

  return parsed.ok ? ok(resolveDateMath(parsed.value, now, options.roundUp ?? false)) : parsed
}

/** Parses a rule `interval` (`5m`, `1h`, `30s`, `1d`) into milliseconds. */
export function parseInterval(text: string, options: DateMathOptions = {}): Result<number> {
  const match = DURATION_PATTERN.exec(text)
  const amount = match === null ? 0 : Number(match[1])
  if (match === null || amount === 0) {
    return fail([
      locate(
        text,
        options,
        'ERR_RULE_BAD_INTERVAL',
        `expected a duration such as "5m", got "${text}"`,
        0,
        text.length,
      ),
    ])
  }

  return ok(amount * (FIXED_MS[match[2] as DateMathUnit] ?? 1))
}

type Report = (code: string, message: string, start: number, end: number) => void

function parseAnchor(text: string, report: Report): { anchor?: number | 'now'; rest: number } {
  if (text.startsWith('now')) return { anchor: 'now', rest: 3 }

  const bars = text.indexOf('||')
  const head = bars === -1 ? text : text.slice(0, bars)
  const anchor = parseAbsolute(head)
  if (anchor === undefined) {
    report(
      'ERR_RULE_BAD_DATE_MATH',
      `expected "now" or a date before "||", got "${head}"`,
      0,
      head.length,
    )

    return { rest: text.length }
  }

  return { anchor, rest: bars === -1 ? text.length : bars + 2 }
}

function parseSteps(text: string, start: number, report: Report): DateMathStep[] | undefined {
  const steps: DateMathStep[] = []
  let i = start
  while (i < text.length) {
    const op = text[i] ?? ''
    if (op !== '+' && op !== '-' && op !== '/') {
      report(
        'ERR_RULE_BAD_DATE_MATH',
        `expected "+", "-" or "/" in "${text}", got "${op}"`,
        i,
        i + 1,
      )

      return undefined
    }

    const digits = /^\d*/.exec(text.slice(i + 1))?.[0] ?? ''
    const unitStart = i + 1 + digits.length
    const unitText =
      text.slice(unitStart, unitStart + 2) === 'ms' ? 'ms' : text.slice(unitStart, unitStart + 1)
    const unit = UNITS[unitText]
    if (unit === undefined || (op === '/' && digits !== '')) {
      // rounding takes a bare unit, so `/2d` is wrong at the number
      const isCounted = op === '/' && digits !== ''
      const what = isCounted ? `"/${digits}"` : `"${unitText}"`
      const at = isCounted ? i + 1 : unitStart
      const message = `expected a time unit (y M w d h H m s ms), got ${what}`
      report(
        'ERR_RULE_BAD_DATE_MATH',
        message,
        at,
        at + Math.max(1, isCounted ? digits.length : unitText.length),
      )

      return undefined
    }

    // Elasticsearch reads a missing number as 1 (`now-d` is `now-1d`)
    const amount = digits === '' ? 1 : Number(digits)
    steps.push(
      op === '/'
        ? { kind: 'round', unit }
        : { kind: 'add', amount: op === '-' ? -amount : amount, unit },
    )
    i = unitStart + unitText.length
  }

  return steps
}

function parseAbsolute(text: string): number | undefined {
  if (/^\d{5,}$/.test(text)) return Number(text)

  const m = ANCHOR_PATTERN.exec(text)
  if (m === null) return undefined

  const [, y, mo, d, h, mi, s, frac, zone] = m
  const millis = Number((frac ?? '').padEnd(3, '0').slice(0, 3))
  const utc = Date.UTC(
    Number(y),
    Number(mo ?? 1) - 1,
    Number(d ?? 1),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    millis,
  )
  if (!isCalendarValid(utc, Number(mo ?? 1), Number(d ?? 1))) return undefined

  return utc - zoneOffset(zone)
}

function isCalendarValid(utc: number, month: number, day: number): boolean {
  const date = new Date(utc)

  return date.getUTCMonth() + 1 === month && date.getUTCDate() === day
}

function zoneOffset(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0

  const digits = zone.replace(':', '')
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))

  return (digits.startsWith('-') ? -1 : 1) * minutes * 60_000
}

function addUnits(time: number, amount: number, unit: DateMathUnit): number {
  const fixed = FIXED_MS[unit]
  if (fixed !== undefined) return time + amount * fixed

  return addMonths(time, unit === 'y' ? amount * 12 : amount)
}

// month arithmetic clamps the day (Jan 31 + 1M = Feb 28/29), as java.time and moment do
function addMonths(time: number, months: number): number {
  const date = new Date(time)
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months
  const year = Math.floor(total / 12)
  const month = total - year * 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(date.getUTCDate(), lastDay)

  return (
    Date.UTC(year, month, day) +
    (time - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  )
}

function round(time: number, unit: DateMathUnit, roundUp: boolean): number {
  const floor = floorTo(time, unit)

  return roundUp ? addUnits(floor, 1, unit) - 1 : floor
}

function floorTo(time: number, unit: DateMathUnit): number {
  const date = new Date(time)
  switch (unit) {
    case 'y':
      return Date.UTC(date.getUTCFullYear(), 0, 1)
    case 'M':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
    case 'w': {
      // ISO weeks start on Monday
      const sinceMonday = (date.getUTCDay() + 6) % 7

      return floorTo(time, 'd') - sinceMonday * 86_400_000
    }
    case 'd':
    case 'h':
    case 'm':
    case 's':
    case 'ms': {
      const size = FIXED_MS[unit] ?? 1

      return Math.floor(time / size) * size
    }
  }
}

function locate(
  text: string,
  options: DateMathOptions,
  code: string,
  message: string,
  start: number,
  end: number,
): Diagnostic {
  const local = new SourceText(options.source ?? '<date-math>', text).spanAt(start, end)
  const span = options.origin === undefined ? local : shiftSpan(local, options.origin)

  return error(code, message, span, options.source)
}
