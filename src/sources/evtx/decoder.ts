import { ChunkReader } from './chunk-reader.ts'
import {
  ERR_EVTX_FILE_CHECKSUM,
  ERR_EVTX_FILE_HEADER,
  ERR_EVTX_IO,
  ERR_EVTX_TRUNCATED,
  errorItem,
  hex32,
  warningItem,
} from './diagnostics.ts'
import { fileHeaderChecksum, parseFileHeader } from './headers.ts'
import { CHUNK_SIZE, FILE_HEADER_SIZE, FLAG_NO_CHECKSUMS, hasSignature } from './layout.ts'
import { createEvtxStats } from './types.ts'
import type { RecordMaker } from './record-makers.ts'
import { SHARED_TEMPLATES, TemplateCache } from './template-cache.ts'
import type { EvtxItemOf, EvtxOptions, EvtxProblem } from './types.ts'

/** What the file header says about going on. */
export interface HeaderCheck {
  readonly items: readonly EvtxProblem[]
  readonly canContinue: boolean
}

/**
 * The reading logic shared by the file and buffer readers: the file header, then each chunk slot
 * in file order, every physical chunk whatever the header's count says (format doc §1).
 */
export class EvtxDecoder<R> {
  readonly #source: string
  readonly #verifyChecksums: boolean
  readonly #chunks: ChunkReader<R>

  constructor(source: string, options: EvtxOptions, make: RecordMaker<R>) {
    this.#source = source
    this.#verifyChecksums = options.verifyChecksums ?? true
    this.#chunks = new ChunkReader(
      source,
      this.#verifyChecksums,
      options.stats ?? createEvtxStats(),
      make,
      options.shareTemplates === false ? new TemplateCache() : SHARED_TEMPLATES,
    )
  }

  /** Lost templates that no chunk read so far had compiled (see `ChunkContext.borrowTemplate`). */
  get borrowMisses(): number {
    return this.#chunks.borrowMisses
  }

  /** Checks the first bytes of a file of `fileSize` bytes (up to 4096 of them). */
  header(bytes: Uint8Array, fileSize: number): HeaderCheck {
    if (bytes.byteLength < 8 || !hasSignature(bytes, 'ElfFile')) {
      const message = 'file does not start with the "ElfFile" signature of an EVTX log'

      return {
        items: [errorItem(ERR_EVTX_FILE_HEADER, message, 0, this.#source)],
        canContinue: false,
      }
    }

    if (fileSize < FILE_HEADER_SIZE) {
      const message = `file of ${fileSize} bytes is shorter than its 4096-byte header`

      return {
        items: [errorItem(ERR_EVTX_FILE_HEADER, message, 0, this.#source)],
        canContinue: false,
      }
    }

    return { items: this.#headerWarnings(bytes), canContinue: true }
  }

  #headerWarnings(bytes: Uint8Array): EvtxProblem[] {
    const header = parseFileHeader(bytes)
    const items: EvtxProblem[] = []
    const { majorVersion: major, minorVersion: minor } = header
    if (major !== 3 || (minor !== 1 && minor !== 2)) {
      const message = `file format version ${major}.${minor} is not 3.1 or 3.2`
      items.push(warningItem(ERR_EVTX_FILE_HEADER, message, 36, this.#source))
    }

    if (this.#verifyChecksums && (header.flags & FLAG_NO_CHECKSUMS) === 0) {
      const actual = fileHeaderChecksum(bytes)
      if (actual !== header.checksum) {
        const message = `file header checksum ${hex32(header.checksum)} does not match its bytes (${hex32(actual)})`
        items.push(warningItem(ERR_EVTX_FILE_CHECKSUM, message, 124, this.#source))
      }
    }

    return items
  }

  /**
   * Adds the items of chunk slot `index` to `out`; `bytes` is exactly 65,536 long (zero-padded
   * if cut).
   */
  chunk(out: EvtxItemOf<R>[], bytes: Uint8Array, index: number): void {
    this.#chunks.read(out, bytes, index, chunkOffset(index))
  }

  /** The warning for a last chunk slot that holds only `available` bytes. */
  truncated(index: number, available: number): EvtxProblem {
    const message = `file ends inside chunk ${index}, which has ${available} of its 65536 bytes`

    return warningItem(ERR_EVTX_TRUNCATED, message, chunkOffset(index), this.#source)
  }

  /** The error for a file that cannot be opened or read. */
  ioProblem(cause: unknown, offset: number): EvtxProblem {
    const reason = cause instanceof Error && 'code' in cause ? String(cause.code) : String(cause)

    return errorItem(ERR_EVTX_IO, `file cannot be read (${reason})`, offset, this.#source)
  }
}

/** File offset of chunk slot `index`. */
export function chunkOffset(index: number): number {
  return FILE_HEADER_SIZE + index * CHUNK_SIZE
}

/** Chunk slots in a file of `size` bytes; the last one may be cut short. */
export function chunkSlots(size: number): number {
  return Math.max(0, Math.ceil((size - FILE_HEADER_SIZE) / CHUNK_SIZE))
}
