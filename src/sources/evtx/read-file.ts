import { Buffer } from 'node:buffer'
import { closeSync, openSync } from 'node:fs'

import { EvtxDecoder, chunkOffset } from './decoder.ts'
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './layout.ts'
import { chunkGroups, readFullyAsync, readFullySync } from './read-chunks.ts'
import { EvtxItemReader } from './read-items.ts'
import { makeSourceRecord, makeTreeRecord, makeXmlRecord } from './record-makers.ts'
import type { RecordMaker } from './record-makers.ts'
import type { EvtxItem, EvtxItemOf, EvtxOptions, EvtxSourceItem, EvtxXmlItem } from './types.ts'

// chunks are read 16 at a time (1 MiB, one system call) into one of two buffers, the next
// batch while the last is decoded: memory stays at 2 MiB whatever the file size, and small
// files need one read. the header and the first batch are read synchronously: most logs are a
// few MiB, decoded in less time than the thread pool took to hand back their reads, which
// overlapped nothing and cost about 0.5 ms per file; later batches are read on the thread pool
// while the batch before is decoded
const BATCH_CHUNKS = 16
const READ_SIZE = BATCH_CHUNKS * CHUNK_SIZE

// read buffers given back by closed readers, for the next file: a run over many small logs then
// allocates no 1 MiB buffer per file, which the garbage collector would have to reclaim
const FREE_BUFFERS: Buffer[] = []
const MAX_FREE_BUFFERS = 4

/** A read that has finished: the bytes it got, or why it failed (never a rejected promise). */
type ReadOutcome = { readonly got: number } | { readonly failure: unknown }

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * Reads an EVTX file chunk by chunk, 16 chunks per read into two 1 MiB buffers (one holds the
 * batch being decoded, the other the next), whatever the file size. Problems are yielded as
 * items; nothing is thrown for a bad file, and the handle is closed however iteration ends.
 */
export function readEvtx(path: string, options: EvtxOptions = {}): AsyncGenerator<EvtxItem> {
  return new EvtxItemReader(new EvtxFileBatches(path, options, makeTreeRecord))
}

/**
 * Reads an EVTX file as {@link readEvtx} does, each record's event rendered straight to the XML
 * text `serializeXml` would write for its tree, without building the tree (`vigil convert
 * --format xml`). The same problems come in the same order.
 */
export function readEvtxXml(path: string, options: EvtxOptions = {}): AsyncGenerator<EvtxXmlItem> {
  return new EvtxItemReader(new EvtxFileBatches(path, options, makeXmlRecord))
}

/**
 * Reads an EVTX file as {@link readEvtx} does, each record's event given as the `WinlogSource`
 * the winlog mapping reads (`mapWinlogSource`), mostly without building the element tree
 * (`vigil convert`). The same problems come in the same order.
 */
export function readEvtxSource(
  path: string,
  options: EvtxOptions = {},
): AsyncGenerator<EvtxSourceItem> {
  return new EvtxItemReader(new EvtxFileBatches(path, options, makeSourceRecord))
}

/**
 * {@link readEvtxXml}'s items in batches: one array per chunk (the file header's problems and a
 * failed read come in arrays of their own), never an empty one. A consumer then pays one promise
 * per chunk rather than one per record.
 */
export function readEvtxXmlBatches(
  path: string,
  options: EvtxOptions = {},
): AsyncGenerator<readonly EvtxXmlItem[]> {
  return new EvtxFileBatches(path, options, makeXmlRecord)
}

/** {@link readEvtxSource}'s items in batches, as {@link readEvtxXmlBatches} gives them. */
export function readEvtxSourceBatches(
  path: string,
  options: EvtxOptions = {},
): AsyncGenerator<readonly EvtxSourceItem[]> {
  return new EvtxFileBatches(path, options, makeSourceRecord)
}

/**
 * The iterator behind every file reader: the items of one chunk per `next()`. Written by hand
 * rather than as an async generator, whose `yield` costs several promises, and serialized so that
 * overlapping `next()` calls still get the batches in order.
 */
class EvtxFileBatches<R> implements AsyncGenerator<EvtxItemOf<R>[]> {
  readonly #path: string
  readonly #decoder: EvtxDecoder<R>
  #groups: Iterator<EvtxItemOf<R>[]> | undefined
  #queue: Promise<unknown> = Promise.resolve()
  #fd: number | undefined
  readonly #buffers: Buffer[] = []
  #batch = -1
  #pending: ReadOutcome | Promise<ReadOutcome> | undefined
  #isDone = false

  constructor(path: string, options: EvtxOptions, make: RecordMaker<R>) {
    this.#path = path
    this.#decoder = new EvtxDecoder(path, options, make)
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<EvtxItemOf<R>[]>> {
    const result = this.#queue.then(() => this.#next())
    this.#queue = result.catch(() => undefined)

    return result
  }

  // after any `next()` in flight, which could otherwise open the file once it is closed
  async return(): Promise<IteratorResult<EvtxItemOf<R>[]>> {
    await this.#queue
    await this.#close()

    return DONE
  }

  async throw(cause: unknown): Promise<IteratorResult<EvtxItemOf<R>[]>> {
    await this.#close()
    throw cause
  }

  async #next(): Promise<IteratorResult<EvtxItemOf<R>[]>> {
    try {
      for (;;) {
        const group = this.#groups?.next()
        if (group !== undefined && group.done !== true) {
          if (group.value.length > 0) return { done: false, value: group.value }
          continue
        }

        this.#groups = this.#isDone ? undefined : await this.#nextGroups()
        if (this.#groups === undefined) {
          await this.#close()

          return DONE
        }
      }
    } catch (cause) {
      // a bug, not bad input: release the handle before passing it on
      return this.throw(cause)
    }
  }

  // the groups of the next stage: the file header first, then one batch of chunks at a time;
  // the end of the file is where a read comes back short, so no stat call is needed
  async #nextGroups(): Promise<Iterator<EvtxItemOf<R>[]> | undefined> {
    if (this.#fd === undefined) return this.#start()

    const pending = this.#pending
    if (pending === undefined) return undefined

    this.#batch += 1
    const batch = this.#batch
    const outcome = await pending
    const isFull = 'got' in outcome && outcome.got === READ_SIZE
    this.#pending = isFull ? this.#read(batch + 1) : undefined
    if ('failure' in outcome) return this.#fail(outcome.failure, chunkOffset(batch * BATCH_CHUNKS))

    const buffer = this.#buffers[batch % 2] ?? Buffer.alloc(0)

    return chunkGroups(this.#decoder, buffer, batch * BATCH_CHUNKS, outcome.got)
  }

  // opens the file, then reads its header and first batch of chunks
  #start(): Iterator<EvtxItemOf<R>[]> {
    try {
      this.#fd = openSync(this.#path, 'r')
    } catch (cause) {
      return this.#fail(cause, 0)
    }

    const header = Buffer.alloc(FILE_HEADER_SIZE)
    let got: number
    try {
      got = readFullySync(this.#fd, header, 0)
    } catch (cause) {
      return this.#fail(cause, 0)
    }

    this.#pending = this.#read(0)

    const start = this.#decoder.header(header.subarray(0, got), got)
    if (!start.canContinue) this.#isDone = true

    return [[...start.items]][Symbol.iterator]()
  }

  #fail(cause: unknown, offset: number): Iterator<EvtxItemOf<R>[]> {
    this.#isDone = true

    return [[this.#decoder.ioProblem(cause, offset)]][Symbol.iterator]()
  }

  // buffers are not cleared: bytes past what a read got are never looked at (a cut last chunk
  // is zero-filled), and the second buffer only exists for files above 1 MiB
  #read(batch: number): ReadOutcome | Promise<ReadOutcome> {
    const fd = this.#fd
    if (fd === undefined) return { failure: new Error('file is not open') }

    const buffer = (this.#buffers[batch % 2] ??=
      FREE_BUFFERS.pop() ?? Buffer.allocUnsafe(READ_SIZE))
    const position = chunkOffset(batch * BATCH_CHUNKS)
    if (batch > 0)
      return readFullyAsync(fd, buffer, position).then(
        (got) => ({ got }),
        (failure: unknown) => ({ failure }),
      )

    try {
      return { got: readFullySync(fd, buffer, position) }
    } catch (failure) {
      return { failure }
    }
  }

  async #close(): Promise<void> {
    this.#isDone = true
    this.#groups = undefined
    const fd = this.#fd
    if (fd === undefined) return

    this.#fd = undefined
    // let a read still in flight finish before the file is closed and its buffer reused
    await this.#pending
    this.#pending = undefined
    closeSync(fd)
    // decoded items hold strings and trees, never views of these bytes
    for (const buffer of this.#buffers.splice(0)) {
      if (FREE_BUFFERS.length < MAX_FREE_BUFFERS) FREE_BUFFERS.push(buffer)
    }
  }
}
