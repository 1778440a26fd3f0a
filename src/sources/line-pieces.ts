import { Buffer } from 'node:buffer'
import type { LinePrefilter } from '../compile/plan.ts'
import type { Position } from '../syntax/index.ts'
import { EventDecoder, isBulkActionLine } from './event-decoder.ts'
import { cutLines, stripCr } from './line-splitter.ts'
import type { InputItem, InputProblem } from './types.ts'

/**
 * A run of whole lines of a line-layout input (NDJSON, plain or gzip, or standard input), cut
 * so that any thread can decode it on its own: it starts at a line and ends after a newline (or
 * at the end of the input), and never between a `_bulk` action line and its document line.
 */
export interface LinePiece {
  readonly file: string
  /** The bytes, in an `ArrayBuffer` of their own, so they can be moved to another thread. */
  readonly bytes: Uint8Array
  /** The 1-based line number of the piece's first line. */
  readonly firstLine: number
  /** The piece starts its input: a UTF-8 byte order mark there is dropped. */
  readonly isFileStart: boolean
}

/** What decoding a piece gave. */
export interface DecodedPiece {
  /** Events and problems in line order. Problem offsets count from the piece's start. */
  readonly items: InputItem[]
  /** The piece's length in characters, which places the next piece's offsets. */
  readonly chars: number
  /** Lines the prefilter rejected. */
  readonly skipped: number
}

const NEWLINE = 0x0a
/** How much a run of lines that all look like bulk actions may grow while it waits for a body. */
const MAX_CARRY = 1 << 20
const BOM = '\ufeff'

/**
 * Cuts a byte stream into pieces of about `size` bytes at line ends. A piece whose last lines
 * look like `_bulk` action lines ends before them, so an action always travels with its document.
 * A line longer than `size` makes a longer piece.
 */
export async function* cutPieces(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  size: number,
): AsyncGenerator<LinePiece> {
  let carry = new Uint8Array(0)
  let line = 1
  for await (const chunk of chunks) {
    let data = concat(carry, chunk)
    for (let end = cutPoint(data, size); end > 0; end = cutPoint(data, size)) {
      const bytes = data.slice(0, end)
      const firstLine = line
      // counted before the piece is handed on: its bytes may move to another thread
      line += countNewlines(bytes)
      data = data.subarray(end)
      yield { file, bytes, firstLine, isFileStart: firstLine === 1 }
    }

    carry = data.slice()
  }

  if (carry.length > 0) yield { file, bytes: carry, firstLine: line, isFileStart: line === 1 }
}

/**
 * Where to end a piece of `data`: after its last newline once it holds `size` bytes, moved back
 * over trailing lines that look like bulk actions; 0 for not yet.
 */
function cutPoint(data: Uint8Array, size: number): number {
  if (data.length < size) return 0

  const last = data.lastIndexOf(NEWLINE)
  if (last === -1) return 0

  let end = last + 1
  while (end > 0) {
    // a negative start would make lastIndexOf count from the end
    const start = end < 2 ? 0 : data.lastIndexOf(NEWLINE, end - 2) + 1
    if (!isBulkActionLine(stripCr(textOf(data, start, end - 1)))) return end

    end = start
  }

  // nothing but action lines yet: wait for the line after them, up to a bound, past which no
  // place keeps pairs together and the piece ends at its last line
  return data.length > Math.max(MAX_CARRY, size * 64) ? last + 1 : 0
}

function textOf(data: Uint8Array, start: number, end: number): string {
  return Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('utf8')
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const joined = new Uint8Array(head.length + tail.length)
  joined.set(head, 0)
  joined.set(tail, head.length)

  return joined
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) count++

  return count
}

/**
 * Decodes a piece as the NDJSON reader decodes its lines: blank lines pass, the prefilter skips
 * lines before `JSON.parse`, each line is an event, a search hit, a response or a bulk pair.
 */
export function decodePiece(piece: LinePiece, prefilter: LinePrefilter | null): DecodedPiece {
  const { bytes } = piece
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')
  const text = piece.isFileStart && whole.startsWith(BOM) ? whole.slice(1) : whole
  const batch = cutLines(text, piece.firstLine, 0)
  const { lines, offsets } = batch
  if (batch.consumed < text.length) {
    lines.push(stripCr(text.slice(batch.consumed)))
    offsets.push(batch.consumed)
  }

  const decoder = new EventDecoder(piece.file, false)
  const items: InputItem[] = []
  const counts = { skipped: 0 }
  for (let k = 0; k < lines.length; k++)
    decodeLine(
      lines[k] ?? '',
      piece.firstLine + k,
      offsets[k] ?? 0,
      decoder,
      prefilter,
      counts,
      items,
    )
  decoder.finish(items)

  return { items, chars: text.length, skipped: counts.skipped }
}

/**
 * Decodes one line of a line-layout input onto `out`; a blank line gives nothing, and a line the
 * prefilter rejects is counted in `counts.skipped` (it never pairs with a bulk action).
 */
export function decodeLine(
  text: string,
  line: number,
  offset: number,
  decoder: EventDecoder,
  prefilter: LinePrefilter | null,
  counts: { skipped: number },
  out: InputItem[],
): void {
  if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return
  if (prefilter !== null && !prefilter(text) && !isBulkActionLine(text)) {
    // a skipped document line must not pair with a later line as its bulk action's body
    decoder.discardPending()
    counts.skipped++

    return
  }

  decoder.decode(text, { line, column: 1, offset }, out)
}

/** A problem of a piece placed in its file: its offsets move by the characters before the piece. */
export function shiftProblem(problem: InputProblem, chars: number): InputProblem {
  if (chars === 0) return problem

  const { span } = problem.diagnostic
  const shifted = { start: moved(span.start, chars), end: moved(span.end, chars) }

  return { ...problem, diagnostic: { ...problem.diagnostic, span: shifted } }
}

function moved(position: Position, chars: number): Position {
  return { ...position, offset: position.offset + chars }
}
