import type { Position, Span } from '../syntax/index.ts'

// field names are Kibana's snake_case wire names (the detection engine API, exports, and
// `kibana.alert.rule.parameters` all use them), so rules round-trip without a mapping table.

/** The rule types the Kibana detection engine knows. */
export type RuleType =
  | 'eql'
  | 'query'
  | 'threshold'
  | 'new_terms'
  | 'threat_match'
  | 'esql'
  | 'machine_learning'
  | 'saved_query'

/** Every rule type, in a stable order (used for validation and for per-type counts). */
export const RULE_TYPES: readonly RuleType[] = [
  'eql',
  'query',
  'new_terms',
  'esql',
  'machine_learning',
  'threshold',
  'threat_match',
  'saved_query',
]

/** Query languages a rule can be written in. */
export type RuleLanguage = 'eql' | 'kuery' | 'lucene' | 'esql'

/** Alert severity. */
export type RuleSeverity = 'low' | 'medium' | 'high' | 'critical'

/** The file format a rule was read from. */
export type RuleFormat = 'toml' | 'ndjson' | 'json' | 'markdown'

/** detection-rules maturity levels (from `[metadata] maturity`). */
export type RuleMaturity = 'development' | 'experimental' | 'beta' | 'production' | 'deprecated'

/** A MITRE entry: tactic, technique or subtechnique. */
export interface ThreatEntry {
  readonly id: string
  readonly name: string
  readonly reference: string
}

/** A technique with its subtechniques. */
export interface ThreatTechnique extends ThreatEntry {
  readonly subtechnique: readonly ThreatEntry[]
}

/** One `threat` block: a tactic and the techniques mapped under it. */
export interface Threat {
  readonly framework: string
  readonly tactic: ThreatEntry
  readonly technique: readonly ThreatTechnique[]
}

/** `severity_mapping` entry: when `field` equals `value`, the alert gets `severity`. */
export interface SeverityMapping {
  readonly field: string
  readonly operator: 'equals'
  readonly value: string
  readonly severity: RuleSeverity
}

/** `risk_score_mapping` entry: the alert's risk score comes from `field`. */
export interface RiskScoreMapping {
  readonly field: string
  readonly operator: 'equals'
  readonly value: string
  readonly risk_score?: number
}

/** A reference to an exception list attached to the rule. */
export interface ExceptionListRef {
  readonly id: string
  readonly list_id: string
  readonly type: 'detection' | 'endpoint' | 'rule_default'
  readonly namespace_type: 'single' | 'agnostic'
}

/** A suppression window length. */
export interface SuppressionDuration {
  readonly value: number
  readonly unit: 's' | 'm' | 'h'
}

/** `alert_suppression`: threshold rules only carry `duration`. */
export interface AlertSuppression {
  readonly group_by: readonly string[]
  readonly duration?: SuppressionDuration
  readonly missing_fields_strategy: 'suppress' | 'doNotSuppress'
}

/** `threshold.cardinality` entry. */
export interface ThresholdCardinality {
  readonly field: string
  readonly value: number
}

/** `threshold`: group by up to five fields, alert at `value` hits (and distinct counts). */
export interface Threshold {
  readonly field: readonly string[]
  readonly value: number
  readonly cardinality: readonly ThresholdCardinality[]
}

/** `threat_mapping` entry: all `entries` must match (AND); entries of the list are ORed. */
export interface ThreatMapping {
  readonly entries: readonly {
    readonly field: string
    readonly type: 'mapping'
    readonly value: string
    readonly negate?: boolean
  }[]
}

/** Where a rule came from, and where each of its fields sits in that file. */
export interface Provenance {
  /** The file path as given to the loader. */
  readonly path: string
  readonly format: RuleFormat
  /** 1-based line of the rule in an NDJSON file. */
  readonly line?: number
  /** detection-rules `[metadata] maturity`, when the file has one. */
  readonly maturity?: RuleMaturity
  /** detection-rules `[metadata]` as written (integration, min_stack_version, dates, ...). */
  readonly metadata?: Readonly<Record<string, unknown>>
  /** Parts of the file that were read but deliberately not used (`transform`: guide placeholders). */
  readonly ignored?: readonly string[]
  /** Span of each field's value, keyed by the API field name (`risk_score`, `threat`, ...). */
  readonly positions: ReadonlyMap<string, Span>
  /** Where the query text starts, so query diagnostics can be moved into the file. */
  readonly query?: QueryOrigin
  /** The same for a threat match rule's `threat_query`. */
  readonly threatQuery?: QueryOrigin
}

/**
 * How to turn a position inside a rule's query text into one inside its file. `start` is the file
 * position of the query's first character. When the file encoded the query with escapes (`\n` in
 * JSON, `\\` in a TOML basic string) characters no longer line up, so `positions` gives the file
 * position of every query character, plus one for the end.
 */
export interface QueryOrigin {
  readonly start: Position
  readonly positions?: readonly Position[]
}

/** Fields every rule type shares, with Kibana's defaults applied. */
export interface RuleBase {
  readonly rule_id: string
  readonly name: string
  readonly description: string
  readonly severity: RuleSeverity
  readonly severity_mapping: readonly SeverityMapping[]
  readonly risk_score: number
  readonly risk_score_mapping: readonly RiskScoreMapping[]
  readonly interval: string
  readonly from: string
  readonly to: string
  readonly max_signals: number
  readonly enabled: boolean
  readonly version: number
  readonly tags: readonly string[]
  readonly author: readonly string[]
  readonly references: readonly string[]
  readonly false_positives: readonly string[]
  readonly threat: readonly Threat[]
  readonly exceptions_list: readonly ExceptionListRef[]
  readonly license?: string
  readonly note?: string
  readonly setup: string
  readonly rule_name_override?: string
  readonly timestamp_override?: string
  readonly timestamp_override_fallback_disabled?: boolean
  readonly building_block_type?: string
  readonly investigation_fields?: { readonly field_names: readonly string[] }
  readonly meta?: Readonly<Record<string, unknown>>
  readonly provenance: Provenance
}

/** Fields of rules that search indices with a query. */
export interface QueryFields {
  readonly query: string
  readonly index?: readonly string[]
  readonly data_view_id?: string
  readonly filters?: readonly unknown[]
}

/** An EQL rule. */
export interface EqlRule extends RuleBase, QueryFields {
  readonly type: 'eql'
  readonly language: 'eql'
  readonly event_category_override?: string
  readonly tiebreaker_field?: string
  readonly timestamp_field?: string
  readonly alert_suppression?: AlertSuppression
}

/** A custom query rule (KQL or Lucene). */
export interface QueryRule extends RuleBase, QueryFields {
  readonly type: 'query'
  readonly language: 'kuery' | 'lucene'
  readonly alert_suppression?: AlertSuppression
}

/** A saved-query rule: the query may be stored in Kibana under `saved_id`. */
export interface SavedQueryRule extends RuleBase, QueryFields {
  readonly type: 'saved_query'
  readonly language: 'kuery' | 'lucene'
  readonly saved_id: string
  readonly alert_suppression?: AlertSuppression
}

/** A threshold rule. */
export interface ThresholdRule extends RuleBase, QueryFields {
  readonly type: 'threshold'
  readonly language: 'kuery' | 'lucene'
  readonly threshold: Threshold
  readonly alert_suppression?: { readonly duration: SuppressionDuration }
}

/** A new terms rule. */
export interface NewTermsRule extends RuleBase, QueryFields {
  readonly type: 'new_terms'
  readonly language: 'kuery' | 'lucene'
  readonly new_terms_fields: readonly string[]
  readonly history_window_start: string
  readonly alert_suppression?: AlertSuppression
}

/** An indicator match rule. */
export interface ThreatMatchRule extends RuleBase, QueryFields {
  readonly type: 'threat_match'
  readonly language: 'kuery' | 'lucene'
  readonly threat_index: readonly string[]
  readonly threat_query: string
  readonly threat_mapping: readonly ThreatMapping[]
  readonly threat_language: 'kuery' | 'lucene'
  readonly threat_indicator_path?: string
  readonly threat_filters?: readonly unknown[]
  readonly concurrent_searches?: number
  readonly items_per_search?: number
  readonly alert_suppression?: AlertSuppression
}

/** An ES|QL rule (no index: the query's `from` names its sources). */
export interface EsqlRule extends RuleBase {
  readonly type: 'esql'
  readonly language: 'esql'
  readonly query: string
  readonly alert_suppression?: AlertSuppression
}

/** A machine learning rule: alerts from anomaly records of the jobs. */
export interface MachineLearningRule extends RuleBase {
  readonly type: 'machine_learning'
  readonly anomaly_threshold: number
  readonly machine_learning_job_id: readonly string[]
  readonly alert_suppression?: AlertSuppression
}

/** A detection rule, with Kibana's defaults applied; `type` tells the variant. */
export type Rule =
  | EqlRule
  | QueryRule
  | SavedQueryRule
  | ThresholdRule
  | NewTermsRule
  | ThreatMatchRule
  | EsqlRule
  | MachineLearningRule

/** Kibana's defaults for fields a rule may omit. */
export const RULE_DEFAULTS = {
  interval: '5m',
  from: 'now-6m',
  to: 'now',
  max_signals: 100,
  enabled: true,
  version: 1,
  setup: '',
  language: 'kuery',
  threat_language: 'kuery',
  missing_fields_strategy: 'suppress',
} as const
