/** Every diagnostic code of the ruletest stage, with what it means (for docs/errors.md). */
export const TEST_DIAGNOSTIC_CODES = {
  ERR_TEST_TOML: 'the test file is not valid TOML',
  ERR_TEST_TYPE: 'a key of the test file has a value of the wrong type',
  ERR_TEST_UNKNOWN_KEY: 'a key the test file format does not know (a typo, most often)',
  ERR_TEST_NO_CASES: 'the test file has no [[case]]',
  ERR_TEST_NO_EXPECTATION: 'a case says neither how many alerts nor which',
  ERR_TEST_COUNT: 'a case lists more [[case.alert]] entries than its alerts count',
  ERR_TEST_RULE_NOT_FOUND: 'the rule the test names cannot be found',
  ERR_TEST_RULE_AMBIGUOUS: 'the rule file holds several rules and the test names none',
  ERR_TEST_RULE_CANNOT_RUN: 'the rule loaded but Vigil cannot run it',
  ERR_TEST_EVENT_JSON: 'an event given as a JSON string is not a JSON object',
  ERR_TEST_DUPLICATE_EVENT: 'two fixture events of a case share one _id',
  ERR_TEST_UNKNOWN_EVENT: 'an expected alert names an event id no fixture event has',
  ERR_TEST_TIME: 'now, since or until is neither ISO-8601 nor date math',
  ERR_TEST_INPUT: 'a fixture file or exceptions file cannot be read',
  ERR_TEST_INIT_EXISTS: 'vigil test --init would overwrite an existing test file',
  ERR_TEST_INIT_RULE: 'vigil test --init cannot derive events from the rule',
} as const

/** A diagnostic code of the ruletest stage. */
export type TestDiagnosticCode = keyof typeof TEST_DIAGNOSTIC_CODES
