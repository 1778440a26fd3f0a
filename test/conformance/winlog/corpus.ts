import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readEvtx } from '../../../src/sources/evtx/index.ts'
import type { EcsDocument } from '../../../src/sources/winlog/index.ts'
import { mapWindowsEvent } from '../../../src/sources/winlog/index.ts'

/** The shared corpus folder, resolved from the repository root (../shared/corpus). */
export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url))

/** Whether a folder of the shared corpus is checked out next to the repository. */
export function hasCorpus(folder: string): boolean {
  return existsSync(`${CORPUS}${folder}`)
}

/** The skip message when a corpus folder is absent. */
export function noCorpus(folder: string): string {
  return `shared corpus not found at ../shared/corpus/${folder}; corpus tests skipped`
}

/** The value at a dotted path of a document (objects only; arrays are leaves). */
export function fieldAt(doc: EcsDocument, path: string): unknown {
  let value: unknown = doc
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    value = (value as Record<string, unknown>)[key]
  }

  return value
}

/** Every leaf of a document by dotted path; arrays are leaves. */
export function flatten(doc: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, leaf] of flatten(value as Record<string, unknown>, path))
        out.set(inner, leaf)
    } else out.set(path, value)
  }

  return out
}

/** The ECS document of the `nth` (1-based) record with event code `code` in a corpus EVTX file. */
export async function mappedRecord(file: string, code: string, nth = 1): Promise<EcsDocument> {
  let seen = 0
  for await (const item of readEvtx(`${CORPUS}evtx/${file}`)) {
    if (item.kind !== 'record') continue
    const doc = mapWindowsEvent(item.record.event, { filePath: file })
    if (fieldAt(doc, 'event.code') === code && ++seen === nth) return doc
  }
  throw new Error(`${file} has no record ${nth} with event code ${code}`)
}
