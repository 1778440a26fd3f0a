import { readStreamChunks } from './chunks.ts'
import { readTextEvents } from './text-input.ts'
import type { InputItem, ReaderContext } from './types.ts'

/** The name diagnostics use for standard input. */
export const STDIN_NAME = '<stdin>'

/** Reads NDJSON (or a JSON array) from standard input. */
export async function* readStdin(
  _path: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const chunks = readStreamChunks(context.stdin, context.chunkSize)
  yield* readTextEvents(chunks, STDIN_NAME, 'lines', context)
}
