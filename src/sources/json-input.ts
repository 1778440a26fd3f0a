import { open } from 'node:fs/promises'
import { readHandleChunks } from './chunks.ts'
import { readTextEvents } from './text-input.ts'
import type { InputItem, ReaderContext } from './types.ts'

/**
 * Reads a `.json` file: a top-level array is streamed element by element; otherwise the file is
 * a run of objects (one per line or pretty-printed), or an Elasticsearch search response.
 */
export async function* readJsonFile(
  path: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const handle = await open(path, 'r')
  try {
    yield* readTextEvents(readHandleChunks(handle, context.chunkSize), path, 'values', context)
  } finally {
    await handle.close()
  }
}
