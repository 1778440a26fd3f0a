import type { Diagnostic } from '../syntax/index.ts'
import type { ExecutionContext } from './alert-types.ts'
import type { Candidate } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import { searchRule, suppressionOf } from './finish-rule.ts'
import type { RuleResult } from './hunt-result.ts'
import { uuidV5 } from './ids.ts'
import { replayRule } from './replay.ts'

/** The first and last event times of a hunt (NaN-free; infinite when it saw none). */
export interface TimeSpan {
  readonly first: number
  readonly last: number
}

/** What a rule's result depends on besides its candidates. */
export interface ResultContext {
  readonly mode: 'all' | 'replay'
  /** Alert creation time in epoch ms. */
  readonly now: number
  /** The event times this hunt saw: a search of the whole input spans them. */
  readonly seen: TimeSpan
  /** The span replayed executions are laid out over (the whole input's, on workers). */
  readonly laidOut: TimeSpan
}

/** One rule's alerts from its candidates: one search of the whole input, or its executions. */
export function ruleResult(
  rule: CompiledRule,
  candidates: readonly Candidate[],
  context: ResultContext,
): RuleResult {
  // one search of nothing finds nothing: the rule's query need not even be compiled for it
  if (context.mode === 'all' && candidates.length === 0)
    return { ...ONE_SEARCH, rule, alerts: [], warnings: [] }

  const execution = executionOf(rule, context.now)
  const warnings: Diagnostic[] = []
  const outcome =
    context.mode === 'replay'
      ? replayRule(rule, candidates, context.laidOut, execution, warnings)
      : searchAll(rule, candidates, execution, context)

  return { ...outcome.summary, rule, alerts: outcome.alerts, warnings }
}

/** A search of the whole input: one execution, never cut. */
const ONE_SEARCH = { executions: 1, truncatedExecutions: 0, droppedMatches: 0 } as const

function searchAll(
  rule: CompiledRule,
  candidates: readonly Candidate[],
  execution: ExecutionContext,
  context: ResultContext,
) {
  const suppression = suppressionOf(rule)
  // one search over the whole input: a bucket without event times spans the events seen
  const window = { from: context.seen.first, to: context.seen.last, at: context.now }
  const suppressed = suppression === null ? null : { suppression, window }
  const found = searchRule(rule, candidates, null, new Set(), execution, suppressed)

  return {
    alerts: found.alerts,
    summary: ONE_SEARCH,
  }
}

function executionOf(rule: CompiledRule, now: number): ExecutionContext {
  const time = new Date(now).toISOString()

  return { now: time, executionUuid: uuidV5(rule.uuid, time) }
}
