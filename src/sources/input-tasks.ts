import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import type { LinePrefilter } from '../compile/plan.ts'
import { DEFAULT_CHUNK_SIZE, readHandleChunks, readStreamChunks } from './chunks.ts'
import { gunzipChunks } from './gzip-input.ts'
import { discoverInputs, isLineLayout } from './discover.ts'
import type { InputTarget } from './discover.ts'
import type { EvtxPart } from './evtx/index.ts'
import { EVTX_SPLIT, evtxSplitParts } from './evtx-tasks.ts'
import type { EvtxSplit } from './evtx-tasks.ts'
import { cutPieces } from './line-pieces.ts'
import type { LinePiece } from './line-pieces.ts'
import { readFailure } from './read-failure.ts'
import { newSummary } from './read-inputs.ts'
import { STDIN_NAME } from './stdin-input.ts'
import { peekHead, prepend, readTextEvents } from './text-input.ts'
import type { FileSummary, InputFormat, InputItem, InputProblem } from './types.ts'

/**
 * The inputs of a hunt cut into work that threads can share, in input order:
 * - `lines`: a piece of a line-layout input (NDJSON, `.gz` of it, standard input);
 * - `part`: a part of a large EVTX file (see `EVTX_SPLIT`);
 * - `file`: an input read whole by the thread that takes it (EVTX, XML, `.json`, JSON arrays);
 * - `stream`: standard input holding a JSON array, read whole by the thread that reads the inputs;
 * - `failed`: a line-layout input could not be opened or read to its end;
 * - `end`: an input's pieces or parts are all given (after any `failed`).
 */
export type InputTask =
  | { readonly kind: 'lines'; readonly format: InputFormat; readonly piece: LinePiece }
  | { readonly kind: 'part'; readonly path: string; readonly part: EvtxPart }
  | { readonly kind: 'file'; readonly target: InputTarget }
  | { readonly kind: 'stream'; readonly chunks: AsyncIterable<Uint8Array> }
  | {
      readonly kind: 'failed'
      readonly file: string
      readonly format: InputFormat
      readonly problem: InputProblem
    }
  | { readonly kind: 'end'; readonly file: string; readonly format: InputFormat }

/** How {@link readInputTasks} reads. */
export interface InputTaskOptions {
  /** Bytes per `lines` piece (a longer line makes a longer piece). */
  readonly pieceSize: number
  /** Which EVTX files are cut into parts; default `EVTX_SPLIT`. */
  readonly evtxSplit?: EvtxSplit
  readonly stdin: NodeJS.ReadableStream
}

/** What a line-layout input is read through, and how to let go of it. */
interface LineSource {
  readonly chunks: AsyncIterable<Uint8Array>
  readonly close: () => Promise<void> | void
}

/**
 * Expands the inputs as {@link readInputBatches} does (folders walked in sorted order, `-` for
 * standard input) and cuts them into tasks. Line-layout inputs are read here, a piece at a time
 * as the caller asks for the next task, so memory holds only the pieces in flight.
 */
export async function* readInputTasks(
  paths: readonly string[],
  options: InputTaskOptions,
): AsyncGenerator<InputTask> {
  const split = options.evtxSplit ?? EVTX_SPLIT
  for await (const target of discoverInputs(paths)) {
    const parts = target.format === 'evtx' ? await evtxSplitParts(target.path, split) : null
    if (parts !== null) {
      for (const part of parts) yield { kind: 'part', path: target.path, part }
      yield { kind: 'end', file: target.path, format: 'evtx' }
    } else if (isLineLayout(target)) yield* lineTasks(target, options)
    else yield { kind: 'file', target }
  }
}

async function* lineTasks(
  target: InputTarget,
  options: InputTaskOptions,
): AsyncGenerator<InputTask> {
  const isStdin = target.format === 'stdin'
  const file = isStdin ? STDIN_NAME : target.path
  let source: LineSource | null = null
  try {
    source = await openLines(target, options)
    const { head, firstByte, rest } = await peekHead(source.chunks)
    const chunks = prepend(head, rest)
    // a JSON array is not cut at lines: one thread reads it whole
    if (firstByte === 0x5b) {
      if (isStdin) yield { kind: 'stream', chunks }
      else yield { kind: 'file', target }

      return
    }

    const { format } = target
    for await (const piece of cutPieces(chunks, file, options.pieceSize))
      yield { kind: 'lines', format, piece }
  } catch (cause) {
    yield { kind: 'failed', file, format: target.format, problem: readFailure(file, cause) }
  } finally {
    await source?.close()
  }

  yield { kind: 'end', file, format: target.format }
}

async function openLines(target: InputTarget, options: InputTaskOptions): Promise<LineSource> {
  const size = options.pieceSize
  if (target.format === 'stdin')
    return { chunks: readStreamChunks(options.stdin, size), close: () => undefined }

  if (target.format === 'gzip') return gunzipChunks(target.path, size)

  const handle: FileHandle = await open(target.path, 'r')

  return { chunks: readHandleChunks(handle, size), close: () => handle.close() }
}

/**
 * Reads a `stream` task (standard input holding a JSON array) to its end, in batches of items;
 * returns the input's summary.
 */
export async function* readStreamTask(
  chunks: AsyncIterable<Uint8Array>,
  prefilter: LinePrefilter | null,
): AsyncGenerator<InputItem[], FileSummary> {
  const summary = newSummary(STDIN_NAME, 'stdin')
  const context = { chunkSize: DEFAULT_CHUNK_SIZE, prefilter, keepRaw: false, summary }
  try {
    yield* readTextEvents(chunks, STDIN_NAME, 'lines', { ...context, stdin: process.stdin })
  } catch (cause) {
    summary.problems++
    summary.isReadable = false
    yield [readFailure(STDIN_NAME, cause)]
  }

  return summary
}
