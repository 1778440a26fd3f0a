import { createReadStream } from 'node:fs'
import { createGunzip } from 'node:zlib'
import { readStreamChunks } from './chunks.ts'
import { readTextEvents } from './text-input.ts'
import type { InputItem, ReaderContext } from './types.ts'

/**
 * Reads a gzip-compressed NDJSON or JSON file through a zlib stream; the name without `.gz`
 * chooses the layout (`x.json.gz` is read like a `.json` file).
 */
export async function* readGzipFile(
  path: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const file = createReadStream(path, { highWaterMark: context.chunkSize })
  const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(context.chunkSize, 1 << 20)) })
  file.on('error', (cause) => gunzip.destroy(cause))
  const chunks = readStreamChunks(file.pipe(gunzip), context.chunkSize)
  const layout = /\.json\.gz$/i.test(path) ? 'values' : 'lines'
  try {
    yield* readTextEvents(chunks, path, layout, context)
  } finally {
    file.destroy()
    gunzip.destroy()
  }
}
