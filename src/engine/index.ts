/**
 * @module engine
 * The streaming matcher: Elasticsearch's hit order (timestamp, tiebreaker, input order) whatever
 * the input order, event queries with head/tail/size, sequences (join keys, maxspan, until, runs,
 * missing steps) and samples.
 */
export type { EngineEvent, EngineEventOptions } from './engine-event.ts'
export { toEngineEvent, parseTimestamp } from './engine-event.ts'
export type { KeyId, Ordered } from './order.ts'
export { compareEvents, compareJoinValues, compareKeyTuples, keyId } from './order.ts'
export type { EqlResults, MissingEvent, SequenceResult } from './results.ts'
export { MISSING, isMissingEvent } from './results.ts'
export type { Limits, ResultPosition } from './pipes.ts'
export { applyLimits } from './pipes.ts'
export type { EqlRunner, RunnerOptions, RunnerStats } from './runner-types.ts'
export { createRunner } from './runner.ts'
export { EventRunner } from './event-runner.ts'
export { SequenceRunner } from './sequence-runner.ts'
export { SampleRunner } from './sample-runner.ts'
export type { KeyTuples, SequenceCandidate } from './candidate.ts'
export { SequenceEvaluator } from './candidate.ts'
export type { MatcherStats } from './sequence-matcher.ts'
export { SequenceMatcher } from './sequence-matcher.ts'
