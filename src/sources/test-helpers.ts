import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readInputs } from './read-inputs.ts'
import type { FileSummary, InputItem, ReadInputsOptions } from './types.ts'

/** A fresh temporary folder for one test file. */
export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-sources-'))
}

/** Writes `content` to `name` inside `folder` and returns its path. */
export function writeInput(folder: string, name: string, content: string | Uint8Array): string {
  const path = join(folder, name)
  writeFileSync(path, content)

  return path
}

/** Reads inputs to the end, returning every item and the summaries. */
export async function readAll(
  paths: readonly string[],
  options: ReadInputsOptions = {},
): Promise<{ items: InputItem[]; summaries: FileSummary[] }> {
  const items: InputItem[] = []
  const summaries: FileSummary[] = []
  for await (const item of readInputs(paths, {
    ...options,
    onFileSummary: (s) => summaries.push(s),
  })) {
    items.push(item)
  }

  return { items, summaries }
}

/** The sources of the event items. */
export function sourcesOf(items: readonly InputItem[]): unknown[] {
  return items.flatMap((item) => (item.kind === 'event' ? [item.source] : []))
}

/** `file:line:col CODE` of each problem item. */
export function problemsOf(items: readonly InputItem[]): string[] {
  return items.flatMap((item) => {
    if (item.kind !== 'problem') return []

    const { source, span, code } = item.diagnostic

    return [`${source ?? ''}:${String(span.start.line)}:${String(span.start.column)} ${code}`]
  })
}
