/**
 * @module ruletest
 * Detections as code: `<rule>.test.toml` files with fixture events and expected alerts, run
 * through the detection engine exactly as `vigil hunt` runs rules; the alert diff, text and
 * JUnit reporters, starter test files from a rule's query, per-rule profiles of a hunt, and the
 * alerts two versions of a rule set disagree on.
 */
export type {
  AlertExpectation,
  Fixtures,
  InlineEvent,
  RuleReference,
  RunOptions,
  TestCase,
  TestFile,
  TimeText,
} from './model.ts'
export type { TestDiagnosticCode } from './codes.ts'
export { TEST_DIAGNOSTIC_CODES } from './codes.ts'
export { parseTestFile } from './parse-test-file.ts'
export { isTestFileName, RuleCatalog, testPathFor } from './resolve-rule.ts'
export type { Discovered } from './discover.ts'
export { discoverTests } from './discover.ts'
export type { ActualAlert, CaseRun } from './run-case.ts'
export { eventIdsOf, groupAlerts } from './run-case.ts'
export type { Mismatch } from './compare.ts'
export { compareCase, fieldValue } from './compare.ts'
export type { CaseResult, CaseStatus, FileResult, RunTestsOptions, TestTotals } from './runner.ts'
export { FILE_CASE_NAME, runTestFile, runTests } from './runner.ts'
export { renderFileResult, renderTotals } from './report-text.ts'
export { renderJunit } from './report-junit.ts'
export { starterTestText } from './init.ts'
export type { HuntProfile, IdleRule, RuleProfile } from './profile.ts'
export { idleRule, ProfiledHunt, renderProfile } from './profile.ts'
export type { RuleDiff, RuleSetDiffResult } from './diff.ts'
export { renderDiffJson, renderDiffText, RuleSetDiff } from './diff.ts'
