import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The shared EVTX corpus (../shared/corpus/evtx beside the repository), read in place. */
export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/evtx/', import.meta.url))

/** Whether the corpus is there; corpus tests skip with {@link NO_CORPUS} when it is not. */
export const HAS_CORPUS = existsSync(`${CORPUS}MANIFEST.tsv`)

/** The skip message of corpus tests without the corpus. */
export const NO_CORPUS = 'shared corpus not found at ../shared/corpus/evtx'

/** One file of the corpus manifest. */
export interface CorpusFile {
  readonly path: string
  readonly bytes: number
  /** The channels of its records, as the manifest lists them. */
  readonly channels: readonly string[]
}

/**
 * A spread of the corpus for tests that compare two readers: every `stride`-th file of the
 * manifest, and the largest file. Empty without the corpus.
 */
export function corpusSpread(stride: number): CorpusFile[] {
  if (!HAS_CORPUS) return []

  const rows = readFileSync(`${CORPUS}MANIFEST.tsv`, 'utf8').trim().split('\n').slice(1)
  const files = rows.map((row) => {
    const [path = '', bytes = '0', , , channels = ''] = row.split('\t')

    return { path, bytes: Number(bytes), channels: channels.split(';') }
  })
  const largest = [...files].sort((a, b) => b.bytes - a.bytes)[0]?.path

  return files.filter((f, i) => i % stride === 0 || f.path === largest)
}
