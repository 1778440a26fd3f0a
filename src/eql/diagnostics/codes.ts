/**
 * Every diagnostic code the EQL stage emits, with a one-line description (the source of
 * docs/errors.md). Codes are stable: tests and callers match on them, never on messages.
 */
export const EQL_DIAGNOSTIC_CODES = {
  ERR_EQL_UNEXPECTED_TOKEN: 'a token or the end of input appears where the grammar expects another',
  ERR_EQL_UNEXPECTED_CHARACTER: 'a character that starts no EQL token',
  ERR_EQL_UNTERMINATED_STRING: 'a string literal is not closed on its line',
  ERR_EQL_UNTERMINATED_COMMENT: 'a block comment is not closed with */',
  ERR_EQL_UNTERMINATED_IDENTIFIER: 'a back-quoted field name is not closed',
  ERR_EQL_BAD_ESCAPE:
    'a string escape other than \\n \\r \\t \\\\ \\" \\\' \\b \\f or \\u{2 to 8 hex digits}',
  ERR_EQL_SINGLE_QUOTE: 'a single-quoted string; Elasticsearch EQL strings use double quotes',
  ERR_EQL_ENDGAME_RAW_STRING: 'an Endgame ?"..." raw string; use """...""" instead',
  ERR_EQL_SINGLE_EQUALS: 'a single = used for comparison; EQL compares with ==',
  ERR_EQL_CHAINED_COMPARISON: 'comparisons chained like a < b < c, which EQL does not support',
  ERR_EQL_NUMBER_TOO_LARGE: 'a numeric literal outside the range Elasticsearch accepts',
  ERR_EQL_NESTING_TOO_DEEP: 'expressions nested deeper than the parser allows',
  ERR_EQL_UNSUPPORTED:
    'an Endgame EQL feature Elasticsearch rejects (join, fork, lineage, array indexes, some pipes and functions)',
  ERR_EQL_UNKNOWN_FUNCTION: 'a call to a function EQL does not define',
  ERR_EQL_UNKNOWN_PIPE: 'a pipe other than head or tail',
  ERR_EQL_FUNCTION_ARITY: 'a function called with too few or too many arguments',
  ERR_EQL_ARGUMENT_TYPE: 'a function argument whose type the function does not accept',
  ERR_EQL_CASE_INSENSITIVE_FUNCTION: 'a ~ suffix on a function that has no case-insensitive form',
  ERR_EQL_OPERAND_TYPE: 'an operator or condition applied to a value of the wrong type',
  ERR_EQL_PATTERN_TYPE: 'a :, like or regex pattern that is not a string literal',
  ERR_EQL_FIELD_COMPARISON: 'a field compared to another field, which Elasticsearch rejects',
  ERR_EQL_JOIN_KEY_NOT_FIELD: 'a by key that is an expression rather than a field',
  ERR_EQL_JOIN_KEY_COUNT: 'steps or filters of one query with different numbers of by keys',
  ERR_EQL_BY_AFTER_WITH: 'sequence by written after with maxspan instead of before it',
  ERR_EQL_TIME_UNIT: 'a maxspan without a time unit or with one other than ms, s, m, h, d',
  ERR_EQL_MAXSPAN_VALUE: 'a maxspan that is not a positive integer',
  ERR_EQL_UNKNOWN_OPTION: 'a with option other than maxspan (sequence) or runs (step)',
  ERR_EQL_RUNS_RANGE: 'a runs value that is not an integer from 1 to 100',
  ERR_EQL_SEQUENCE_STEPS: 'a sequence with fewer than two steps',
  ERR_EQL_MISSING_WITHOUT_MAXSPAN: 'a sequence with missing-event steps ![...] but no maxspan',
  ERR_EQL_MISSING_ONLY: 'a sequence whose steps are all missing-event steps',
  ERR_EQL_PIPE_ARGUMENT: 'a head or tail pipe without exactly one non-negative integer',
  ERR_EQL_SAMPLE_PIPES: 'a sample query followed by pipes, which samples do not take',
  ERR_EQL_SAMPLE_FILTERS: 'a sample with fewer than two or more than five filters',
  ERR_EQL_SAMPLE_KEYS: 'a sample filter without any join key',
} as const

/** A diagnostic code of the EQL stage. */
export type EqlDiagnosticCode = keyof typeof EQL_DIAGNOSTIC_CODES
