import { Buffer } from 'node:buffer'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

import { EvtxDecoder, chunkOffset, chunkSlots } from './decoder.ts'
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './layout.ts'
import { chunkGroups, readFullyAsync, slotItems } from './read-chunks.ts'
import { makeSourceRecord, makeXmlRecord } from './record-makers.ts'
import type { RecordMaker } from './record-makers.ts'
import type { EvtxItemOf, EvtxOptions, EvtxSourceItem, EvtxXmlItem } from './types.ts'

/**
 * A run of chunk slots of one EVTX file, read on its own: chunks are independent (each carries
 * its own string and template tables), so the parts of a file can be read on different threads
 * and their items put back in file order. The part starting at slot 0 also checks the header.
 */
export interface EvtxPart {
  /** Its first chunk slot. */
  readonly first: number
  /** How many slots it spans; 0 only for the header-only part of a file with no chunk. */
  readonly count: number
}

/** A part reader's options: no counters, as a part's chunks may be decoded twice. */
export type PartOptions = Omit<EvtxOptions, 'stats'>

/** Takes a part's items as decoded: the header's problems, then one array per slot, never empty. */
export type PartGroups<I> = (items: readonly I[]) => void

// chunk slots per read when earlier chunks are decoded again for their templates
const REPLAY_CHUNKS = 16

/** Chunk slots per part: 256 KiB, so even a 1 MiB log is shared between threads. */
export const PART_CHUNKS = 4

/** The parts of an EVTX file of `size` bytes, in file order; at least one. */
export function evtxParts(size: number, chunksPerPart = PART_CHUNKS): EvtxPart[] {
  const slots = chunkSlots(size)
  if (slots === 0) return [{ first: 0, count: 0 }]

  const parts: EvtxPart[] = []
  for (let first = 0; first < slots; first += chunksPerPart)
    parts.push({ first, count: Math.min(chunksPerPart, slots - first) })

  return parts
}

/**
 * Reads one part of an EVTX file as `readEvtxSource` reads the whole file, its items handed to
 * `take` a chunk at a time (so a consumer can write them out before the next chunk is decoded).
 * The parts of {@link evtxParts}, read in turn until one is final, give the file's items in the
 * same order. Resolves to whether the part is final: the file cannot be read past it.
 */
export function readEvtxSourcePart(
  path: string,
  part: EvtxPart,
  take: PartGroups<EvtxSourceItem>,
  options: PartOptions = {},
): Promise<boolean> {
  return readPart(path, part, options, makeSourceRecord, take)
}

/** {@link readEvtxSourcePart} with each event as XML text, as `readEvtxXml` gives it. */
export function readEvtxXmlPart(
  path: string,
  part: EvtxPart,
  take: PartGroups<EvtxXmlItem>,
  options: PartOptions = {},
): Promise<boolean> {
  return readPart(path, part, options, makeXmlRecord, take)
}

async function readPart<R>(
  path: string,
  part: EvtxPart,
  options: PartOptions,
  make: RecordMaker<R>,
  take: PartGroups<EvtxItemOf<R>>,
): Promise<boolean> {
  const reader = new PartReader(path, options, make, take)
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (cause) {
    return reader.fail(cause, part.first === 0 ? 0 : chunkOffset(part.first))
  }

  try {
    if (part.first === 0 && !(await reader.header(handle))) return true

    return await reader.chunks(handle, part)
  } finally {
    await handle.close()
  }
}

/** One part being read: its decoder, and where its items go. */
class PartReader<R> {
  readonly #path: string
  readonly #options: PartOptions
  readonly #make: RecordMaker<R>
  readonly #take: PartGroups<EvtxItemOf<R>>
  #decoder: EvtxDecoder<R>
  #hasHistory = false

  constructor(
    path: string,
    options: PartOptions,
    make: RecordMaker<R>,
    take: PartGroups<EvtxItemOf<R>>,
  ) {
    this.#path = path
    this.#options = options
    this.#make = make
    this.#take = take
    this.#decoder = new EvtxDecoder(path, options, make)
  }

  /** Reports a failed open or read; the part is then final. */
  fail(cause: unknown, offset: number): true {
    this.#take([this.#decoder.ioProblem(cause, offset)])

    return true
  }

  /** Checks the file header; false when the file cannot be read past it. */
  async header(handle: FileHandle): Promise<boolean> {
    const header = Buffer.alloc(FILE_HEADER_SIZE)
    const got = await readFullyAsync(handle.fd, header, 0).catch((cause: unknown) => cause)
    if (typeof got !== 'number') return !this.fail(got, 0)

    const start = this.#decoder.header(header.subarray(0, got), got)
    if (start.items.length > 0) this.#take(start.items)

    return start.canContinue
  }

  /** Decodes the part's chunk slots in turn; true when the part is final. */
  async chunks(handle: FileHandle, part: EvtxPart): Promise<boolean> {
    if (part.count === 0) return true

    // from the first slot, the decoder has seen every chunk before the one it decodes
    this.#hasHistory ||= part.first === 0
    const buffer = takeBuffer(part.count * CHUNK_SIZE)
    const offset = chunkOffset(part.first)
    const got = await readFullyAsync(handle.fd, buffer, offset).catch((cause: unknown) => cause)
    if (typeof got !== 'number') return this.fail(got, offset)

    for (let start = 0; start < got; start += CHUNK_SIZE) {
      const index = part.first + start / CHUNK_SIZE
      const items = await this.#slot(handle, buffer, index, start, got)
      if (items.length > 0) this.#take(items)
    }

    spare = buffer

    return got < buffer.byteLength
  }

  // a slot's items; when a carved record lost its template, which a chunk before the part may
  // have compiled (as the whole-file reader would know), the slot is decoded again after them
  async #slot(
    handle: FileHandle,
    buffer: Buffer,
    index: number,
    start: number,
    got: number,
  ): Promise<EvtxItemOf<R>[]> {
    const items = slotItems(this.#decoder, buffer, index, start, got)
    if (this.#hasHistory || this.#decoder.borrowMisses === 0) return items

    this.#decoder = new EvtxDecoder(this.#path, this.#options, this.#make)
    this.#hasHistory = true
    await replayChunks(handle, this.#decoder, index)

    return slotItems(this.#decoder, buffer, index, start, got)
  }
}

// decodes chunk slots [0, end) for the templates they compile, dropping their items; a failed
// read ends it early, as it would have ended the whole-file reader
async function replayChunks<R>(
  handle: FileHandle,
  decoder: EvtxDecoder<R>,
  end: number,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(REPLAY_CHUNKS * CHUNK_SIZE)
  for (let first = 0; first < end; first += REPLAY_CHUNKS) {
    const count = Math.min(REPLAY_CHUNKS, end - first)
    const bytes = buffer.subarray(0, count * CHUNK_SIZE)
    const got = await readFullyAsync(handle.fd, bytes, chunkOffset(first)).catch(() => 0)
    for (const items of chunkGroups(decoder, bytes, first, got)) items.length = 0
    if (got < bytes.byteLength) return
  }
}

// one read buffer kept for the next part of the same size: decoded items hold strings and
// trees, never views of its bytes
let spare: Buffer | undefined

function takeBuffer(size: number): Buffer {
  const buffer = spare?.byteLength === size ? spare : Buffer.allocUnsafe(size)
  spare = undefined

  return buffer
}
