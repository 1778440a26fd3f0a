import type { QueryPlan } from '../compile/index.ts'
import { createRunner, EventRunner, isMissingEvent, SequenceRunner } from '../engine/index.ts'
import type { EngineEvent, EqlResults, RunnerOptions } from '../engine/index.ts'
import type { Alert, ExecutionContext, SourceHit } from './alert-types.ts'
import { buildEventAlert, newEventAlerts } from './build-alert.ts'
import type { Candidate } from './candidate.ts'
import { compareCandidates } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import { buildSequenceAlerts } from './sequence-alerts.ts'
import { EqlSuppression } from './suppression-eql.ts'
import { QuerySuppression } from './suppression.ts'
import type { SearchWindow } from './suppression.ts'

/** What one search of a rule (the whole input, or one execution's window) gave. */
export interface SearchOutcome {
  /** New alerts, in Kibana's order. */
  readonly alerts: Alert[]
  /** The max_signals limit cut the results. */
  readonly isTruncated: boolean
  /** Matches the limit kept from becoming alerts (events, or sequences for sequence rules). */
  readonly droppedMatches: number
}

/** A rule's suppression over its searches, and the window being searched. */
export interface SuppressedSearch {
  readonly suppression: QuerySuppression | EqlSuppression
  readonly window: SearchWindow
}

/**
 * The suppression a rule's searches share: custom query rules and single-event EQL rules with
 * `alert_suppression` (sequences are not suppressed).
 */
export function suppressionOf(rule: CompiledRule): QuerySuppression | EqlSuppression | null {
  const { rule: model } = rule
  if (model.type === 'query' && model.alert_suppression !== undefined)
    return new QuerySuppression(rule, model.alert_suppression)
  if (model.type === 'eql' && model.alert_suppression !== undefined && rule.shape !== 'sequence')
    return new EqlSuppression(rule, model.alert_suppression)

  return null
}

/**
 * Searches `candidates` (already in the window) the way the rule type does, keeping only alerts
 * whose ids are not in `created` (which it extends). `limit` is max_signals, or null for every
 * match: query rules keep the first `limit` new alerts in sort order (or, with `suppressed`,
 * one alert per suppression bucket); EQL asks for the first `limit` events or sequences, and
 * drops the ones already created afterwards.
 */
export function searchRule(
  rule: CompiledRule,
  candidates: readonly Candidate[],
  limit: number | null,
  created: Set<string>,
  context: ExecutionContext,
  suppressed: SuppressedSearch | null = null,
): SearchOutcome {
  const suppression = suppressed?.suppression ?? null
  const window = suppressed?.window ?? null
  if (suppression instanceof QuerySuppression && window !== null)
    return suppression.search(candidates, window, limit, created, context)

  if (rule.plan === null) return searchQuery(rule, candidates, limit, created, context)

  const options: RunnerOptions = limit === null ? {} : { size: limit, resultPosition: 'head' }
  const results = runPlan(rule.plan, candidates, options)
  if (suppression instanceof EqlSuppression && window !== null && results.kind === 'events') {
    const matches = candidatesOf(results.events, candidates)

    return {
      alerts: suppression.search(matches, window, limit, created, context),
      isTruncated: limit !== null && results.total >= limit,
      droppedMatches: results.total - results.events.length,
    }
  }

  // built on the first alert only: most sequence rules hold many events and complete nothing
  let byOrdinal: Map<number, SourceHit> | undefined
  const hitOf = (event: EngineEvent): SourceHit | undefined => {
    byOrdinal ??= new Map(candidates.map((c) => [c.ordinal, c.hit]))

    return byOrdinal.get(event.ordinal)
  }
  const alerts = eqlAlerts(results, rule, hitOf, context)
  const isTruncated = limit !== null && results.total >= limit

  return {
    alerts: alerts.filter((alert) => addIfNew(created, alert.id)),
    isTruncated,
    // `total` counts every result before the limit
    droppedMatches: results.total - returnedCount(results),
  }
}

// the hunt tested every candidate against the query as it read it: the runners take the
// outcome instead of testing again
function runPlan(
  plan: QueryPlan,
  candidates: readonly Candidate[],
  options: RunnerOptions,
): EqlResults {
  if (plan.kind === 'sequence') {
    const runner = new SequenceRunner(plan, options)
    for (const { engine, stepMask } of candidates) {
      if (engine === null) continue

      if (stepMask === -1) runner.push(engine)
      else runner.pushMasked(engine, stepMask)
    }

    return runner.finish()
  }

  if (plan.kind === 'event') {
    const runner = new EventRunner(plan, options)
    for (const { engine } of candidates) if (engine !== null) runner.pushMatch(engine)

    return runner.finish()
  }

  const runner = createRunner(plan, options)
  for (const { engine } of candidates) if (engine !== null) runner.push(engine)

  return runner.finish()
}

// the candidates of the search's events, in the search's order
function candidatesOf(events: readonly EngineEvent[], candidates: readonly Candidate[]) {
  const byOrdinal = new Map(candidates.map((c) => [c.ordinal, c]))

  return events.flatMap((event) => {
    const candidate = byOrdinal.get(event.ordinal)

    return candidate === undefined ? [] : [candidate]
  })
}

function returnedCount(results: EqlResults): number {
  return results.kind === 'events' ? results.events.length : results.sequences.length
}

function searchQuery(
  rule: CompiledRule,
  candidates: readonly Candidate[],
  limit: number | null,
  created: Set<string>,
  context: ExecutionContext,
): SearchOutcome {
  const hits = [...candidates].sort(compareCandidates).map((c) => c.hit)
  const room = limit ?? Number.POSITIVE_INFINITY
  const { alerts, dropped } = newEventAlerts(hits, rule, context, created, room)

  return { alerts, isTruncated: dropped > 0, droppedMatches: dropped }
}

function eqlAlerts(
  results: EqlResults,
  rule: CompiledRule,
  hitOf: (event: EngineEvent) => SourceHit | undefined,
  context: ExecutionContext,
): Alert[] {
  if (results.kind === 'events') {
    return results.events.flatMap((event) => {
      const hit = hitOf(event)

      return hit === undefined ? [] : [buildEventAlert(hit, rule, context)]
    })
  }

  return results.sequences.flatMap((sequence) => {
    const hits = sequence.events.flatMap((event) => {
      if (isMissingEvent(event)) return []

      const hit = hitOf(event)

      return hit === undefined ? [] : [hit]
    })

    return hits.length === 0 ? [] : buildSequenceAlerts(hits, rule, context)
  })
}

function addIfNew(created: Set<string>, id: string): boolean {
  if (created.has(id)) return false

  created.add(id)

  return true
}
