import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { readEvtxBuffer } from '../../../src/sources/evtx/index.ts'
import type { EvtxStats } from '../../../src/sources/evtx/index.ts'
import type { Diagnostic } from '../../../src/syntax/index.ts'
import type { XmlElement } from '../../../src/sources/xml/element.ts'

/** The EVTX corpus folder, resolved from the repository root (../shared/corpus/evtx). */
export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/corpus/evtx/', import.meta.url))

/** True when the shared corpus is checked out next to the repository. */
export const HAS_CORPUS = existsSync(`${CORPUS_DIR}MANIFEST.tsv`)

/** The skip message used when the corpus is absent. */
export const NO_CORPUS = 'shared corpus not found at ../shared/corpus/evtx; corpus tests skipped'

/** One row of MANIFEST.tsv. */
export interface ManifestEntry {
  readonly path: string
  readonly bytes: number
  /** `<Channel>` elements with text in `evtxexport -f xml` output (see SOURCES.md). */
  readonly eventsLibevtx: number
}

/** The corpus manifest, one entry per file. */
export function readManifest(): ManifestEntry[] {
  const lines = readFileSync(`${CORPUS_DIR}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)

  return lines.map((line) => {
    const [path = '', bytes = '0', , events = '0'] = line.split('\t')

    return { path, bytes: Number(bytes), eventsLibevtx: Number(events) }
  })
}

/** Everything our reader yields for one corpus file. */
export interface FileResult {
  readonly events: XmlElement[]
  readonly problems: Diagnostic[]
}

/** Reads one corpus file with our reader. */
export function readCorpusFile(path: string, stats?: EvtxStats): FileResult {
  const events: XmlElement[] = []
  const problems: Diagnostic[] = []
  const bytes = readFileSync(CORPUS_DIR + path)
  const options = stats === undefined ? {} : { stats }
  for (const item of readEvtxBuffer(bytes, path, options)) {
    if (item.kind === 'record') events.push(item.record.event)
    else problems.push(item.diagnostic)
  }

  return { events, problems }
}

/** `<Channel>` elements with text anywhere in an event: how the manifest counts libevtx events. */
export function countChannels(element: XmlElement): number {
  let count = element.name === 'Channel' && element.children.length > 0 ? 1 : 0
  for (const child of element.children) if (typeof child !== 'string') count += countChannels(child)

  return count
}
