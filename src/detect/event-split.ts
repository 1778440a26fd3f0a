import { compareEvents } from '../engine/index.ts'
import type { Alert } from './alert-types.ts'
import { compareTime } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { HuntOptions } from './hunt.ts'

/**
 * A hunt that shares the events out among `count` threads: this one (`part`) tests the rules
 * that can be split only on the events whose ordinal is `part` modulo `count`, and the other
 * rules on every event. Every thread must read the same events in the same order (the same
 * inputs and the same prefilter), so that ordinals agree.
 */
export interface HuntSplit {
  readonly part: number
  readonly count: number
}

/**
 * Where an alert sorts among its rule's alerts, so that the parts of a split rule merge back
 * into the order one thread gives. Query rules: window time, `@timestamp`, ordinal. EQL event
 * queries: timestamp, tiebreaker, ordinal (the engine's order).
 */
export interface AlertOrder {
  readonly first: number
  readonly second: number | string | null
  readonly ordinal: number
}

/** One thread's share of a split rule's alerts, with the order of each. */
export interface SplitPart {
  readonly alerts: readonly Alert[]
  readonly orders: readonly AlertOrder[]
}

/**
 * Whether a rule's alerts can be found on a share of the events and merged afterwards: in the
 * default mode, query rules and EQL event queries without pipes. Each of their alerts comes from
 * one event alone; sequences, pipes and replayed executions (max_signals per window) need every
 * event of the rule in one place.
 */
export function canSplitByEvent(rule: CompiledRule, mode: HuntOptions['mode']): boolean {
  if (mode !== 'all') return false

  const plan = rule.plan

  return plan === null || (plan.kind === 'event' && plan.pipes.length === 0)
}

/**
 * Merges the parts of a split rule: every alert in the order one thread would have found it,
 * the first of alerts with the same id kept (the same document read twice, as one thread keeps
 * it). `isEql` picks the engine's order over the query rules' one.
 */
export function mergeSplitParts(parts: readonly SplitPart[], isEql: boolean): Alert[] {
  const all = parts.flatMap((part) =>
    part.alerts.map((alert, i) => ({ alert, order: orderAt(part, i) })),
  )
  const compare = isEql ? compareEqlOrder : compareQueryOrder
  all.sort((a, b) => compare(a.order, b.order))
  const seen = new Set<string>()

  return all.flatMap(({ alert }) => {
    if (seen.has(alert.id)) return []

    seen.add(alert.id)

    return [alert]
  })
}

function orderAt(part: SplitPart, i: number): AlertOrder {
  const order = part.orders[i]
  if (order === undefined) throw new Error('a split rule part has fewer orders than alerts')

  return order
}

function compareEqlOrder(a: AlertOrder, b: AlertOrder): number {
  return compareEvents(
    { timestamp: a.first, tiebreaker: a.second, ordinal: a.ordinal },
    { timestamp: b.first, tiebreaker: b.second, ordinal: b.ordinal },
  )
}

function compareQueryOrder(a: AlertOrder, b: AlertOrder): number {
  return (
    compareTime(a.first, b.first) ||
    compareTime(Number(a.second), Number(b.second)) ||
    a.ordinal - b.ordinal
  )
}
