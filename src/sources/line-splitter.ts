import { Utf8ChunkDecoder } from './utf8-chunks.ts'

/** A batch of complete lines cut from one chunk. */
export interface LineBatch {
  /** The lines, without `\n` and without a trailing `\r`. */
  readonly lines: string[]
  /** The 1-based line number of `lines[0]`. */
  readonly firstLine: number
  /** The 0-based character offset of each line's start in the whole text. */
  readonly offsets: number[]
}

/**
 * Cuts decoded text into lines: one UTF-8 decode per chunk (a character split between chunks
 * waits for its last bytes), `indexOf('\n')`, CRLF handled, a line spanning chunks carried
 * over, and a last line without a newline flushed at the end.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<LineBatch> {
  const decoder = new Utf8ChunkDecoder()
  let carry = ''
  let line = 1
  let offset = 0
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk)
    const batch = cutLines(text, line, offset)
    carry = text.slice(batch.consumed)
    line += batch.lines.length
    offset += batch.consumed
    if (batch.lines.length > 0) yield batch
  }

  const rest = carry + decoder.flush()
  if (rest.length > 0) yield { lines: [stripCr(rest)], firstLine: line, offsets: [offset] }
}

/**
 * Cuts the complete lines off the front of `text`: `consumed` is where the unfinished rest starts.
 * `base` is the character offset of `text` in its file.
 */
export function cutLines(
  text: string,
  firstLine: number,
  base: number,
): LineBatch & { consumed: number } {
  const lines: string[] = []
  const offsets: number[] = []
  let start = 0
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end
    lines.push(text.slice(start, stop))
    offsets.push(base + start)
    start = end + 1
  }

  return { lines, offsets, firstLine, consumed: start }
}

/** The line without a trailing carriage return. */
export function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text
}
