/**
 * @module detect
 * Kibana's detection semantics over Vigil's engine: rules compiled with their filters and
 * exceptions, index patterns, timestamp override, one-pass hunting over many rules, scheduled
 * execution replay with max_signals, overrides, and alert documents with Kibana's ids.
 */
export type { Alert, AlertDocument, ExecutionContext, SourceHit } from './alert-types.ts'
export type { CompiledRule, CompileRuleOptions, RunnableRule } from './compile-rule.ts'
export type { KnownQueries, QueryFacts } from './query-part.ts'
export { compileRule } from './compile-rule.ts'
export type {
  ExceptionEntry,
  ExceptionItem,
  ExceptionListInfo,
  ExceptionLists,
  Operator,
} from './exception-list.ts'
export { NO_EXCEPTIONS, parseExceptionExport } from './exception-list.ts'
export type { HuntEvent, HuntOptions, HuntResult, RuleOutcome, RuleResult } from './hunt.ts'
export { Hunt, mergeInOrder, mergeResults, outcomeOf, resultOf } from './hunt.ts'
export type { Ancestor } from './ids.ts'
export {
  ALERTS_INDEX,
  buildingBlockIds,
  derivedEventId,
  eventAlertId,
  ruleUuid,
  shellAlertId,
  SPACE_ID,
  uuidV5,
} from './ids.ts'
export type { IndexMatcher } from './index-pattern.ts'
export { compileIndexPatterns } from './index-pattern.ts'
export { buildReason } from './reason.ts'
export { ruleFields } from './rule-fields.ts'
export type { Overridden } from './overrides.ts'
export { applyOverrides } from './overrides.ts'
export { MAX_ALERTS_PER_EXECUTION } from './replay.ts'
export type { Execution, Schedule } from './schedule.ts'
export { executions, parseSchedule } from './schedule.ts'
export { filterBySeverity, SEVERITIES } from './severity-filter.ts'
export { huntPrefilter } from './prefilter.ts'
export type { Harvest, WatchReport, WatchVerdicts } from './shard.ts'
export { judgeWatches } from './shard.ts'
export type { CompiledRules } from './compile-rules.ts'
export { compileRules } from './compile-rules.ts'
