import { EMPTY_SPAN, warning } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import type { Alert, ExecutionContext } from './alert-types.ts'
import type { Candidate } from './candidate.ts'
import { lowerBound } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import { searchRule, suppressionOf } from './finish-rule.ts'
import { ExecutionPlan, parseSchedule, scheduleGapMs } from './schedule.ts'

/** The alerting framework's cap on alerts per execution (`xpack.alerting.rules.run.alerts.max`). */
export const MAX_ALERTS_PER_EXECUTION = 1000

/** What replaying one rule gives. */
export interface ReplayOutcome {
  readonly alerts: Alert[]
  readonly summary: ReplaySummary
}

/** Counts over a rule's replayed executions. */
export interface ReplaySummary {
  readonly executions: number
  readonly truncatedExecutions: number
  /** Matches that executions cut by max_signals did not turn into alerts. */
  readonly droppedMatches: number
}

const NO_EXECUTIONS: ReplaySummary = { executions: 0, truncatedExecutions: 0, droppedMatches: 0 }

/**
 * Replays a rule's scheduled executions over the event times seen (`span`): each execution
 * searches its window with at most max_signals results (warning ERR_DETECT_MAX_SIGNALS when cut),
 * and alerts already created by an earlier, overlapping window are dropped by id.
 */
export function replayRule(
  rule: CompiledRule,
  candidates: readonly Candidate[],
  span: { readonly first: number; readonly last: number },
  context: ExecutionContext,
  warnings: Diagnostic[],
): ReplayOutcome {
  const source = rule.rule.provenance.path
  const schedule = parseSchedule(rule.rule)
  if (!schedule.ok) {
    warnings.push(...schedule.diagnostics)

    return { alerts: [], summary: NO_EXECUTIONS }
  }

  const limit = maxAlerts(rule, warnings)
  const gap = scheduleGapMs(schedule.value)
  if (gap > 0) {
    warnings.push(
      warning(
        'ERR_DETECT_SCHEDULE_GAP',
        `rule "${rule.rule.name}" leaves ${String(gap + 1)} ms between executions unsearched`,
        EMPTY_SPAN,
        source,
      ),
    )
  }

  const sorted = candidates
    .filter((c) => !Number.isNaN(c.windowTime))
    .sort((a, b) => a.windowTime - b.windowTime || a.ordinal - b.ordinal)
  const created = new Set<string>()
  const suppression = suppressionOf(rule)
  const alerts: Alert[] = []
  let truncated = 0
  let dropped = 0
  if (!Number.isFinite(span.first)) return { alerts, summary: NO_EXECUTIONS }

  const plan = new ExecutionPlan(schedule.value, span.first, span.last)
  let k = 0
  while (k < plan.count) {
    const execution = plan.at(k)
    const start = lowerBound(sorted, execution.from)
    const next = sorted[start]
    if (next === undefined) break

    // no event in this window: on to the first execution whose window reaches the next one
    if (next.windowTime > execution.to) {
      k = plan.firstReaching(next.windowTime, k + 1)
      continue
    }

    k++
    const window = sorted.slice(start, lowerBound(sorted, execution.to + 1))
    const searched = { from: execution.from, to: execution.to, at: execution.startedAt }
    const suppressed = suppression === null ? null : { suppression, window: searched }
    const found = searchRule(rule, window, limit, created, context, suppressed)
    alerts.push(...found.alerts)
    if (!found.isTruncated) continue

    truncated++
    dropped += found.droppedMatches
    warnings.push(
      warning(
        'ERR_DETECT_MAX_SIGNALS',
        `rule "${rule.rule.name}" reached the maximum alert limit (${String(limit)}) in the execution at ${new Date(execution.startedAt).toISOString()}: ${String(found.droppedMatches)} more matches were not turned into alerts`,
        EMPTY_SPAN,
        source,
      ),
    )
  }

  return {
    alerts,
    summary: { executions: plan.count, truncatedExecutions: truncated, droppedMatches: dropped },
  }
}

function maxAlerts(rule: CompiledRule, warnings: Diagnostic[]): number {
  const wanted = rule.rule.max_signals
  if (wanted <= MAX_ALERTS_PER_EXECUTION) return wanted

  warnings.push(
    warning(
      'ERR_DETECT_MAX_SIGNALS_CAPPED',
      `rule "${rule.rule.name}" asks for max_signals ${String(wanted)}; executions write at most ${String(MAX_ALERTS_PER_EXECUTION)} alerts`,
      EMPTY_SPAN,
      rule.rule.provenance.path,
    ),
  )

  return MAX_ALERTS_PER_EXECUTION
}
