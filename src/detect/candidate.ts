import { getFieldValue } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { EngineEvent } from '../engine/index.ts'
import { parseTimestamp } from '../engine/index.ts'
import type { SourceHit } from './alert-types.ts'
import type { CompiledRule, RunnableRule } from './compile-rule.ts'

/** An event that passed a rule's query, filters and exceptions, kept until the hunt ends. */
export interface Candidate {
  readonly hit: SourceHit
  /** The time windows and sort use: the override field, else `@timestamp`; NaN when none. */
  readonly windowTime: number
  /** `@timestamp`, the second sort key. */
  readonly baseTime: number
  readonly ordinal: number
  /** The engine's view, for EQL rules. */
  readonly engine: EngineEvent | null
  /**
   * Sequence rules: the step filters the event passed, as a step mask (see
   * `SequenceEvaluator.stepMask`); -1 when they were not told apart, and for other rules.
   */
  readonly stepMask: number
}

/**
 * The time a rule's window filter reads (detection-engine.md §4a): `timestamp_override` when the
 * event has it, else `@timestamp` unless the fallback is disabled.
 */
export function windowTimeOf(rule: RunnableRule, source: EcsEvent, baseTime: number): number {
  const field = rule.timestamp_override
  if (field === undefined || field === '' || field === '@timestamp') return baseTime

  const value = getFieldValue(source, field)
  const time = parseTimestamp(Array.isArray(value) ? value[0] : value)
  if (!Number.isNaN(time) || value !== undefined) return time

  return rule.timestamp_override_fallback_disabled === true ? Number.NaN : baseTime
}

/** Orders query-rule hits as Kibana's search sorts them: window time, `@timestamp`, input order. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    compareTime(a.windowTime, b.windowTime) ||
    compareTime(a.baseTime, b.baseTime) ||
    a.ordinal - b.ordinal
  )
}

// events without a time sort last, as Elasticsearch puts missing values last in ascending order
function compareTime(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1
  if (Number.isNaN(b)) return -1

  return a - b
}

/** The first index whose window time is at least `time` (candidates sorted by window time). */
export function lowerBound(sorted: readonly Candidate[], time: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    const value = sorted[middle]?.windowTime ?? Number.NaN
    if (value < time) low = middle + 1
    else high = middle
  }

  return low
}

/**
 * Tests the rule's query: 0 when the event does not match; for a sequence whose steps can be
 * told apart, the mask of the step filters it passes (the runner then reads only their keys);
 * -1 for any other match.
 */
export function stepMaskOf(rule: CompiledRule, source: EcsEvent, failedStep: number): number {
  const sequence = rule.sequence
  if (sequence?.canMask === true) return sequence.stepMask(source, failedStep)

  return rule.matches(source) ? -1 : 0
}
