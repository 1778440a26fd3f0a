import { evtxParts } from '../../sources/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import { writeBytes } from '../io.ts'
import type { Writable } from 'node:stream'
import type { ConvertPool } from './convert-pool.ts'
import type { PartOutput } from './convert-protocol.ts'

/** One file's counts, filled in as its parts are written. */
export interface FileTally {
  records: number
  damaged: number
}

/** Where converted parts go, and what is told about them. */
export interface PartSink {
  readonly stdout: Writable
  readonly isXml: boolean
  /** A problem met in a file; false when the file could not be read at all. */
  onProblem(diagnostic: Diagnostic, tally: FileTally): boolean
  /** A part of `path` was written: `bytes` of output. */
  onPart(path: string, tally: FileTally, bytes: number): void
  /** Every part of `path` was written (or dropped once the file could not be read further). */
  onFile(path: string, tally: FileTally, isRead: boolean): void
}

interface FileState {
  readonly path: string
  readonly tally: FileTally
  remaining: number
  isStopped: boolean
  isRead: boolean
}

interface Queued {
  readonly file: FileState
  readonly output: Promise<PartOutput>
}

/**
 * EVTX files converted part by part on a pool of threads, written in file order: at most
 * `limit` parts are in flight, and the oldest is written as soon as it is done, so memory stays
 * at a few parts' output whatever the files' size. Once a part is final (a bad header, a failed
 * read), the file's later parts are dropped unwritten, as the one-thread reader stops there.
 */
export class OrderedParts {
  readonly #pool: ConvertPool
  readonly #sink: PartSink
  readonly #limit: number
  readonly #queue: Queued[] = []

  constructor(pool: ConvertPool, sink: PartSink, limit: number) {
    this.#pool = pool
    this.#sink = sink
    this.#limit = limit
  }

  /** Queues every part of an EVTX file of `size` bytes, writing older parts to make room. */
  async add(path: string, size: number): Promise<void> {
    const parts = evtxParts(size)
    const file: FileState = {
      path,
      tally: { records: 0, damaged: 0 },
      remaining: parts.length,
      isStopped: false,
      isRead: true,
    }
    for (const part of parts) {
      while (this.#queue.length >= this.#limit) await this.#writeOldest()

      const output = this.#pool.convert({ path, part, isXml: this.#sink.isXml })
      // awaited in turn by #writeOldest; until then a failure must not count as unhandled
      output.catch(() => undefined)
      this.#queue.push({ file, output })
    }
  }

  /** Writes every queued part. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#writeOldest()
  }

  async #writeOldest(): Promise<void> {
    const oldest = this.#queue.shift()
    if (oldest === undefined) return

    const { file } = oldest
    const output = await oldest.output
    if (!file.isStopped) await this.#write(file, output)
    file.remaining--
    if (file.remaining === 0) this.#sink.onFile(file.path, file.tally, file.isRead)
  }

  async #write(file: FileState, output: PartOutput): Promise<void> {
    for (const diagnostic of output.problems)
      if (!this.#sink.onProblem(diagnostic, file.tally)) file.isRead = false

    file.tally.records += output.records
    file.isStopped = output.isFinal
    let bytes = 0
    for (const piece of output.pieces) {
      bytes += piece.byteLength
      await writeBytes(this.#sink.stdout, piece)
    }

    this.#sink.onPart(file.path, file.tally, bytes)
  }
}
