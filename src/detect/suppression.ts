import objectHash from 'object-hash'
import type { AlertSuppression } from '../rules/index.ts'
import type { Alert, ExecutionContext } from './alert-types.ts'
import { buildEventAlert, newEventAlerts } from './build-alert.ts'
import type { Candidate } from './candidate.ts'
import { compareCandidates } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import { SPACE_ID } from './ids.ts'
import { bucketKey, compareBuckets, durationMsOf, joinOpenAlert } from './suppression-terms.ts'
import { SuppressionTerms } from './suppression-terms.ts'
import type { OpenAlert, SuppressionTerm, TermValue } from './suppression-terms.ts'

/** One search's window: the bucket times of events without one. */
export interface SearchWindow {
  readonly from: number
  readonly to: number
  /** When the search ran (replay: the execution's start), for suppression windows. */
  readonly at: number
}

/** What a suppressing search gives: the new alerts, and whether max_signals cut the buckets. */
export interface SuppressedOutcome {
  readonly alerts: Alert[]
  readonly isTruncated: boolean
  readonly droppedMatches: number
}

interface Bucket {
  readonly terms: readonly SuppressionTerm[]
  /** What buckets are sorted by (see {@link SuppressionTerms.orderOf}). */
  readonly order: readonly TermValue[]
  readonly first: Candidate
  count: number
  start: number
  end: number
}

/**
 * Kibana's alert suppression for custom query rules, kept across one rule's searches: each
 * search groups its events into buckets of the `group_by` values and writes one alert per bucket
 * (its earliest event's, with `kibana.alert.suppression.*`), as the rule type's composite
 * aggregation does; events a bucket of an earlier, overlapping search already counted are left
 * out (the bucket history); with a `duration`, a bucket whose instance already has an alert made
 * within that time adds its events to that alert instead of making a new one.
 */
export class QuerySuppression {
  readonly #rule: CompiledRule
  readonly #terms: SuppressionTerms
  readonly #durationMs: number | null
  /** Per bucket key: the last event time an earlier search's bucket covered. */
  readonly #history = new Map<string, number>()
  readonly #open = new Map<string, OpenAlert>()

  constructor(rule: CompiledRule, suppression: AlertSuppression) {
    this.#rule = rule
    this.#terms = new SuppressionTerms(suppression)
    this.#durationMs = durationMsOf(suppression)
  }

  /**
   * Searches one window's candidates. `limit` is max_signals (null: every bucket): as the rule
   * type asks its aggregation for one bucket more than that, to tell whether there are more, and
   * writes every bucket it gets, a cut search writes `limit + 1` alerts. `created` holds the ids
   * of alerts already written, which ordinary alerts are checked against.
   */
  search(
    candidates: readonly Candidate[],
    window: SearchWindow,
    limit: number | null,
    created: Set<string>,
    context: ExecutionContext,
  ): SuppressedOutcome {
    const { buckets, unsuppressed } = this.#group(candidates)
    const isTruncated = limit !== null && buckets.length > limit
    const kept = limit === null ? buckets : buckets.slice(0, limit + 1)
    const room = limit === null ? Number.POSITIVE_INFINITY : limit - buckets.length
    const hits = unsuppressed.map((c) => c.hit)
    const { alerts } = newEventAlerts(hits, this.#rule, context, created, room)
    for (const bucket of kept) {
      const alert = this.#bucketAlert(bucket, window, context)
      if (alert !== null) alerts.push(alert)
    }

    for (const bucket of kept) this.#remember(bucket, window)

    return { alerts, isTruncated, droppedMatches: buckets.length - kept.length }
  }

  // the buckets in composite order, and the events in none (doNotSuppress, a field missing)
  #group(candidates: readonly Candidate[]) {
    const byKey = new Map<string, Bucket>()
    const unsuppressed: Candidate[] = []
    for (const candidate of [...candidates].sort(compareCandidates)) {
      const terms = this.#terms.bucketsOf(candidate.hit.source)
      if (terms === null) {
        unsuppressed.push(candidate)
        continue
      }

      const keys = terms.map(bucketKey)
      if (keys.some((key) => this.#isCounted(key, candidate.windowTime))) continue

      terms.forEach((t, i) => {
        this.#addTo(byKey, keys[i] ?? '', t, candidate)
      })
    }

    const buckets = [...byKey.values()].sort((a, b) => compareBuckets(a.order, b.order))

    return { buckets, unsuppressed }
  }

  #addTo(
    byKey: Map<string, Bucket>,
    key: string,
    terms: readonly SuppressionTerm[],
    c: Candidate,
  ): void {
    const bucket = byKey.get(key)
    if (bucket !== undefined) {
      widen(bucket, c)

      return
    }

    const order = this.#terms.orderOf(terms)
    byKey.set(key, { terms, order, first: c, count: 1, start: c.windowTime, end: c.windowTime })
  }

  // an event an earlier search's bucket of the same key covered is not counted again
  #isCounted(key: string, time: number): boolean {
    const end = this.#history.get(key)

    return end !== undefined && !Number.isNaN(time) && time <= end
  }

  // a new alert for the bucket, or null when an open alert of its instance took its events
  #bucketAlert(bucket: Bucket, window: SearchWindow, context: ExecutionContext): Alert | null {
    const instanceId = objectHash([bucket.terms, this.#rule.uuid, SPACE_ID])
    const start = timeOr(bucket.start, window.from)
    const end = timeOr(bucket.end, window.to)
    const open = this.#open.get(instanceId)
    if (open !== undefined && this.#isWithinDuration(open, window.at)) {
      // a bucket ending no later than the open alert's end was counted already
      if (end > open.end) joinOpenAlert(open, bucket.count, end)

      return null
    }

    const alert = suppressedAlert(bucket, this.#rule, context, { instanceId, start, end })
    if (this.#durationMs !== null) this.#open.set(instanceId, { alert, createdAt: window.at, end })

    return alert
  }

  #isWithinDuration(open: OpenAlert, at: number): boolean {
    return this.#durationMs !== null && at - this.#durationMs <= open.createdAt
  }

  #remember(bucket: Bucket, window: SearchWindow): void {
    const key = bucketKey(bucket.terms)
    const end = timeOr(bucket.end, window.to)
    this.#history.set(key, Math.max(end, this.#history.get(key) ?? Number.NEGATIVE_INFINITY))
  }
}

function widen(bucket: Bucket, c: Candidate): void {
  bucket.count++
  if (Number.isNaN(c.windowTime)) return

  if (Number.isNaN(bucket.start) || c.windowTime < bucket.start) bucket.start = c.windowTime
  if (Number.isNaN(bucket.end) || c.windowTime > bucket.end) bucket.end = c.windowTime
}

interface SuppressionIds {
  readonly instanceId: string
  readonly start: number
  readonly end: number
}

// the bucket's earliest event as an alert, under the suppressed alert's own id
function suppressedAlert(
  bucket: Bucket,
  rule: CompiledRule,
  context: ExecutionContext,
  { instanceId, start, end }: SuppressionIds,
): Alert {
  const { hit } = bucket.first
  const startDate = new Date(start)
  const endDate = new Date(end)
  const id = objectHash([
    hit.index,
    hit.id,
    hit.version,
    `${SPACE_ID}:${rule.uuid}`,
    bucket.terms,
    startDate,
    endDate,
  ])
  const base = buildEventAlert(hit, rule, context)
  const document = base.document
  document['kibana.alert.uuid'] = id
  document['kibana.alert.suppression.terms'] = bucket.terms
  document['kibana.alert.suppression.start'] = startDate.toISOString()
  document['kibana.alert.suppression.end'] = endDate.toISOString()
  document['kibana.alert.suppression.docs_count'] = bucket.count - 1
  document['kibana.alert.instance.id'] = instanceId

  return { ...base, id }
}

function timeOr(time: number, fallback: number): number {
  return Number.isNaN(time) || !Number.isFinite(time) ? fallback : time
}
