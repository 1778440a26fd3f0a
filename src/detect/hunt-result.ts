import type { Diagnostic } from '../syntax/index.ts'
import type { Alert } from './alert-types.ts'
import type { CompiledRule } from './compile-rule.ts'

/** How one rule did. */
export interface RuleOutcome {
  readonly rule: CompiledRule
  /** Alerts written, building blocks included. */
  readonly alerts: number
  /** Executions run (1 without replay). */
  readonly executions: number
  /** Executions cut by max_signals. */
  readonly truncatedExecutions: number
  /** Matches those cut executions did not turn into alerts. */
  readonly droppedMatches: number
  /** Events suppressed alerts count besides their own (their `docs_count`s). */
  readonly suppressed: number
}

/** One rule's share of a finished hunt. */
export interface RuleResult extends Omit<RuleOutcome, 'alerts' | 'suppressed'> {
  readonly alerts: readonly Alert[]
  readonly warnings: readonly Diagnostic[]
}

/** What a finished hunt gives. */
export interface HuntResult {
  readonly alerts: readonly Alert[]
  readonly rules: readonly RuleOutcome[]
  readonly warnings: readonly Diagnostic[]
}

/** The summary of one rule's result. */
export function outcomeOf(result: RuleResult): RuleOutcome {
  const { rule, alerts, executions, truncatedExecutions, droppedMatches } = result
  let suppressed = 0
  for (const { document } of alerts) {
    const count = document['kibana.alert.suppression.docs_count']
    if (typeof count === 'number') suppressed += count
  }

  return {
    rule,
    alerts: alerts.length,
    executions,
    truncatedExecutions,
    droppedMatches,
    suppressed,
  }
}

/** The hunt result of rule results given in rule order. */
export function resultOf(results: readonly RuleResult[]): HuntResult {
  return {
    alerts: results.flatMap((r) => r.alerts),
    rules: results.map((r) => outcomeOf(r)),
    warnings: results.flatMap((r) => r.warnings),
  }
}

/**
 * The rule results of a hunt and of the hunt that ran its `rerun` rules again, in rule order
 * (each rule is in one of them).
 */
export function mergeResults(
  first: readonly RuleResult[],
  again: readonly RuleResult[],
): RuleResult[] {
  return [...mergeInOrder(first, again)]
}

/**
 * {@link mergeResults} as the results come: `first` (in rule order, possibly built one at a
 * time) with `again` (in rule order) put in their places.
 */
export function* mergeInOrder(
  first: Iterable<RuleResult>,
  again: readonly RuleResult[],
): Generator<RuleResult> {
  let next = 0
  for (const result of first) {
    for (
      let other = again[next];
      other !== undefined && other.rule.position < result.rule.position;
      other = again[next]
    ) {
      next++
      yield other
    }

    yield result
  }

  yield* again.slice(next)
}
