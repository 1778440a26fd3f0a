/**
 * Every diagnostic code the KQL parser and the KQL compiler emit, with a one-line description.
 * Codes are stable: tests, docs/errors.md and users' scripts key on them.
 */
export const KQL_DIAGNOSTIC_CODES = {
  ERR_KQL_SYNTAX: 'the query does not follow the KQL grammar at this point',
  ERR_KQL_UNCLOSED_QUOTE: 'a double-quoted string has no closing quote',
  ERR_KQL_UNCLOSED_PAREN: 'an opening parenthesis has no closing one',
  ERR_KQL_UNCLOSED_BRACE: 'a nested query `field:{` has no closing brace',
  ERR_KQL_UNMATCHED_CLOSE: 'a closing parenthesis or brace has no opening one',
  ERR_KQL_MISSING_VALUE: 'a field, `:` or range operator is not followed by a value',
  ERR_KQL_DANGLING_OPERATOR: '`and`, `or` or `not` is not followed by an operand',
  ERR_KQL_INVALID_ESCAPE:
    'a backslash in an unquoted value escapes a character that needs no escape',
  ERR_KQL_TOO_DEEP: 'brackets nest deeper than the parser allows (200 levels)',
  ERR_KQL_LUCENE_UNSUPPORTED: 'Lucene query syntax (or a rule in language lucene) is not supported',
  ERR_KQL_KEYWORD_IN_VALUE:
    'warning: an unquoted value ends in `or`/`and`, which KQL reads as part of the value',
  ERR_KQL_NULL_VALUE: 'the unquoted literal `null` cannot be matched (Elasticsearch rejects it)',
  ERR_KQL_INVALID_NUMBER: 'a value on a numeric field is not a number (Elasticsearch rejects it)',
  ERR_KQL_INVALID_BOOLEAN: 'a value on a boolean field is not `true` or `false`',
  ERR_KQL_INVALID_IP: 'a value on an ip field is neither an address nor a CIDR block',
  ERR_KQL_INVALID_DATE: 'a value on a date field is not a date, epoch milliseconds or date math',
  ERR_KQL_WILDCARD_UNSUPPORTED: 'a wildcard value on a field type that has no wildcard queries',
  ERR_KQL_NESTED_FIELD:
    'a nested field is used outside `path:{…}`, or `{…}` is used on a non-nested field',
} as const

/** A code from {@link KQL_DIAGNOSTIC_CODES}. */
export type KqlDiagnosticCode = keyof typeof KQL_DIAGNOSTIC_CODES
