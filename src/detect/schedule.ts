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
  const plan = new ExecutionPlan(schedule, first, last)
  for (let k = 0; k < plan.count; k++) yield plan.at(k)
}

/** Executions past this many are not counted: a window that never moves would loop forever. */
const MAX_EXECUTIONS = 2 ** 40

/**
 * The {@link executions} over `first`..`last` by number, execution k starting k intervals after
 * the first. Windows only move forward as k grows, so the executions that reach a time are found
 * by bisection: a replay over logs that span years skips the millions of executions no event
 * falls in instead of stepping through them.
 */
export class ExecutionPlan {
  readonly #schedule: Schedule
  readonly #origin: number
  /** How many executions there are: the first whose window starts after `last` ends them. */
  readonly count: number

  constructor(schedule: Schedule, first: number, last: number) {
    this.#schedule = schedule
    this.#origin = Math.ceil(first / schedule.intervalMs) * schedule.intervalMs
    this.count = this.#firstWhere(0, (execution) => execution.from > last)
  }

  /** Execution number `k`. */
  at(k: number): Execution {
    return windowAt(this.#schedule, this.#origin + k * this.#schedule.intervalMs)
  }

  /** The first execution from number `from` on whose window reaches `time`; count when none. */
  firstReaching(time: number, from: number): number {
    return Math.min(
      this.count,
      this.#firstWhere(from, (execution) => execution.to >= time),
    )
  }

  // the first k >= lo for which `holds`, which once true stays true as k grows: the bound
  // doubles until it holds, then bisection
  #firstWhere(lo: number, holds: (execution: Execution) => boolean): number {
    let low = lo
    let span = 1
    while (low < MAX_EXECUTIONS && !holds(this.at(low + span - 1))) {
      low += span
      span *= 2
    }

    let high = Math.min(low + span - 1, MAX_EXECUTIONS)
    while (low < high) {
      const middle = Math.floor((low + high) / 2)
      if (holds(this.at(middle))) high = middle
      else low = middle + 1
    }

    return low
  }
}

/** Milliseconds between consecutive windows that no window covers (0 when they meet or overlap). */
export function scheduleGapMs(schedule: Schedule): number {
  const reference = Date.UTC(2000, 0, 1)
  const a = windowAt(schedule, reference)
  const b = windowAt(schedule, reference + schedule.intervalMs)

  return Math.max(0, b.from - a.to - 1)
}
