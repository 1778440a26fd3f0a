import {
  compareUtf8,
  compileFieldRead,
  compileIpTextRead,
  fieldKindOf,
  ipKey,
} from '../compile/index.ts'
import type { FieldRead } from '../compile/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { AlertSuppression } from '../rules/index.ts'
import type { Alert } from './alert-types.ts'

/** A bucket key value, typed as Elasticsearch's composite aggregation returns it. */
export type TermValue = string | number | boolean | null

/** One `kibana.alert.suppression.terms` entry. */
export interface SuppressionTerm {
  readonly field: string
  readonly value: TermValue
}

/** The buckets one event falls in: their terms, or null when it is not suppressed at all. */
export type EventBuckets = readonly (readonly SuppressionTerm[])[] | null

/**
 * Reads an event's suppression buckets as a composite aggregation over the `group_by` fields
 * makes them: one bucket per combination of the fields' distinct values, typed by the ECS
 * mapping (keywords as text, integers and dates as numbers, addresses as printed). A field
 * without a value is a null term with the `suppress` strategy; with `doNotSuppress` the event is
 * in no bucket and becomes an ordinary alert.
 */
export class SuppressionTerms {
  readonly #fields: readonly string[]
  readonly #reads: readonly FieldRead[]
  readonly #isIp: readonly boolean[]
  readonly #suppressesMissing: boolean

  constructor(suppression: AlertSuppression) {
    this.#fields = suppression.group_by
    this.#isIp = suppression.group_by.map((field) => fieldKindOf(field) === 'ip')
    this.#reads = groupByReads(suppression.group_by)
    this.#suppressesMissing = suppression.missing_fields_strategy === 'suppress'
  }

  /** The values buckets are ordered by: an address by its bytes, as the aggregation sorts it. */
  orderOf(terms: readonly SuppressionTerm[]): TermValue[] {
    return terms.map(({ value }, i) =>
      this.#isIp[i] === true && typeof value === 'string' ? (ipKey(value) ?? value) : value,
    )
  }

  /** The buckets of `event`. */
  bucketsOf(event: EcsEvent): EventBuckets {
    let buckets: SuppressionTerm[][] = [[]]
    for (const [i, read] of this.#reads.entries()) {
      const values = distinctValues(read.read(event))
      if (values.length === 0 && !this.#suppressesMissing) return null

      const field = this.#fields[i] ?? ''
      const terms = (values.length === 0 ? [null] : values).map((value) => ({ field, value }))
      buckets = buckets.flatMap((bucket) => terms.map((term) => [...bucket, term]))
    }

    return buckets
  }
}

/** An alert later events of its instance may join (with a `duration`, or within a search). */
export interface OpenAlert {
  readonly alert: Alert
  /** When the search that made it ran. */
  readonly createdAt: number
  /** Its `kibana.alert.suppression.end`, in epoch ms. */
  end: number
}

/**
 * Adds `count` events ending at `end` to an open alert, as Kibana updates the alert it finds:
 * `docs_count` grows by them, and `end` moves when theirs is later.
 */
export function joinOpenAlert(open: OpenAlert, count: number, end: number): void {
  const document = open.alert.document
  const docs = document['kibana.alert.suppression.docs_count']
  document['kibana.alert.suppression.docs_count'] = (typeof docs === 'number' ? docs : 0) + count
  if (end <= open.end) return

  open.end = end
  document['kibana.alert.suppression.end'] = new Date(end).toISOString()
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const

/** The suppression `duration` in milliseconds, or null when suppression is per search. */
export function durationMsOf(suppression: AlertSuppression): number | null {
  const { duration } = suppression

  return duration === undefined ? null : duration.value * UNIT_MS[duration.unit]
}

/** The reads of the `group_by` fields: typed by the ECS mapping, addresses as printed. */
export function groupByReads(fields: readonly string[]): FieldRead[] {
  return fields.map((field) =>
    fieldKindOf(field) === 'ip' ? compileIpTextRead(field) : compileFieldRead(field),
  )
}

/** A bucket's identity: its terms as text. */
export function bucketKey(terms: readonly SuppressionTerm[]): string {
  return JSON.stringify(terms.map((term) => term.value))
}

/**
 * The composite aggregation's bucket order, over {@link SuppressionTerms.orderOf} values: field
 * by field, ascending (text in UTF-8 byte order, numbers by value, false before true), a missing
 * value last.
 */
export function compareBuckets(a: readonly TermValue[], b: readonly TermValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareTerms(a[i] ?? null, b[i] ?? null)
    if (order !== 0) return order
  }

  return 0
}

function compareTerms(a: TermValue, b: TermValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1
  if (typeof a !== typeof b) return typeRank(a) - typeRank(b)
  if (typeof a === 'string') return compareUtf8(a, b as string)
  if (typeof a === 'number') return a - (b as number)

  return Number(a) - Number(b)
}

function typeRank(value: string | number | boolean): number {
  if (typeof value === 'boolean') return 0

  return typeof value === 'number' ? 1 : 2
}

function distinctValues(value: unknown): (string | number | boolean)[] {
  const values = Array.isArray(value) ? (value as unknown[]) : [value]
  const kept: (string | number | boolean)[] = []
  for (const item of values) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') continue
    if (!kept.includes(item)) kept.push(item)
  }

  return kept
}
