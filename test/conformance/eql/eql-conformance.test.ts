import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { CORPUS_DIR, hasCorpus } from './corpus.ts'
import { KNOWN_FAILURES } from './known-failures.ts'
import { createPipeline } from './pipeline.ts'
import { parseSeriesSpec, runSeriesSpec } from './series-spec.ts'
import { runSuites } from './suites.ts'
import type { SuiteReport } from './suites.ts'

const SKIP_MESSAGE = `shared corpus not found at ${CORPUS_DIR}`
const SHUFFLE_SEED = 20240229
// active cases in the corpus suites (date_nanos skipped): a drop means a suite stopped loading
const MIN_CASES = 298

describe('eql conformance', () => {
  test('sequences.series-spec matches the sequence state machine', (t) => {
    if (!hasCorpus()) {
      t.skip(SKIP_MESSAGE)

      return
    }

    const text = readFileSync(`${CORPUS_DIR}unit-test-resources/sequences.series-spec`, 'utf8')
    const specs = parseSeriesSpec(text)
    assert.ok(specs.length >= 25)
    for (const spec of specs) assert.deepEqual(runSeriesSpec(spec), spec.expected, spec.name)
  })

  test('elasticsearch qa suites pass except the known failures', (t) => {
    if (!hasCorpus()) {
      t.skip(SKIP_MESSAGE)

      return
    }

    assertNoRegressions(runSuites(createPipeline))
  })

  test('elasticsearch qa suites give the same results with shuffled input', (t) => {
    if (!hasCorpus()) {
      t.skip(SKIP_MESSAGE)

      return
    }

    assertNoRegressions(runSuites(createPipeline, { kind: 'shuffled', seed: SHUFFLE_SEED }))
  })
})

function assertNoRegressions(reports: readonly SuiteReport[]): void {
  const cases = reports.flatMap((report) => report.cases)
  const unexpected = cases
    .filter((c) => !c.outcome.isPass && !(c.key in KNOWN_FAILURES))
    .map(
      (c) =>
        `${c.key}: got ${JSON.stringify(c.outcome.ids)}${c.outcome.error === null ? '' : ` (${c.outcome.error})`}`,
    )
  const nowPassing = cases
    .filter((c) => c.outcome.isPass && c.key in KNOWN_FAILURES)
    .map((c) => c.key)
  assert.deepEqual(unexpected, [], 'cases failing that are not in known-failures.ts')
  assert.deepEqual(nowPassing, [], 'known failures that now pass: remove them from the list')
  assert.ok(cases.length >= MIN_CASES, `only ${cases.length} cases ran`)
}
