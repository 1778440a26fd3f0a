import { readFileSync } from 'node:fs'

import { readEvtxBuffer } from '../../../src/sources/evtx/index.ts'
import type { EvtxStats } from '../../../src/sources/evtx/index.ts'
import type { Diagnostic } from '../../../src/syntax/index.ts'
import type { XmlElement } from '../../../src/sources/xml/element.ts'
import { CORPUS } from '../../../src/sources/evtx/test-support.ts'

export {
  CORPUS,
  HAS_CORPUS,
  NO_CORPUS,
  readManifest,
} from '../../../src/sources/evtx/test-support.ts'
export type { ManifestEntry } from '../../../src/sources/evtx/test-support.ts'

/** Everything our reader yields for one corpus file. */
export interface FileResult {
  readonly events: XmlElement[]
  readonly problems: Diagnostic[]
}

/** Reads one corpus file with our reader. */
export function readCorpusFile(path: string, stats?: EvtxStats): FileResult {
  const events: XmlElement[] = []
  const problems: Diagnostic[] = []
  const bytes = readFileSync(CORPUS + path)
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
