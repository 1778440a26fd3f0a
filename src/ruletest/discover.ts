import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { EMPTY_SPAN, error } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { isTestFileName, testPathFor } from './resolve-rule.ts'
import { errnoText } from './run-options.ts'

/** A test file found, or a path that gave none. */
export type Discovered =
  | { readonly kind: 'test'; readonly path: string }
  | { readonly kind: 'problem'; readonly diagnostic: Diagnostic }

/**
 * Finds test files: `*.test.toml` given directly or under folders (walked in name order,
 * skipping `node_modules` and dot folders), and for a rule file given directly, the test file
 * beside it.
 */
export async function* discoverTests(paths: readonly string[]): AsyncGenerator<Discovered> {
  for (const path of paths) {
    const info = await stat(path).catch((cause: unknown) => cause as Error)
    if (info instanceof Error) {
      yield problem(`cannot read "${path}": ${errnoText(info)}`, path)
      continue
    }

    if (info.isDirectory()) yield* walk(path)
    else if (isTestFileName(path)) yield { kind: 'test', path }
    else yield await besideRule(path)
  }
}

async function* walk(folder: string): AsyncGenerator<Discovered> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((c: unknown) => c as Error)
  if (entries instanceof Error) {
    yield problem(`cannot read "${folder}": ${errnoText(entries)}`, folder)

    return
  }

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      yield* walk(path)
    else if (entry.isFile() && isTestFileName(entry.name)) yield { kind: 'test', path }
  }
}

async function besideRule(rulePath: string): Promise<Discovered> {
  const testPath = testPathFor(rulePath)
  const info = await stat(testPath).catch(() => null)
  if (info?.isFile() === true) return { kind: 'test', path: testPath }

  return problem(`"${rulePath}" is not a test file and has no ${testPath} beside it`, rulePath)
}

function problem(message: string, path: string): Discovered {
  return { kind: 'problem', diagnostic: error('ERR_TEST_INPUT', message, EMPTY_SPAN, path) }
}
