import type { EcsEvent } from '../ecs/index.ts'
import { toEngineEvent } from '../engine/index.ts'
import type { EngineEvent, EngineEventOptions } from '../engine/index.ts'
import type { SourceHit } from './alert-types.ts'
import type { CompiledRule } from './compile-rule.ts'
import { derivedEventId } from './ids.ts'

/** An event offered to the rules (they test it with its batch), and what its matches share. */
export interface Offered {
  readonly event: HuntEvent
  readonly ordinal: number
  readonly baseTime: number
  hit: EventHit | null
  // rules that order events by the same fields share one engine event (it is read-only)
  engine: { readonly event: EngineEvent; readonly options: EngineEventOptions } | null
  /** A sequence watch keeps the event in its pile untested, so it stays alive anyway. */
  isHeld: boolean
}

export const NOTHING_OFFERED: Offered = {
  event: { source: {}, file: '', line: 0 },
  ordinal: -1,
  baseTime: Number.NaN,
  hit: null,
  engine: null,
  isHeld: false,
}

// the engine's view of the offered event for a rule, shared by the rules of the same order
export function engineFor(rule: CompiledRule, offered: Offered): EngineEvent {
  const options = engineOptions(rule, offered.ordinal)
  const shared = offered.engine
  if (shared !== null && isSameOrder(options, shared.options)) return shared.event

  const event = toEngineEvent(offered.event.source, options)
  offered.engine = { event, options }

  return event
}

/** Kibana's `_version` stand-in: Vigil reads no versions, and `String(undefined)` is hashed. */
const NO_VERSION = 'undefined'

/**
 * The hit of an event some rule matched. Its stand-in `_id` is hashed only when asked for:
 * most matches are sequence steps that never become alerts.
 */
export class EventHit implements SourceHit {
  readonly source: EcsEvent
  readonly index: string
  readonly version = NO_VERSION
  /** The event as it was offered. */
  readonly event: HuntEvent
  #id: string | undefined

  constructor(event: HuntEvent) {
    this.source = event.source
    this.index = event.index ?? event.file
    this.event = event
    this.#id = event.id
  }

  get id(): string {
    this.#id ??= derivedEventId(this.event.file, this.event.line)

    return this.#id
  }
}

/** One event offered to the hunt, with where it came from. */
export interface HuntEvent {
  readonly source: EcsEvent
  readonly file: string
  readonly line: number
  /** `_index` of the input, or the `--index` given for it; undefined when unknown. */
  readonly index?: string
  /** `_id` of the input; derived from file and line when absent. */
  readonly id?: string
}

function isSameOrder(a: EngineEventOptions, b: EngineEventOptions): boolean {
  return a.timestampField === b.timestampField && a.tiebreakerField === b.tiebreakerField
}

function engineOptions(rule: CompiledRule, ordinal: number) {
  const eql = rule.rule.type === 'eql' ? rule.rule : null

  return {
    ordinal,
    timestampField: eql?.timestamp_field ?? '@timestamp',
    tiebreakerField: eql?.tiebreaker_field ?? null,
  }
}
