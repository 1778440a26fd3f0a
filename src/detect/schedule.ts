import { parseDateMath, parseInterval, resolveDateMath } from '../rules/index.ts'
import type { DateMath } from '../rules/index.ts'
import { fail, ok } from '../syntax/index.ts'
import type { Result } from '../syntax/index.ts'
import type { RunnableRule } from './compile-rule.ts'

/** One scheduled execution: its start and the inclusive window it searches. */
export interface Execution {
  readonly startedAt: number
  readonly from: number
  readonly to: number
}

/** A rule's schedule: interval and the date math of its window ends. */
export interface Schedule {
  readonly intervalMs: number
  readonly from: DateMath
  readonly to: DateMath
}

/** Parses `interval`, `from` and `to` of a rule. */
export function parseSchedule(rule: RunnableRule): Result<Schedule> {
  const source = rule.provenance.path
  const interval = parseInterval(rule.interval, { source })
  const from = parseDateMath(rule.from, { source })
  const to = parseDateMath(rule.to, { source })
  if (!interval.ok || !from.ok || !to.ok) {
    return fail([
      ...(interval.ok ? [] : interval.diagnostics),
      ...(from.ok ? [] : from.diagnostics),
      ...(to.ok ? [] : to.diagnostics),
    ])
  }

  return ok({ intervalMs: interval.value, from: from.value, to: to.value })
}

/** The window of the execution started at `startedAt` (`gte from`, `lte to`). */
export function windowAt(schedule: Schedule, startedAt: number): Execution {
  return {
    startedAt,
    from: resolveDateMath(schedule.from, startedAt),
    to: resolveDateMath(schedule.to, startedAt, true),
  }
}

/**
 * The executions that cover event times `first`..`last`. Kibana runs a rule every interval from
 * the moment it was enabled; with no such moment, Vigil puts the first execution at the first
 * multiple of the interval since the epoch (UTC) at or after the earliest event, as if the rule
 * had been enabled on an interval boundary long before, and stops before the first execution whose
 * window starts after the latest event. With a look-back (`from` earlier than `now-interval`) the
 * first window covers the earliest event.
 */
export function* executions(schedule: Schedule, first: number, last: number): Generator<Execution> {
  const step = schedule.intervalMs
  for (let startedAt = Math.ceil(first / step) * step; ; startedAt += step) {
    const execution = windowAt(schedule, startedAt)
    if (execution.from > last) return

    yield execution
  }
}

/** Milliseconds between consecutive windows that no window covers (0 when they meet or overlap). */
export function scheduleGapMs(schedule: Schedule): number {
  const reference = Date.UTC(2000, 0, 1)
  const a = windowAt(schedule, reference)
  const b = windowAt(schedule, reference + schedule.intervalMs)

  return Math.max(0, b.from - a.to - 1)
}
