import objectHash from 'object-hash'
import type { FieldRead } from '../compile/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { AlertSuppression } from '../rules/index.ts'
import type { Alert, ExecutionContext } from './alert-types.ts'
import { buildEventAlert, newEventAlerts } from './build-alert.ts'
import type { Candidate } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import { eventAlertId, SPACE_ID } from './ids.ts'
import type { SearchWindow } from './suppression.ts'
import { durationMsOf, groupByReads, joinOpenAlert } from './suppression-terms.ts'
import type { OpenAlert } from './suppression-terms.ts'

/** A value as a search's `fields` section lists it. */
type FieldValue = string | number | boolean

/** One term: the field's values, sorted, or null when it has none. */
interface EqlTerm {
  readonly field: string
  readonly value: readonly FieldValue[] | null
}

interface Wrapped {
  readonly candidate: Candidate
  readonly terms: readonly EqlTerm[]
  readonly instanceId: string
  readonly time: number
}

interface Group {
  readonly first: Wrapped
  count: number
  end: number
}

/** An open alert, with the search that made it. */
interface SearchOpenAlert extends OpenAlert {
  readonly search: number
}

/**
 * Kibana's alert suppression for single-event EQL rules, done in memory over each search's
 * events: the events of one instance (the `group_by` values, each field's values sorted, as the
 * search's `fields` list them) become one alert, the earliest event's, counting the others in
 * `kibana.alert.suppression.docs_count`. An event an open alert of an earlier search already
 * counted (its end is not before the event) is left out; with a `duration`, a later search's
 * events join the open alert made within that time instead of making a new one.
 */
export class EqlSuppression {
  readonly #rule: CompiledRule
  readonly #fields: readonly string[]
  readonly #reads: readonly FieldRead[]
  readonly #suppressesMissing: boolean
  readonly #durationMs: number | null
  readonly #open = new Map<string, SearchOpenAlert>()
  #searches = 0

  constructor(rule: CompiledRule, suppression: AlertSuppression) {
    this.#rule = rule
    this.#fields = suppression.group_by
    this.#reads = groupByReads(suppression.group_by)
    this.#suppressesMissing = suppression.missing_fields_strategy === 'suppress'
    this.#durationMs = durationMsOf(suppression)
  }

  /**
   * Turns one search's matches (in the search's order) into alerts: at most `limit` new ones
   * (null: no limit); `created` holds the ids already written.
   */
  search(
    matches: readonly Candidate[],
    window: SearchWindow,
    limit: number | null,
    created: Set<string>,
    context: ExecutionContext,
  ): Alert[] {
    const search = ++this.#searches
    const ordinary: Candidate[] = []
    const wrapped: Wrapped[] = []
    for (const candidate of matches) {
      const terms = this.#termsOf(candidate.hit.source)
      if (terms === null) ordinary.push(candidate)
      else wrapped.push(this.#wrap(candidate, terms))
    }

    const hits = ordinary.map((c) => c.hit)
    const room = limit ?? Number.POSITIVE_INFINITY
    const { alerts } = newEventAlerts(hits, this.#rule, context, created, room)
    const left = room - alerts.length
    const fresh = wrapped.filter((w) => !this.#isCounted(w, search, window, created))
    let made = 0
    for (const group of groupByInstance(fresh)) {
      // joining an open alert makes no new one; new ones past the room are not written
      if (this.#joinsOpen(group, window) || made >= left) continue

      alerts.push(this.#newAlert(group, search, window, created, context))
      made++
    }

    return alerts
  }

  // the terms of the event, or null when a field is missing and such events are not suppressed
  #termsOf(source: EcsEvent): EqlTerm[] | null {
    const terms: EqlTerm[] = []
    for (const [i, read] of this.#reads.entries()) {
      const values = fieldValues(read, read.read(source))
      if (values.length === 0 && !this.#suppressesMissing) return null

      terms.push({ field: this.#fields[i] ?? '', value: values.length === 0 ? null : values })
    }

    return terms
  }

  #wrap(candidate: Candidate, terms: readonly EqlTerm[]): Wrapped {
    const instanceId = objectHash([terms, this.#rule.uuid, SPACE_ID])

    return { candidate, terms, instanceId, time: candidate.windowTime }
  }

  // written already, or inside what an open alert of an earlier search counted
  #isCounted(w: Wrapped, search: number, window: SearchWindow, created: Set<string>): boolean {
    const { hit } = w.candidate
    if (created.has(eventAlertId(hit.index, hit.id, hit.version, this.#rule.uuid))) return true

    const open = this.#openFor(w.instanceId, window)

    return open !== null && open.search !== search && open.end >= w.time
  }

  #openFor(instanceId: string, window: SearchWindow): SearchOpenAlert | null {
    const open = this.#open.get(instanceId)
    if (open === undefined) return null

    const since = this.#durationMs === null ? window.from : window.at - this.#durationMs

    return open.createdAt >= since ? open : null
  }

  // with a duration, an instance's open alert takes a later search's events
  #joinsOpen(group: Group, window: SearchWindow): boolean {
    const open = this.#durationMs === null ? null : this.#openFor(group.first.instanceId, window)
    if (open === null) return false

    joinOpenAlert(open, group.count, group.end)

    return true
  }

  #newAlert(
    group: Group,
    search: number,
    window: SearchWindow,
    created: Set<string>,
    context: ExecutionContext,
  ): Alert {
    const { first } = group
    const alert = buildEventAlert(first.candidate.hit, this.#rule, context)
    created.add(alert.id)
    const document = alert.document
    document['kibana.alert.instance.id'] = first.instanceId
    document['kibana.alert.suppression.terms'] = first.terms
    document['kibana.alert.suppression.start'] = isoOr(first.time, window.at)
    document['kibana.alert.suppression.end'] = isoOr(group.end, window.at)
    document['kibana.alert.suppression.docs_count'] = group.count - 1
    this.#open.set(first.instanceId, { alert, createdAt: window.at, search, end: group.end })

    return alert
  }
}

// the events of each instance, earliest first (Kibana sorts them by suppression start)
function groupByInstance(wrapped: readonly Wrapped[]): Group[] {
  const sorted = [...wrapped].sort((a, b) => compareTimes(a.time, b.time))
  const groups = new Map<string, Group>()
  for (const w of sorted) {
    const group = groups.get(w.instanceId)
    if (group === undefined) {
      groups.set(w.instanceId, { first: w, count: 1, end: w.time })
      continue
    }

    group.count++
    if (!Number.isNaN(w.time) && !(w.time <= group.end)) group.end = w.time
  }

  return [...groups.values()]
}

function compareTimes(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1
  if (Number.isNaN(b)) return -1

  return a - b
}

// the field's values as a search's `fields` lists them: typed by the mapping, dates as ISO text,
// sorted ascending
function fieldValues(read: FieldRead, value: unknown): FieldValue[] {
  const raw = value === null ? [] : Array.isArray(value) ? (value as unknown[]) : [value]
  const values: FieldValue[] = []
  for (const item of raw) {
    if (typeof item === 'number' && read.kind === 'date') values.push(new Date(item).toISOString())
    else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
      values.push(item)
  }

  return values.sort(compareValues)
}

function compareValues(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0

  return a < b ? -1 : 1
}

function isoOr(time: number, fallback: number): string {
  return new Date(Number.isNaN(time) ? fallback : time).toISOString()
}
