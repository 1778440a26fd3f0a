import type { EcsEvent } from '../ecs/index.ts'
import { cacheReadsOf, getFieldValue } from '../ecs/index.ts'
import { parseTimestamp, toEngineEvent } from '../engine/index.ts'
import type { EngineEvent, EngineEventOptions } from '../engine/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { descendsFromRule } from './ancestry.ts'
import type { Alert, ExecutionContext, SourceHit } from './alert-types.ts'
import type { Candidate } from './candidate.ts'
import { windowTimeOf } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import { derivedEventId, uuidV5 } from './ids.ts'
import { replayRule } from './replay.ts'
import { RuleIndex } from './rule-index.ts'
import { searchRule } from './finish-rule.ts'

/** The event being offered to the rules, and what its matches share. */
interface Offered {
  readonly event: HuntEvent
  readonly ordinal: number
  readonly baseTime: number
  hit: EventHit | null
  // rules that order events by the same fields share one engine event (it is read-only)
  engine: { readonly event: EngineEvent; readonly options: EngineEventOptions } | null
}

const NOTHING_OFFERED: Offered = {
  event: { source: {}, file: '', line: 0 },
  ordinal: -1,
  baseTime: Number.NaN,
  hit: null,
  engine: null,
}

// the engine's view of the offered event for a rule, shared by the rules of the same order
function engineFor(rule: CompiledRule, offered: Offered): EngineEvent {
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
 * Tests the rule's query: 0 when the event does not match; for a sequence whose steps can be
 * told apart, the mask of the step filters it passes (the runner then reads only their keys);
 * -1 for any other match.
 */
function stepMaskOf(rule: CompiledRule, source: EcsEvent): number {
  const sequence = rule.sequence
  if (sequence?.canMask === true) return sequence.stepMask(source)

  return rule.matches(source) ? -1 : 0
}

function isSameOrder(a: EngineEventOptions, b: EngineEventOptions): boolean {
  return a.timestampField === b.timestampField && a.tiebreakerField === b.tiebreakerField
}

/**
 * The hit of an event some rule matched. Its stand-in `_id` is hashed only when asked for:
 * most matches are sequence steps that never become alerts.
 */
class EventHit implements SourceHit {
  readonly source: EcsEvent
  readonly index: string
  readonly version = NO_VERSION
  readonly #event: HuntEvent
  #id: string | undefined

  constructor(event: HuntEvent) {
    this.source = event.source
    this.index = event.index ?? event.file
    this.#event = event
    this.#id = event.id
  }

  get id(): string {
    this.#id ??= derivedEventId(this.#event.file, this.#event.line)

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

/** How a hunt runs. */
export interface HuntOptions {
  /** `all`: every match over the whole input. `replay`: the rule's scheduled executions. */
  readonly mode: 'all' | 'replay'
  /** Alert creation time in epoch ms (`@timestamp` of alerts). */
  readonly now: number
  /** Only events whose window time is at or after this (epoch ms). */
  readonly since?: number
  /** Only events whose window time is at or before this (epoch ms). */
  readonly until?: number
}

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
}

/** One rule's share of a finished hunt. */
export interface RuleResult extends Omit<RuleOutcome, 'alerts'> {
  readonly alerts: readonly Alert[]
  readonly warnings: readonly Diagnostic[]
}

/** What a finished hunt gives. */
export interface HuntResult {
  readonly alerts: readonly Alert[]
  readonly rules: readonly RuleOutcome[]
  readonly warnings: readonly Diagnostic[]
}

/**
 * Runs many rules over one stream of events in a single pass: each event is offered once, and
 * only to the rules whose categories and index patterns it fits; matches are kept per rule and
 * turned into alerts at the end, in one search (default) or per scheduled execution (replay).
 */
export class Hunt {
  readonly #rules: readonly CompiledRule[]
  readonly #index: RuleIndex
  readonly #options: HuntOptions
  readonly #candidates: Candidate[][]
  #ordinal = 0
  #offered: Offered = NOTHING_OFFERED
  #matches = 0
  #tested = 0
  #first = Number.POSITIVE_INFINITY
  #last = Number.NEGATIVE_INFINITY

  constructor(rules: readonly CompiledRule[], options: HuntOptions) {
    this.#rules = rules
    this.#index = new RuleIndex(rules)
    this.#options = options
    // indexed by position: a worker's share of the rules keeps the positions of the whole list
    const size = rules.reduce((most, rule) => Math.max(most, rule.position + 1), 0)
    this.#candidates = Array.from({ length: size }, () => [])
  }

  /** Events matched by some rule so far (an estimate of alerts, before de-duplication). */
  get matches(): number {
    return this.#matches
  }

  /** Rule tests so far: one per event and rule the index could not rule out. */
  get rulesTested(): number {
    return this.#tested
  }

  /** Offers one event to every rule it may match. */
  push(event: HuntEvent): void {
    // the index and every rule read the same fields of this event: read each once
    cacheReadsOf(event.source)
    try {
      this.#offer(event)
    } finally {
      cacheReadsOf(null)
    }
  }

  #offer(event: HuntEvent): void {
    const baseTime = parseTimestamp(firstOf(getFieldValue(event.source, '@timestamp')))
    this.#track(baseTime)
    this.#offered = { event, ordinal: this.#ordinal++, baseTime, hit: null, engine: null }
    this.#index.forCandidates(event.source, this.#consider)
    this.#offered = NOTHING_OFFERED
  }

  // one rule the index could not rule out for the event on offer (a field, not a closure made
  // per event: the index calls it for every candidate rule)
  readonly #consider = (rule: CompiledRule): void => {
    const offered = this.#offered
    const { event, baseTime } = offered
    const { source } = event
    this.#tested++
    if (!rule.indexMatches(event.index)) return

    const stepMask = stepMaskOf(rule, source)
    if (stepMask === 0 || !rule.gate(source)) return

    const windowTime = windowTimeOf(rule.rule, source, baseTime)
    if (!this.#isInRange(windowTime) || descendsFromRule(source, rule.uuid)) return

    this.#track(windowTime)
    offered.hit ??= new EventHit(event)
    this.#candidates[rule.position]?.push({
      hit: offered.hit,
      windowTime,
      baseTime,
      ordinal: offered.ordinal,
      engine: rule.plan === null ? null : engineFor(rule, offered),
      stepMask,
    })
    this.#matches++
  }

  /** Builds the alerts of every rule. */
  finish(): HuntResult {
    const results = this.finishEach()

    return {
      alerts: results.flatMap((r) => r.alerts),
      rules: results.map((r) => outcomeOf(r)),
      warnings: results.flatMap((r) => r.warnings),
    }
  }

  /** The first and last event times seen (in range), which lay out replayed executions. */
  get span(): { readonly first: number; readonly last: number } {
    return this.#span()
  }

  /**
   * Builds the alerts of each rule apart, in rule order (what a worker hands back). Workers that
   * each hold a share of the rules pass the span of the whole input, so replays line up.
   */
  finishEach(span: { readonly first: number; readonly last: number } = this.#span()): RuleResult[] {
    return this.#rules.map((rule) => {
      const candidates = this.#candidates[rule.position] ?? []
      const warnings: Diagnostic[] = []
      const outcome =
        this.#options.mode === 'replay'
          ? replayRule(rule, candidates, span, this.#context(rule), warnings)
          : this.#searchAll(rule, candidates)

      return { ...outcome.summary, rule, alerts: outcome.alerts, warnings }
    })
  }

  #searchAll(rule: CompiledRule, candidates: readonly Candidate[]) {
    const found = searchRule(rule, candidates, null, new Set(), this.#context(rule))

    return {
      alerts: found.alerts,
      summary: { executions: 1, truncatedExecutions: 0, droppedMatches: 0 },
    }
  }

  #context(rule: CompiledRule): ExecutionContext {
    const now = new Date(this.#options.now).toISOString()

    return { now, executionUuid: uuidV5(rule.uuid, now) }
  }

  #span(): { first: number; last: number } {
    return { first: this.#first, last: this.#last }
  }

  #track(time: number): void {
    if (Number.isNaN(time) || !this.#isInRange(time)) return
    if (time < this.#first) this.#first = time
    if (time > this.#last) this.#last = time
  }

  #isInRange(time: number): boolean {
    const { since, until } = this.#options
    if (since === undefined && until === undefined) return true
    if (Number.isNaN(time)) return false

    return (since === undefined || time >= since) && (until === undefined || time <= until)
  }
}

/** The summary of one rule's result. */
export function outcomeOf(result: RuleResult): RuleOutcome {
  const { rule, executions, truncatedExecutions, droppedMatches } = result

  return { rule, alerts: result.alerts.length, executions, truncatedExecutions, droppedMatches }
}

function engineOptions(rule: CompiledRule, ordinal: number) {
  const eql = rule.rule.type === 'eql' ? rule.rule : null

  return {
    ordinal,
    timestampField: eql?.timestamp_field ?? '@timestamp',
    tiebreakerField: eql?.tiebreaker_field ?? null,
  }
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value
}
