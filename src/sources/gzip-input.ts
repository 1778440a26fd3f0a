import { createReadStream } from 'node:fs'
import { createGunzip } from 'node:zlib'
import { readStreamChunks } from './chunks.ts'
import { readTextEvents } from './text-input.ts'
import type { InputItem, ReaderContext } from './types.ts'

/** The decompressed chunks of a gzip file (of at most `size` bytes), and how to let go of them. */
export interface GunzipChunks {
  readonly chunks: AsyncIterable<Uint8Array>
  readonly close: () => void
}

/** Opens a gzip file through a zlib stream; a read error ends the chunks with that error. */
export function gunzipChunks(path: string, size: number): GunzipChunks {
  const file = createReadStream(path, { highWaterMark: size })
  const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(size, 1 << 20)) })
  file.on('error', (cause) => gunzip.destroy(cause))
  const close = () => {
    file.destroy()
    gunzip.destroy()
  }

  return { chunks: readStreamChunks(file.pipe(gunzip), size), close }
}

/** Whether a gzip file holds a `.json` file (its values may span lines), by its name. */
export function isJsonGzip(path: string): boolean {
  return /\.json\.gz$/i.test(path)
}

/**
 * Reads a gzip-compressed NDJSON or JSON file through a zlib stream; the name without `.gz`
 * chooses the layout (`x.json.gz` is read like a `.json` file).
 */
export async function* readGzipFile(
  path: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const { chunks, close } = gunzipChunks(path, context.chunkSize)
  const layout = isJsonGzip(path) ? 'values' : 'lines'
  try {
    yield* readTextEvents(chunks, path, layout, context)
  } finally {
    close()
  }
}
