import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The shared EVTX corpus (../shared/corpus/evtx beside the repository), read in place. */
export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/evtx/', import.meta.url))

/** Whether the corpus is there; corpus tests skip with {@link NO_CORPUS} when it is not. */
export const HAS_CORPUS = existsSync(`${CORPUS}MANIFEST.tsv`)

/** The skip message of corpus tests without the corpus. */
export const NO_CORPUS = 'shared corpus not found at ../shared/corpus/evtx'

/** One file of the corpus manifest (MANIFEST.tsv). */
export interface ManifestEntry {
  readonly path: string
  readonly bytes: number
  /** `<Channel>` elements with text in `evtxexport -f xml` output (see SOURCES.md). */
  readonly eventsLibevtx: number
  /** The channels of its records, as the manifest lists them. */
  readonly channels: readonly string[]
}

/** The corpus manifest, one entry per file. */
export function readManifest(): ManifestEntry[] {
  const rows = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)

  return rows.map((row) => {
    const [path = '', bytes = '0', , events = '0', channels = ''] = row.split('\t')

    return {
      path,
      bytes: Number(bytes),
      eventsLibevtx: Number(events),
      channels: channels.split(';'),
    }
  })
}

/**
 * A spread of the corpus for tests that compare two readers: every `stride`-th file of the
 * manifest, and the largest file. Empty without the corpus.
 */
export function corpusSpread(stride: number): ManifestEntry[] {
  if (!HAS_CORPUS) return []

  const files = readManifest()
  const largest = [...files].sort((a, b) => b.bytes - a.bytes)[0]?.path

  return files.filter((f, i) => i % stride === 0 || f.path === largest)
}
