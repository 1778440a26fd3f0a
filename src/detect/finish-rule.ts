import type { QueryPlan } from '../compile/index.ts'
import { createRunner, EventRunner, isMissingEvent, SequenceRunner } from '../engine/index.ts'
import type { EngineEvent, EqlResults, RunnerOptions } from '../engine/index.ts'
import type { Alert, ExecutionContext, SourceHit } from './alert-types.ts'
import { buildEventAlert } from './build-alert.ts'
import type { Candidate } from './candidate.ts'
import { compareCandidates } from './candidate.ts'
import { eventAlertId } from './ids.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { AlertOrder } from './event-split.ts'
import { buildSequenceAlerts } from './sequence-alerts.ts'

/** What one search of a rule (the whole input, or one execution's window) gave. */
export interface SearchOutcome {
  /** New alerts, in Kibana's order. */
  readonly alerts: Alert[]
  /** The max_signals limit cut the results. */
  readonly isTruncated: boolean
  /** Matches the limit kept from becoming alerts (events, or sequences for sequence rules). */
  readonly droppedMatches: number
}

/**
 * Searches `candidates` (already in the window) the way the rule type does, keeping only alerts
 * whose ids are not in `created` (which it extends). `limit` is max_signals, or null for every
 * match: query rules keep the first `limit` new alerts in sort order; EQL asks for the first
 * `limit` events or sequences, and drops the ones already created afterwards. `orders`, when
 * given for a rule split by event, receives where each alert of an event query sorts.
 */
export function searchRule(
  rule: CompiledRule,
  candidates: readonly Candidate[],
  limit: number | null,
  created: Set<string>,
  context: ExecutionContext,
  orders?: AlertOrder[],
): SearchOutcome {
  if (rule.plan === null) return searchQuery(rule, candidates, { limit, created, context, orders })

  const byOrdinal = new Map<number, SourceHit>()
  for (const candidate of candidates) byOrdinal.set(candidate.ordinal, candidate.hit)

  const options: RunnerOptions = limit === null ? {} : { size: limit, resultPosition: 'head' }
  const results = runPlan(rule.plan, candidates, options)
  const hitOf = (event: EngineEvent) => byOrdinal.get(event.ordinal)
  const isTruncated = limit !== null && results.total >= limit

  return {
    alerts: eqlAlerts(results, rule, hitOf, { limit, created, context, orders }),
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

function returnedCount(results: EqlResults): number {
  return results.kind === 'events' ? results.events.length : results.sequences.length
}

/** How one search runs; see {@link searchRule}. */
interface SearchWay {
  readonly limit: number | null
  readonly created: Set<string>
  readonly context: ExecutionContext
  readonly orders: AlertOrder[] | undefined
}

function searchQuery(
  rule: CompiledRule,
  candidates: readonly Candidate[],
  { limit, created, context, orders }: SearchWay,
): SearchOutcome {
  const sorted = [...candidates].sort(compareCandidates)
  const alerts: Alert[] = []
  let dropped = 0
  for (const { hit, windowTime, baseTime, ordinal } of sorted) {
    // the id alone decides whether the event is new; the document is built only when it is kept
    const id = eventAlertId(hit.index, hit.id, hit.version, rule.uuid)
    if (created.has(id)) continue

    if (limit !== null && alerts.length >= limit) {
      dropped++
      continue
    }

    created.add(id)
    alerts.push(buildEventAlert(hit, rule, context))
    orders?.push({ first: windowTime, second: baseTime, ordinal })
  }

  return { alerts, isTruncated: dropped > 0, droppedMatches: dropped }
}

function eqlAlerts(
  results: EqlResults,
  rule: CompiledRule,
  hitOf: (event: EngineEvent) => SourceHit | undefined,
  { created, context, orders }: SearchWay,
): Alert[] {
  if (results.kind === 'events') {
    return results.events.flatMap((event) => {
      const hit = hitOf(event)
      if (hit === undefined) return []

      const alert = buildEventAlert(hit, rule, context)
      if (!addIfNew(created, alert.id)) return []

      orders?.push({ first: event.timestamp, second: event.tiebreaker, ordinal: event.ordinal })

      return [alert]
    })
  }

  return results.sequences.flatMap((sequence) => {
    const hits = sequence.events.flatMap((event) => {
      if (isMissingEvent(event)) return []

      const hit = hitOf(event)

      return hit === undefined ? [] : [hit]
    })

    if (hits.length === 0) return []

    return buildSequenceAlerts(hits, rule, context).filter((alert) => addIfNew(created, alert.id))
  })
}

function addIfNew(created: Set<string>, id: string): boolean {
  if (created.has(id)) return false

  created.add(id)

  return true
}
