import type { CaseResult, FileResult } from './runner.ts'
import { failureLines, mismatchLines, renderProblem } from './report-text.ts'

// characters XML 1.0 cannot hold at all, even escaped
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/**
 * Renders results as JUnit XML, the shape CI systems read (Jenkins, GitLab, GitHub reporters):
 * `testsuites` > one `testsuite` per test file > one `testcase` per case, with `failure`
 * (message attribute and the full diff as body) or `skipped`.
 */
export function renderJunit(results: readonly FileResult[]): string {
  const all = results.flatMap((r) => r.cases)
  const suites = results.map(renderSuite)

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vigil test"${counts(all)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}

function renderSuite(result: FileResult): string {
  const classname = result.path.replace(/\.test\.toml$/, '').replaceAll(/[\\/]/g, '.')
  const cases = result.cases.map((c) => renderCase(result, c, classname))

  return [
    `  <testsuite name="${attr(result.path)}"${counts(result.cases)}>`,
    ...cases,
    '  </testsuite>',
  ].join('\n')
}

function renderCase(file: FileResult, result: CaseResult, classname: string): string {
  const open = `    <testcase name="${attr(result.name)}" classname="${attr(classname)}" time="${result.seconds.toFixed(3)}"`
  if (result.status === 'passed') return `${open}/>`
  if (result.status === 'skipped')
    return `${open}>\n      <skipped message="${attr(result.skipReason ?? '')}"/>\n    </testcase>`

  const body = failureLines(file, result)
    .map((l) => l.slice(4))
    .join('\n')
  const type = result.mismatches.length > 0 ? 'mismatch' : (result.problems[0]?.code ?? 'error')

  return `${open}>\n      <failure message="${attr(firstLine(file, result))}" type="${attr(type)}">${text(body)}</failure>\n    </testcase>`
}

function firstLine(file: FileResult, result: CaseResult): string {
  const [mismatch] = result.mismatches
  if (mismatch !== undefined) return mismatchLines(mismatch)[0] ?? 'alerts differ'

  const [problem] = result.problems
  if (problem === undefined) return 'failed'

  return renderProblem(file, problem).split('\n')[0] ?? problem.message
}

function counts(cases: readonly CaseResult[]): string {
  const failures = cases.filter((c) => c.status === 'failed').length
  const skipped = cases.filter((c) => c.status === 'skipped').length
  const time = cases.reduce((sum, c) => sum + c.seconds, 0)

  return ` tests="${String(cases.length)}" failures="${String(failures)}" errors="0" skipped="${String(skipped)}" time="${time.toFixed(3)}"`
}

function text(value: string): string {
  return value
    .replace(INVALID_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
}

function attr(value: string): string {
  return text(value).replaceAll('"', '&quot;').replaceAll('\n', '&#10;')
}
