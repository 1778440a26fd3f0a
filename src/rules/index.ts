/**
 * @module rules
 * The rule model and its loaders: detection-rules TOML, Kibana rule exports (NDJSON and JSON,
 * API shape or saved objects), and Elastic's published rule pages (Markdown); Elasticsearch date
 * math; and validation that says which rules Vigil can run.
 */
export type {
  AlertSuppression,
  EqlRule,
  EsqlRule,
  ExceptionListRef,
  MachineLearningRule,
  NewTermsRule,
  Provenance,
  QueryOrigin,
  QueryRule,
  RiskScoreMapping,
  Rule,
  RuleBase,
  RuleFormat,
  RuleLanguage,
  RuleMaturity,
  RuleSeverity,
  RuleType,
  SavedQueryRule,
  SeverityMapping,
  SuppressionDuration,
  Threat,
  ThreatEntry,
  ThreatMapping,
  ThreatMatchRule,
  ThreatTechnique,
  Threshold,
  ThresholdCardinality,
  ThresholdRule,
} from './model.ts'
export { RULE_DEFAULTS, RULE_TYPES } from './model.ts'
export type { DateMath, DateMathOptions, DateMathStep, DateMathUnit } from './date-math.ts'
export { evaluateDateMath, parseDateMath, parseInterval, resolveDateMath } from './date-math.ts'
export type { LoadResult } from './load-result.ts'
export { loadTomlRule } from './load-toml.ts'
export { loadJsonRules, loadNdjsonRules } from './load-json.ts'
export { loadPageRule } from './load-page.ts'
export type { LoadedRules, LoadOptions } from './load-rules.ts'
export type { FileStamp, RuleFileCache } from './rule-file-cache.ts'
export { isSameStamp } from './rule-file-cache.ts'
export { loadRules, loadRuleText } from './load-rules.ts'
export { querySpanInFile } from './query-origin.ts'
export type { QueryCheckers } from './query-check.ts'
export { checkEqlQuery, checkKqlQuery, DEFAULT_QUERY_CHECKERS } from './query-check.ts'
export type { ValidationReport, ValidationRow, ValidationStatus } from './validate.ts'
export { validateRules, validateRulesReport } from './validate.ts'
export type { ValidationCounts } from './render-validation.ts'
export {
  countValidation,
  renderValidationJson,
  renderValidationTable,
} from './render-validation.ts'
export type { RuleDiagnosticCode } from './codes.ts'
export { RULE_DIAGNOSTIC_CODES } from './codes.ts'
export type { TomlPath, TomlLocation } from './toml-locator.ts'
export { TomlLocator } from './toml-locator.ts'
