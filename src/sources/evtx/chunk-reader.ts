import { Buffer } from 'node:buffer'

import { BinXmlError } from './binxml-error.ts'
import { ChunkContext } from './chunk-context.ts'
import {
  ERR_EVTX_BINXML,
  ERR_EVTX_CHUNK_CHECKSUM,
  ERR_EVTX_CHUNK_HEADER,
  ERR_EVTX_RECORD,
  errorItem,
  hex32,
  warningItem,
} from './diagnostics.ts'
import { DocumentReader } from './document.ts'
import { chunkHeaderChecksum, parseChunkHeader, readU64, recordsChecksum } from './headers.ts'
import {
  CHUNK_HEADER_SIZE,
  CHUNK_SIZE,
  FLAG_NO_CHECKSUMS,
  MIN_RECORD_SIZE,
  RECORD_SIGNATURE,
  hasSignature,
} from './layout.ts'
import type { RecordMaker } from './record-makers.ts'
import type { TemplateCache } from './template-cache.ts'
import type { EvtxItemOf, EvtxProblem, EvtxStats } from './types.ts'
import { formatFiletime } from './value-format.ts'

const ZERO_CHUNK = Buffer.alloc(CHUNK_SIZE)

/** Records start on 8-byte boundaries (format doc §3), so scans step by 8. */
const RECORD_ALIGNMENT = 8

/**
 * Reads the records of one 64 KiB chunk at a time (format doc §2.6): skips an all-zero chunk,
 * carves a chunk without a signature, checks both checksums, walks records up to the free space
 * offset and, past a torn record, scans on for the next valid one.
 */
export class ChunkReader<R> {
  readonly #source: string
  readonly #make: RecordMaker<R>
  readonly #verifyChecksums: boolean
  readonly #stats: EvtxStats
  readonly #ctx = new ChunkContext()
  readonly #documents: DocumentReader
  #isDamaged = false

  constructor(
    source: string,
    verifyChecksums: boolean,
    stats: EvtxStats,
    make: RecordMaker<R>,
    templates: TemplateCache,
  ) {
    this.#source = source
    this.#make = make
    this.#verifyChecksums = verifyChecksums
    this.#stats = stats
    this.#documents = new DocumentReader(this.#ctx, templates)
  }

  /** Lost templates that no earlier chunk read by this reader had compiled. */
  get borrowMisses(): number {
    return this.#ctx.borrowMisses
  }

  /**
   * The items of chunk number `index`, whose 65,536 bytes start at file offset `base`, added to
   * `out` (an array rather than a generator: a chunk's records are wanted all at once).
   */
  read(out: EvtxItemOf<R>[], bytes: Uint8Array, index: number, base: number): void {
    this.#isDamaged = false
    if (!hasSignature(bytes, 'ElfChnk')) {
      // preallocated chunks are all zero and hold nothing (format doc §2.6 step 1)
      if (Buffer.compare(bytes, ZERO_CHUNK) === 0) return

      out.push(
        this.#error(
          ERR_EVTX_CHUNK_HEADER,
          `chunk ${index} does not start with the "ElfChnk" signature`,
          base,
        ),
      )
      this.#ctx.load(bytes, base)
      this.#carve(out)

      return
    }

    this.#stats.chunks += 1
    this.#ctx.load(bytes, base)
    const limit = this.#checkHeader(out, bytes, index, base)
    this.#walk(out, limit)
  }

  // returns the end of the records area, clamped into the chunk
  #checkHeader(out: EvtxItemOf<R>[], bytes: Uint8Array, index: number, base: number): number {
    const header = parseChunkHeader(this.#ctx.view)
    const free = header.freeSpaceOffset
    const isFreeInRange = free >= CHUNK_HEADER_SIZE && free <= CHUNK_SIZE
    if (!isFreeInRange) {
      const message = `chunk ${index} free space offset ${free} lies outside the chunk`
      out.push(this.#warning(ERR_EVTX_CHUNK_HEADER, message, base + 48))
    }

    if (this.#verifyChecksums && (header.flags & FLAG_NO_CHECKSUMS) === 0) {
      const headerSum = chunkHeaderChecksum(bytes)
      if (headerSum !== header.headerChecksum) {
        out.push(this.#checksumWarning(index, 'header', header.headerChecksum, headerSum, base))
      }

      const recordsSum = isFreeInRange ? recordsChecksum(bytes, free) : header.recordsChecksum
      if (recordsSum !== header.recordsChecksum) {
        out.push(this.#checksumWarning(index, 'records', header.recordsChecksum, recordsSum, base))
      }
    }

    return isFreeInRange ? free : CHUNK_SIZE
  }

  #checksumWarning(
    index: number,
    part: string,
    stored: number,
    actual: number,
    base: number,
  ): EvtxProblem {
    const message = `chunk ${index} ${part} checksum ${hex32(stored)} does not match its bytes (${hex32(actual)})`

    return this.#warning(ERR_EVTX_CHUNK_CHECKSUM, message, base)
  }

  #walk(out: EvtxItemOf<R>[], limit: number): void {
    const { view } = this.#ctx
    let isRecovering = false
    let at = CHUNK_HEADER_SIZE
    while (at + MIN_RECORD_SIZE <= limit) {
      const size = recordSizeAt(view, at, limit)
      if (size > 0) {
        out.push(this.#decode(at, size, isRecovering))
        at += size
        continue
      }

      const next = this.#scan(at + RECORD_ALIGNMENT, limit)
      // a zero signature with nothing valid behind it is a clean end (evtx crate issue #197)
      if (next < 0 && view.getUint32(at, true) === 0) return

      out.push(this.#error(ERR_EVTX_RECORD, frameProblem(view, at, limit), this.#ctx.base + at))
      this.#stats.damagedRecords += 1
      if (next < 0) return

      at = next
      isRecovering = true
    }
  }

  // a chunk without its header: every 8-byte boundary that frames a valid record is tried
  #carve(out: EvtxItemOf<R>[]): void {
    const { view } = this.#ctx
    for (let at = CHUNK_HEADER_SIZE; at + MIN_RECORD_SIZE <= CHUNK_SIZE;) {
      const size = recordSizeAt(view, at, CHUNK_SIZE)
      if (size === 0) {
        at += RECORD_ALIGNMENT
        continue
      }

      const item = this.#decode(at, size, true)
      out.push(item)
      at += item.kind === 'record' ? size : RECORD_ALIGNMENT
    }
  }

  #scan(from: number, limit: number): number {
    for (let at = from; at + MIN_RECORD_SIZE <= limit; at += RECORD_ALIGNMENT) {
      if (recordSizeAt(this.#ctx.view, at, limit) > 0) return at
    }

    return -1
  }

  #decode(at: number, size: number, isRecovered: boolean): EvtxItemOf<R> {
    const { view, base } = this.#ctx
    const recordId = readU64(view, at + 8)
    try {
      const timestamp = formatFiletime(view.getUint32(at + 16, true), view.getUint32(at + 20, true))
      const frame = { at, size, isRecovered, recordId, timestamp, offset: base + at }
      const record = this.#make(this.#documents, frame)
      this.#stats.records += 1
      if (isRecovered) this.#stats.recoveredRecords += 1

      return { kind: 'record', record }
    } catch (cause) {
      const reason = decodeFailure(cause)
      this.#stats.damagedRecords += 1

      return this.#error(
        ERR_EVTX_BINXML,
        `record ${recordId} cannot be decoded: ${reason}`,
        base + at,
        size,
      )
    }
  }

  #error(code: string, message: string, offset: number, length = 0): EvtxProblem {
    this.#markDamaged()

    return errorItem(code, message, offset, this.#source, length)
  }

  #warning(code: string, message: string, offset: number): EvtxProblem {
    this.#markDamaged()

    return warningItem(code, message, offset, this.#source)
  }

  #markDamaged(): void {
    if (this.#isDamaged) return

    this.#isDamaged = true
    this.#stats.damagedChunks += 1
  }
}

/** The size of the record framed at chunk offset `at` (format doc §3.1), or 0 if none is. */
function recordSizeAt(view: DataView, at: number, limit: number): number {
  if (view.getUint32(at, true) !== RECORD_SIGNATURE) return 0

  const size = view.getUint32(at + 4, true)
  if (size < MIN_RECORD_SIZE || size > limit - at) return 0

  return view.getUint32(at + size - 4, true) === size ? size : 0
}

function frameProblem(view: DataView, at: number, limit: number): string {
  if (view.getUint32(at, true) !== RECORD_SIGNATURE)
    return 'bytes where a record should start lack the "**" signature'

  const size = view.getUint32(at + 4, true)
  if (size < MIN_RECORD_SIZE) return `record size ${size} is below the 28-byte minimum`
  if (size > limit - at) return `record of ${size} bytes runs past the end of its chunk's records`

  return `record size ${size} does not match its trailing copy ${view.getUint32(at + size - 4, true)}`
}

function decodeFailure(cause: unknown): string {
  if (cause instanceof BinXmlError) return cause.message
  // DataView reads throw RangeError outside the chunk: an offset or length points past it
  if (cause instanceof RangeError)
    return 'an offset or length in its BinXML points outside its chunk'

  throw cause
}
