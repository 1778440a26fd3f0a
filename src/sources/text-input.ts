import { EventDecoder } from './event-decoder.ts'
import { decodeLine } from './line-pieces.ts'
import { JsonValueSplitter } from './json-splitter.ts'
import type { SplitMode, SplitPiece } from './json-splitter.ts'
import { splitLines } from './line-splitter.ts'
import { Utf8ChunkDecoder } from './utf8-chunks.ts'
import { error } from '../syntax/index.ts'
import type { InputItem, ReaderContext } from './types.ts'

/**
 * How to cut a text input when its first character is not `[`: `lines` for NDJSON, `values`
 * for `.json` files, whose objects may be pretty-printed over many lines.
 */
export type TextLayout = 'lines' | 'values'

const BOM = [0xef, 0xbb, 0xbf]

/**
 * Events parsed per batch. Small batches let parsed events die in the young generation; a whole
 * 4 MiB chunk of parsed events outlives a scavenge, gets promoted and inflates peak RSS.
 */
const DECODE_BATCH = 128

/**
 * Reads JSON events from a byte stream, one batch of items per chunk (per-item async hops are
 * what a generator pipeline costs most, so only the outermost layer yields single items). A text whose first non-blank character is `[` is read as
 * a JSON array, element by element; otherwise as `layout` says.
 */
export async function* readTextEvents(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  layout: TextLayout,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const { head, firstByte, rest } = await peekHead(chunks)
  const all = prepend(head, rest)
  const isArray = firstByte === 0x5b
  const items =
    !isArray && layout === 'lines'
      ? readLines(all, file, context)
      : readValues(all, file, isArray ? 'array' : 'values', context)
  const { summary } = context
  for await (const batch of items) {
    for (const item of batch) {
      if (item.kind === 'event') summary.events++
      else summary.problems++
    }

    yield batch
  }
}

async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const decoder = new EventDecoder(file, context.keepRaw)
  const { prefilter, summary } = context
  for await (const batch of splitLines(chunks)) {
    const { lines, offsets, firstLine } = batch
    let out: InputItem[] = []
    for (let k = 0; k < lines.length; k++) {
      const line = firstLine + k
      decodeLine(lines[k] ?? '', line, offsets[k] ?? 0, decoder, prefilter, summary, out)
      if (out.length >= DECODE_BATCH) {
        yield out
        out = []
      }
    }

    if (out.length > 0) yield out
  }

  const tail: InputItem[] = []
  decoder.finish(tail)
  if (tail.length > 0) yield tail
}

async function* readValues(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  mode: SplitMode,
  context: ReaderContext,
): AsyncGenerator<InputItem[]> {
  const decoder = new EventDecoder(file, context.keepRaw)
  const splitter = new JsonValueSplitter(mode)
  const text = new Utf8ChunkDecoder()
  for await (const chunk of chunks) {
    const out = takePieces(splitter.push(text.decode(chunk)), decoder, file, context)
    if (out.length > 0) yield out
  }

  const last = splitter.push(text.flush()).concat(splitter.end())
  const out = takePieces(last, decoder, file, context)
  decoder.finish(out)
  if (out.length > 0) yield out
}

function takePieces(
  pieces: readonly SplitPiece[],
  decoder: EventDecoder,
  file: string,
  context: ReaderContext,
): InputItem[] {
  const out: InputItem[] = []
  for (const piece of pieces) {
    if (piece.kind === 'fault') {
      const at = {
        offset: piece.location.offset,
        line: piece.location.line,
        column: piece.location.column,
      }
      const span = { start: at, end: { ...at, offset: at.offset + 1, column: at.column + 1 } }
      out.push({ kind: 'problem', diagnostic: error('ERR_INPUT_JSON', piece.message, span, file) })
    } else if (context.prefilter !== null && !context.prefilter(piece.text)) {
      context.summary.skipped++
    } else decoder.decode(piece.text, piece.location, out)
  }

  return out
}

/** Reads leading chunks until one holds a significant byte (copied: readers reuse buffers). */
export async function peekHead(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ head: Uint8Array[]; firstByte: number; rest: AsyncIterator<Uint8Array> }> {
  const rest = chunks[Symbol.asyncIterator]()
  const head: Uint8Array[] = []
  for (;;) {
    const next = await rest.next()
    if (next.done === true) return { head, firstByte: -1, rest }

    head.push(Uint8Array.from(next.value))
    const firstByte = firstSignificantByte(next.value, head.length === 1)
    if (firstByte !== -1) return { head, firstByte, rest }
  }
}

/** The peeked chunks, then the rest of the stream. */
export async function* prepend(
  head: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield* head
  for (;;) {
    const next = await rest.next()
    if (next.done === true) return
    yield next.value
  }
}

/** The first byte that is not whitespace or part of a UTF-8 byte order mark; -1 when none. */
function firstSignificantByte(bytes: Uint8Array, isStart: boolean): number {
  let at = 0
  if (isStart && BOM.every((byte, i) => bytes[i] === byte)) at = 3
  for (; at < bytes.length; at++) {
    const byte = bytes[at] ?? 0
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte
  }

  return -1
}
