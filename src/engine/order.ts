import type { JoinValue } from '../compile/index.ts'
import type { EngineEvent } from './engine-event.ts'

/** The ordering part of an event: what sorting and sequence matching look at. */
export interface Ordered {
  readonly timestamp: number
  readonly tiebreaker: string | number | null
  readonly ordinal: number
}

/**
 * Elasticsearch's hit order: timestamp ascending (events without one last, like a sort with
 * `missing: _last`), then tiebreaker (numbers before strings, absent last), then input order.
 */
export function compareEvents(a: Ordered, b: Ordered): number {
  // hot in every sort: decide on plain numbers first, NaN handling only on a tie
  const x = a.timestamp
  const y = b.timestamp
  if (x < y) return -1
  if (x > y) return 1

  const isMissingX = Number.isNaN(x)
  if (isMissingX !== Number.isNaN(y)) return isMissingX ? 1 : -1

  return compareTiebreakers(a.tiebreaker, b.tiebreaker) || a.ordinal - b.ordinal
}

function compareTiebreakers(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1

  return compareStrings(a, b)
}

/** Compares strings by Unicode code point (the order of their UTF-8 bytes). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0

  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) ?? 0
    const y = b.codePointAt(i) ?? 0
    if (x !== y) return x - y
  }

  return a.length - b.length
}

const TYPE_RANK = { boolean: 1, number: 2, string: 3 } as const

/** Orders join-key values: null first, then booleans, numbers, strings (code-point order). */
export function compareJoinValues(a: JoinValue, b: JoinValue): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1

  const rankA = TYPE_RANK[typeof a as keyof typeof TYPE_RANK]
  const rankB = TYPE_RANK[typeof b as keyof typeof TYPE_RANK]
  if (rankA !== rankB) return rankA - rankB
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b)

  return Number(a) - Number(b)
}

/** Orders key tuples value by value. */
export function compareKeyTuples(a: readonly JoinValue[], b: readonly JoinValue[]): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const order = compareJoinValues(a[i] ?? null, b[i] ?? null)
    if (order !== 0) return order
  }

  return a.length - b.length
}

/** What {@link keyId} returns: a `Map` key standing for a key tuple. */
export type KeyId = JoinValue

/**
 * A map key for a key tuple: equal tuples (by `===` per value) give equal keys. A one-value
 * tuple is its own key (no string is built on the hot path); longer tuples become a string.
 * Tuples of one query all have the same length, so the two forms never meet in one map.
 */
export function keyId(tuple: readonly JoinValue[]): KeyId {
  if (tuple.length === 1) return tuple[0] ?? null
  if (tuple.length === 0) return ''

  return tuple.map(keyPart).join('|')
}

function keyPart(value: JoinValue): string {
  if (value === null) return 'n'
  // the length prefix keeps tuples unambiguous whatever the strings contain
  if (typeof value === 'string') return `s${String(value.length)}:${value}`
  if (typeof value === 'number') return `d${String(value)}`

  return value ? 'T' : 'F'
}

/** Sorts events into Elasticsearch's hit order, in place. */
export function sortEvents<T extends Ordered>(events: T[]): T[] {
  return events.sort(compareEvents)
}

/** True when `a` comes strictly before `b`. */
export function isBefore(a: EngineEvent | Ordered, b: EngineEvent | Ordered): boolean {
  return compareEvents(a, b) < 0
}
