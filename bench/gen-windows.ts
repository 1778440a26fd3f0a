import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'

import { readEvtxSourceBatches } from '../src/sources/evtx/index.ts'
import { mapWinlogSource } from '../src/sources/winlog/index.ts'

/** Bump when the written data changes, so cached files are rebuilt. */
const VERSION = 1

/** What a written file holds, stored next to it. */
export interface WindowsMeta {
  readonly version: number
  readonly files: number
  /** Events of one copy of the corpus. */
  readonly corpusEvents: number
  readonly copies: number
  readonly events: number
  readonly bytes: number
}

/**
 * Real Windows events for the hunt bench: every log of the EVTX corpus (MANIFEST.tsv) read and
 * mapped to ECS as `vigil convert` does, written once, then the whole again until the file holds
 * at least `least` events. The copies are alike line for line, so some of their alerts are the
 * same alert; the events are what attack samples log (Sysmon, Security, PowerShell, System), so
 * far more of them alert than in a day of a quiet network.
 */
export async function ensureWindowsFile(
  corpus: string,
  path: string,
  least: number,
): Promise<WindowsMeta> {
  const metaPath = `${path}.meta.json`
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as WindowsMeta
    if (meta.version === VERSION && meta.events >= least) return meta
  }

  const files = corpusFiles(corpus)
  const lines: string[] = []
  for (const file of files) {
    for await (const batch of readEvtxSourceBatches(file)) {
      for (const item of batch) {
        if (item.kind !== 'record') continue

        lines.push(JSON.stringify(mapWinlogSource(item.record.source, { filePath: file })))
      }
    }
  }

  const copies = Math.max(1, Math.ceil(least / Math.max(1, lines.length)))
  const bytes = writeCopies(path, `${lines.join('\n')}\n`, copies)
  const meta: WindowsMeta = {
    version: VERSION,
    files: files.length,
    corpusEvents: lines.length,
    copies,
    events: lines.length * copies,
    bytes,
  }
  writeFileSync(metaPath, JSON.stringify(meta, null, 2))

  return meta
}

function corpusFiles(corpus: string): string[] {
  const rows = readFileSync(`${corpus}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)

  return rows.map((row) => `${corpus}${row.split('\t')[0] ?? ''}`).sort()
}

function writeCopies(path: string, text: string, copies: number): number {
  const bytes = Buffer.from(text)
  const fd = openSync(path, 'w')
  for (let i = 0; i < copies; i++) writeSync(fd, bytes)
  closeSync(fd)

  return bytes.length * copies
}
