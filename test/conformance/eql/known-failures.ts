/**
 * Cases expected to fail, keyed `file/name`, each with the reason. The conformance test fails on
 * any other failure, and also when a case listed here starts passing (so the list stays honest).
 */
export const KNOWN_FAILURES: Readonly<Record<string, string>> = {
  'test_extra.toml/sequenceWithVersionRangeCheck':
    'needs the ES `version` field type (semver order: "1.11.3" > "1.5.0", "bad" not a version); raw JSON strings compare by code point',
  'test_extra.toml/sequenceWithVersionRangeCheck2':
    'needs the ES `version` field type (semver order: "1.11.3" > "1.5.0", "1.2.4-SNAPSHOT" < "1.5.0"); raw JSON strings compare by code point',
}
