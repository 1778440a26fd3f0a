/**
 * Every diagnostic code the rules stage emits, with what it means. `ERR_RULE_UNSUPPORTED_*` codes
 * appear in validation rows, not as diagnostics.
 */
export const RULE_DIAGNOSTIC_CODES = {
  ERR_RULE_READ: 'a file or folder cannot be read',
  ERR_RULE_UNSUPPORTED_FILE: 'a file named explicitly has no loader (.toml, .ndjson, .json, .md)',
  ERR_RULE_TOML_SYNTAX: 'the toml text does not parse',
  ERR_RULE_JSON_SYNTAX: 'a json file or ndjson line does not parse',
  ERR_RULE_PAGE_NOT_A_RULE: 'a markdown file has no rule title or no labelled rule fields',
  ERR_RULE_PAGE_THREAT: 'a rule page lists a technique before any tactic',
  ERR_RULE_PAGE_UNKNOWN_LABEL: 'a rule page has a **label** Vigil does not know (warning)',
  ERR_RULE_MISSING_FIELD: 'a required field (or the [rule] table) is absent',
  ERR_RULE_FIELD_TYPE: 'a field has the wrong type (a string where an integer belongs, ...)',
  ERR_RULE_FIELD_VALUE: 'a field value is out of range or not one of the allowed values',
  ERR_RULE_UNKNOWN_TYPE: 'the rule type is not one Kibana has',
  ERR_RULE_LANGUAGE_MISMATCH: 'the language does not fit the rule type',
  ERR_RULE_BAD_DATE_MATH: 'from, to or history_window_start is not date math',
  ERR_RULE_BAD_INTERVAL: 'interval is not a duration such as 5m',
  ERR_RULE_UNKNOWN_FIELD: 'a field or table Vigil does not know is ignored (warning)',
  ERR_RULE_FIELD_IGNORED: 'a field the rule type does not use is ignored (warning)',
  ERR_RULE_DUPLICATE_ID: 'two loaded rules share a rule_id (warning)',
  ERR_RULE_DEPRECATED: 'the rule is deprecated by maturity or folder (warning)',
  ERR_RULE_UNSUPPORTED_TYPE:
    'threshold, new_terms, threat_match and saved_query rules do not run yet',
  ERR_RULE_UNSUPPORTED_ESQL: 'es|ql rules do not run yet',
  ERR_RULE_UNSUPPORTED_ML: 'machine learning rules need elasticsearch ml job results',
  ERR_RULE_UNSUPPORTED_LUCENE: 'lucene queries do not run yet',
} as const

/** A code from {@link RULE_DIAGNOSTIC_CODES}. */
export type RuleDiagnosticCode = keyof typeof RULE_DIAGNOSTIC_CODES
