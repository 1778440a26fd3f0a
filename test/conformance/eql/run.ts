import { readFileSync } from 'node:fs'
import { CORPUS_DIR, hasCorpus } from './corpus.ts'
import { KNOWN_FAILURES } from './known-failures.ts'
import { createPipeline } from './pipeline.ts'
import { parseSeriesSpec, runSeriesSpec } from './series-spec.ts'
import { runSuites } from './suites.ts'
import type { CaseReport, SuiteReport } from './suites.ts'

// prints per-file pass counts and every failure; exit code 1 on any unexpected failure
function main(): number {
  if (!hasCorpus()) {
    console.log(`skipped: shared corpus not found at ${CORPUS_DIR}`)

    return 0
  }

  let unexpected = reportSeriesSpec()
  const reports = runSuites(createPipeline)
  for (const report of reports) unexpected += printSuite(report)
  const total = reports.flatMap((r) => r.cases)
  const passed = total.filter((c) => c.outcome.isPass).length
  console.log(`\nall suites: ${passed}/${total.length} passed, ${unexpected} unexpected`)

  return unexpected === 0 ? 0 : 1
}

function reportSeriesSpec(): number {
  const text = readFileSync(`${CORPUS_DIR}unit-test-resources/sequences.series-spec`, 'utf8')
  const specs = parseSeriesSpec(text)
  let failed = 0
  for (const spec of specs) {
    const actual = runSeriesSpec(spec)
    if (JSON.stringify(actual) === JSON.stringify(spec.expected)) continue

    failed++
    console.log(`FAIL sequences.series-spec ${spec.name} (line ${spec.line})`)
    console.log(`  expected ${JSON.stringify(spec.expected)}\n  actual   ${JSON.stringify(actual)}`)
  }

  console.log(`sequences.series-spec: ${specs.length - failed}/${specs.length} passed`)

  return failed
}

function printSuite(report: SuiteReport): number {
  if (report.skipReason !== null) {
    console.log(`${report.file}: skipped (${report.skipReason})`)

    return 0
  }

  const passed = report.cases.filter((c) => c.outcome.isPass).length
  const known = report.cases.filter((c) => !c.outcome.isPass && c.key in KNOWN_FAILURES).length
  console.log(`${report.file}: ${passed}/${report.cases.length} passed, ${known} known failures`)

  return report.cases.filter(printCase).length
}

// prints a case that needs attention; true when it is unexpected
function printCase({ key, testCase, outcome }: CaseReport): boolean {
  const reason = KNOWN_FAILURES[key]
  if (outcome.isPass) {
    if (reason !== undefined)
      console.log(`  NOW PASSES (remove from known failures) ${testCase.name}`)

    return reason !== undefined
  }

  const label = reason === undefined ? 'FAIL' : 'known'
  const expected = testCase.expected.length === 1 ? testCase.expected[0] : testCase.expected
  console.log(`  ${label} ${testCase.name}${reason === undefined ? '' : ` — ${reason}`}`)
  console.log(`    query: ${testCase.query.trim().replace(/\s+/g, ' ')}`)
  if (outcome.error !== null) console.log(`    error: ${outcome.error}`)
  console.log(`    expected ids:  ${JSON.stringify(expected)}`)
  console.log(`    actual ids:    ${JSON.stringify(outcome.ids)}`)
  if (testCase.joinKeys !== null) {
    console.log(`    expected keys: ${JSON.stringify(testCase.joinKeys)}`)
    console.log(`    actual keys:   ${JSON.stringify(outcome.joinKeys)}`)
  }

  return reason === undefined
}

process.exitCode = main()
