/**
 * @module compile
 * Compiles EQL syntax trees into closures with Elasticsearch's semantics (the plan the engine
 * runs), and derives the raw-line prefilter. KQL compiles in `./kql/`.
 */
export type {
  Predicate,
  JoinValue,
  JoinKeyExtractor,
  FilterPlan,
  PipePlan,
  EventQueryPlan,
  SequenceStepPlan,
  SequencePlan,
  SampleFilterPlan,
  SamplePlan,
  QueryPlan,
  LinePrefilter,
  CompileOptions,
  CompiledQuery,
} from './plan.ts'
export { compileEql } from './compile-query.ts'
export { eqlLineNeeds, linePrefilterOf } from './prefilter.ts'
export { planFilters } from './plan-filters.ts'
export type { CompiledExpression } from './compile-expression.ts'
export { compileExpression } from './compile-expression.ts'
export type { Scalar, Value } from './value.ts'
export { compareUtf8 } from './string-order.ts'
export type { FieldKind, FieldRead } from './field.ts'
export { compileFieldRead, compileIpTextRead, fieldKindOf } from './field.ts'
export { ipKey } from './ip.ts'
export { parseNumber } from './number-text.ts'
export type { ComparisonOperator } from './compare.ts'
export { holds } from './compare.ts'
export { translateLuceneRegex } from './lucene-regex.ts'
export type { RegexTranslation } from './lucene-regex.ts'
export type {
  CompileKqlOptions,
  CompiledKql,
  FieldMapping,
  FieldSpecLookup,
  KqlFieldSpec,
} from './kql/index.ts'
export { compileKql, resolveField } from './kql/index.ts'
export { CharTrie } from './char-trie.ts'
export type { LineNeeds } from './line-needs.ts'
export { combineLineNeeds } from './line-needs.ts'
export { COMMON_VALUE_FIELDS } from './conjunct-order.ts'
