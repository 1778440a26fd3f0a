import { basename, dirname, join } from 'node:path'
import type { HuntEvent } from '../detect/index.ts'
import { readInputs } from '../sources/index.ts'
import { error } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import type { Fixtures, TestCase, TestFile } from './model.ts'

/** Where a fixture event is labelled from: its `_id`, `event-N`, or `file:line`. */
export interface LabelledEvent {
  readonly label: string
  readonly event: HuntEvent
}

/**
 * Offers a case's fixture events in order (the file's shared events and files first, then the
 * case's own) to `push`, each with its label as `_id`, so alert ancestors name the fixtures.
 * Files are streamed; unreadable files and bad lines become problems. Returns every label.
 */
export async function feedFixtures(
  file: TestFile,
  testCase: TestCase,
  index: string | undefined,
  push: (event: HuntEvent) => void,
  problems: Diagnostic[],
): Promise<Set<string>> {
  const labels = new Set<string>()
  const add = (label: string, event: Omit<HuntEvent, 'id'>, span?: Diagnostic['span']): void => {
    if (labels.has(label)) {
      const message = `two fixture events have the id "${label}"`
      problems.push(error('ERR_TEST_DUPLICATE_EVENT', message, span ?? testCase.span, file.path))
    }

    labels.add(label)
    push({ ...event, id: label })
  }
  let ordinal = 0
  for (const fixtures of testCase.isShared
    ? [file.fixtures, testCase.fixtures]
    : [testCase.fixtures]) {
    for (const inline of fixtures.events) {
      ordinal++
      const eventIndex = inline.index ?? index
      const event = {
        source: inline.source,
        file: file.path,
        line: inline.span.start.line,
        ...(eventIndex === undefined ? {} : { index: eventIndex }),
      }
      add(inline.id ?? `event-${String(ordinal)}`, event, inline.span)
    }

    await feedFiles(file, fixtures, index, add, problems)
  }

  return labels
}

async function feedFiles(
  file: TestFile,
  fixtures: Fixtures,
  index: string | undefined,
  add: (label: string, event: Omit<HuntEvent, 'id'>) => void,
  problems: Diagnostic[],
): Promise<void> {
  for (const wanted of fixtures.files) {
    const path = join(dirname(file.path), wanted.path)
    for await (const item of readInputs([path])) {
      if (item.kind === 'problem') {
        problems.push(placed(item.diagnostic, file.path, wanted.span))
        continue
      }

      const eventIndex = item.index ?? index
      const event = {
        source: item.source,
        file: item.file,
        line: item.line,
        ...(eventIndex === undefined ? {} : { index: eventIndex }),
      }
      add(item.id ?? `${basename(item.file)}:${String(item.line)}`, event)
    }
  }
}

// a file that cannot be opened at all is reported where the test file names it
function placed(problem: Diagnostic, testPath: string, span: Diagnostic['span']): Diagnostic {
  if (problem.code !== 'ERR_INPUT_READ') return problem

  return error('ERR_TEST_INPUT', `fixture file: ${problem.message}`, span, testPath)
}
