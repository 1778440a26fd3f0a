import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { NO_EXCEPTIONS, parseExceptionExport } from '../detect/index.ts'
import type { ExceptionLists } from '../detect/index.ts'
import { evaluateDateMath } from '../rules/index.ts'
import { error } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import type { RunOptions, TestCase, TestFile, TimeText } from './model.ts'

/** A case's options with the file's defaults filled in and times resolved. */
export interface ResolvedOptions {
  readonly mode: 'all' | 'replay'
  readonly now: number
  readonly since?: number
  readonly until?: number
  readonly index?: string
  readonly exceptions: ExceptionLists
}

/** Merges the file's and the case's options (the case wins) and resolves times and files. */
export async function resolveOptions(
  file: TestFile,
  testCase: TestCase,
  clock: number,
  problems: Diagnostic[],
): Promise<ResolvedOptions> {
  const merged: RunOptions = { ...file.options, ...testCase.options }
  const now = resolveTime(merged.now, clock, file.path, problems) ?? clock
  const since = resolveTime(merged.since, now, file.path, problems)
  const until = resolveTime(merged.until, now, file.path, problems)
  const exceptions = await loadExceptions(file, merged, problems)

  return {
    mode: merged.replay === true ? 'replay' : 'all',
    now,
    exceptions,
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(merged.index === undefined ? {} : { index: merged.index }),
  }
}

function resolveTime(
  time: TimeText | undefined,
  now: number,
  source: string,
  problems: Diagnostic[],
): number | undefined {
  if (time === undefined) return undefined

  const millis = Date.parse(time.text)
  if (/^\d{4}-/.test(time.text) && !Number.isNaN(millis)) return millis

  const math = evaluateDateMath(time.text, now)
  if (math.ok) return math.value

  const message = `"${time.text}" is neither an ISO-8601 time nor date math (now-5m)`
  problems.push(error('ERR_TEST_TIME', message, time.span, source))

  return undefined
}

async function loadExceptions(
  file: TestFile,
  options: RunOptions,
  problems: Diagnostic[],
): Promise<ExceptionLists> {
  const wanted = options.exceptions
  if (wanted === undefined) return NO_EXCEPTIONS

  const path = join(dirname(file.path), wanted.path)
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    const message = `cannot read the exceptions file "${path}": ${errnoText(cause)}`
    problems.push(error('ERR_TEST_INPUT', message, wanted.span, file.path))

    return null
  })
  if (text === null) return NO_EXCEPTIONS

  const parsed = parseExceptionExport(text, path)
  problems.push(...parsed.diagnostics)

  return parsed.value
}

/** A short reason for a failed file operation. */
export function errnoText(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EACCES') return 'permission denied'

  return cause instanceof Error ? cause.message : String(cause)
}
