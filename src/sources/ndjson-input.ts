import { open } from 'node:fs/promises'
import { readHandleChunks } from './chunks.ts'
import { readTextEvents } from './text-input.ts'
import type { InputItem, ReaderContext } from './types.ts'

/** Reads an NDJSON file (or a JSON array in one): large reads on a file handle. */
export async function* readNdjsonFile(
  path: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const handle = await open(path, 'r')
  try {
    yield* readTextEvents(readHandleChunks(handle, context.chunkSize), path, 'lines', context)
  } finally {
    await handle.close()
  }
}
