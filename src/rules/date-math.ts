import { addDateUnits, DATE_UNIT_MS, floorToDateUnit, isoDateParser } from '../ecs/index.ts'
import type { DateUnit } from '../ecs/index.ts'
import { error, fail, ok, shiftSpan, SourceText } from '../syntax/index.ts'
import type { Diagnostic, Position, Result } from '../syntax/index.ts'

/** A date math time unit: Elasticsearch's set plus `ms` (Kibana's datemath accepts it). */
export type DateMathUnit = DateUnit

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

const parseAnchorDate = isoDateParser({ allowsSpace: true, needsZoneMinutes: true })

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
      step.kind === 'add'
        ? addDateUnits(time, step.amount, step.unit)
        : round(time, step.unit, roundUp)
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

  return ok(amount * (DATE_UNIT_MS[match[2] as DateMathUnit] ?? 1))
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

  const date = parseAnchorDate(text)

  return date === null ? undefined : date.base + date.fractionMs
}

function round(time: number, unit: DateMathUnit, roundUp: boolean): number {
  const floor = floorToDateUnit(time, unit)

  return roundUp ? addDateUnits(floor, 1, unit) - 1 : floor
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
