import { counted, renderDiagnostic } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import type { Mismatch } from './compare.ts'
import type { AlertExpectation } from './model.ts'
import type { ActualAlert } from './run-case.ts'
import type { CaseResult, FileResult, TestTotals } from './runner.ts'

const MARKS = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const

/** The lines of one file's results: one per case, and under a failed case why it failed. */
export function renderFileResult(result: FileResult): string[] {
  return result.cases.flatMap((c) => [caseLine(result, c), ...failureLines(result, c)])
}

/** The closing line CI tools read: `N passed, M failed` (`, K skipped` when some were). */
export function renderTotals(totals: TestTotals): string {
  const skipped = totals.skipped > 0 ? `, ${String(totals.skipped)} skipped` : ''

  return `${String(totals.passed)} passed, ${String(totals.failed)} failed${skipped}`
}

function caseLine(file: FileResult, result: CaseResult): string {
  const time =
    result.status === 'skipped' ? `(${result.skipReason ?? 'skipped'})` : `(${ms(result.seconds)})`

  return `${MARKS[result.status]} ${file.path} › ${result.name} ${time}`
}

/** Why a case failed, as indented text: the alert diff and the diagnostics (empty if it passed). */
export function failureLines(file: FileResult, result: CaseResult): string[] {
  if (result.status !== 'failed') return []

  const diagnostics = result.problems.filter(
    (d) => d.severity === 'error' || result.mismatches.length === 0,
  )

  return [
    ...result.mismatches.flatMap(mismatchLines),
    ...diagnostics.flatMap((d) => renderProblem(file, d).split('\n')),
  ].map((line) => `    ${line}`)
}

/** A diagnostic with a caret excerpt when it points into the test file. */
export function renderProblem(file: FileResult, diagnostic: Diagnostic): string {
  const isOwn = diagnostic.source === file.path && file.source !== undefined

  return renderDiagnostic(
    diagnostic,
    isOwn && file.source !== undefined ? { source: file.source } : {},
  )
}

/** A mismatch as text lines. */
export function mismatchLines(mismatch: Mismatch): string[] {
  switch (mismatch.kind) {
    case 'count':
      return [`expected ${counted(mismatch.expected, 'alert')}, got ${String(mismatch.actual)}`]
    case 'truncated':
      return [
        `expected ${counted(mismatch.expected, 'execution')} cut by max_signals, got ${String(mismatch.actual)}`,
      ]
    case 'missing':
      return [`missing alert ${expectationText(mismatch.expected)}`]
    case 'unexpected':
      return [`unexpected alert ${alertText(mismatch.alert)}`]
    case 'field':
      return [
        `alert from ${eventsText(mismatch.alert.events)}: ${mismatch.field}`,
        `  expected: ${valueText(mismatch.expected)}`,
        `  actual:   ${valueText(mismatch.actual)}`,
      ]
  }
}

function expectationText(expected: AlertExpectation): string {
  const from =
    expected.events === undefined ? 'from any events' : `from ${eventsText(expected.events)}`
  const fields = [...expected.fields].map(([k, v]) => `${k} = ${valueText(v)}`)

  return fields.length === 0 ? from : `${from} with ${fields.join(', ')}`
}

function alertText(alert: ActualAlert): string {
  const doc = alert.document
  const severity = valueText(doc['kibana.alert.severity'])
  const risk = valueText(doc['kibana.alert.risk_score'])
  const blocks =
    alert.buildingBlocks.length > 0
      ? `, ${counted(alert.buildingBlocks.length, 'building block')}`
      : ''

  return `from ${eventsText(alert.events)} (severity ${severity}, risk score ${risk}${blocks})`
}

function eventsText(events: readonly string[]): string {
  return `[${events.join(', ')}]`
}

/** A value as JSON text; `(missing)` for a field the alert does not have. */
export function valueText(value: unknown): string {
  return value === undefined ? '(missing)' : JSON.stringify(value)
}

function ms(seconds: number): string {
  return `${String(Math.round(seconds * 1000))} ms`
}
