import { readFile } from 'node:fs/promises'
import { EMPTY_SPAN, error, SourceText } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import type { Mismatch } from './compare.ts'
import { compareCase } from './compare.ts'
import { discoverTests } from './discover.ts'
import type { TestCase, TestFile } from './model.ts'
import { parseTestFile } from './parse-test-file.ts'
import { RuleCatalog } from './resolve-rule.ts'
import type { ActualAlert, CaseRun } from './run-case.ts'
import { hasErrors, runCase } from './run-case.ts'
import { errnoText } from './run-options.ts'

/** How a case ended. */
export type CaseStatus = 'passed' | 'failed' | 'skipped'

/** The outcome of one case (or of a test file that could not be read, as one failed case). */
export interface CaseResult {
  readonly name: string
  readonly status: CaseStatus
  readonly seconds: number
  readonly mismatches: readonly Mismatch[]
  /** Malformed test input, rules that cannot run, unreadable fixtures; errors fail the case. */
  readonly problems: readonly Diagnostic[]
  readonly alerts: readonly ActualAlert[]
  readonly skipReason?: string
}

/** The outcome of one test file. */
export interface FileResult {
  readonly path: string
  /** The test file's text, for carets under diagnostics; absent when it could not be read. */
  readonly source?: SourceText
  readonly rule?: string
  readonly cases: readonly CaseResult[]
}

/** Counts over a whole run. */
export interface TestTotals {
  passed: number
  failed: number
  skipped: number
}

/** Options of {@link runTests}. */
export interface RunTestsOptions {
  /** The clock, epoch ms: `now` of cases that set none. Default `Date.now()`. */
  readonly clock?: number
}

/** The name under which a malformed test file is reported. */
export const FILE_CASE_NAME = '(test file)'

/**
 * Runs every test file found under `paths` and yields each file's results as it finishes.
 * Nothing in user input stops the run: a malformed file is one failed case with diagnostics.
 */
export async function* runTests(
  paths: readonly string[],
  options: RunTestsOptions = {},
): AsyncGenerator<FileResult, TestTotals> {
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 }
  const catalog = new RuleCatalog(paths)
  for await (const found of discoverTests(paths)) {
    const result =
      found.kind === 'problem'
        ? brokenFile(found.diagnostic.source ?? '', [found.diagnostic])
        : await runTestFile(found.path, catalog, options.clock ?? Date.now())
    for (const c of result.cases) totals[c.status]++
    yield result
  }

  return totals
}

/** Runs one test file. */
export async function runTestFile(
  path: string,
  catalog: RuleCatalog,
  clock: number,
): Promise<FileResult> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    return new Error(errnoText(cause))
  })
  if (text instanceof Error) {
    const message = `cannot read the test file: ${text.message}`

    return brokenFile(path, [error('ERR_TEST_INPUT', message, EMPTY_SPAN, path)])
  }

  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  const parsed = parseTestFile(path, body)
  if (!parsed.ok)
    return { ...brokenFile(path, parsed.diagnostics), source: new SourceText(path, body) }

  const file = parsed.value
  const rule = await catalog.resolve(file)
  if (!rule.ok) return { ...brokenFile(path, rule.diagnostics), source: file.source }

  const cases: CaseResult[] = []
  for (const testCase of file.cases) cases.push(await runOne(file, testCase, rule.value, clock))

  return { path, source: file.source, rule: rule.value.name, cases }
}

async function runOne(
  file: TestFile,
  testCase: TestCase,
  rule: Parameters<typeof runCase>[2],
  clock: number,
): Promise<CaseResult> {
  const started = performance.now()
  const problems: Diagnostic[] = [...testCase.diagnostics]
  const finish = (status: CaseStatus, run: CaseRun | null, mismatches: Mismatch[] = []) => ({
    name: testCase.name,
    status,
    seconds: (performance.now() - started) / 1000,
    mismatches,
    problems: run === null ? problems : [...problems, ...run.warnings],
    alerts: run?.alerts ?? [],
  })
  if (testCase.skip !== undefined) return { ...finish('skipped', null), skipReason: testCase.skip }
  if (hasErrors(problems)) return finish('failed', null)

  const run = await runCase(file, testCase, rule, clock, problems)
  if (run === null) return finish('failed', null)

  problems.push(...unknownEvents(file, testCase, run))
  const mismatches = hasErrors(problems) ? [] : compareCase(testCase, run)
  const isPassed = !hasErrors(problems) && mismatches.length === 0

  return finish(isPassed ? 'passed' : 'failed', run, mismatches)
}

function unknownEvents(file: TestFile, testCase: TestCase, run: CaseRun): Diagnostic[] {
  return testCase.expected.flatMap((expected) =>
    (expected.events ?? [])
      .filter((id) => !run.labels.has(id))
      .map((id) => {
        const known = [...run.labels].slice(0, 8).join(', ')
        const message = `no fixture event has the id "${id}" (ids: ${known || 'none'})`

        return error('ERR_TEST_UNKNOWN_EVENT', message, expected.eventsSpan, file.path)
      }),
  )
}

function brokenFile(path: string, problems: readonly Diagnostic[]): FileResult {
  const name = FILE_CASE_NAME
  const result: CaseResult = {
    name,
    status: 'failed',
    seconds: 0,
    mismatches: [],
    problems,
    alerts: [],
  }

  return { path, cases: [result] }
}
