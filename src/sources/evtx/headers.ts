import { crc32 } from 'node:zlib'

import { CHUNK_HEADER_SIZE } from './layout.ts'

/** The fields of the 4096-byte file header that a reader uses (format doc §1). */
export interface FileHeader {
  readonly firstChunk: number
  readonly lastChunk: number
  readonly nextRecordId: number
  readonly minorVersion: number
  readonly majorVersion: number
  readonly chunkCount: number
  readonly flags: number
  readonly checksum: number
}

/** The fields of a 512-byte chunk header (format doc §2.1). */
export interface ChunkHeader {
  readonly firstRecordId: number
  readonly lastRecordId: number
  readonly lastRecordOffset: number
  readonly freeSpaceOffset: number
  readonly recordsChecksum: number
  readonly flags: number
  readonly headerChecksum: number
}

/** A u64 as a number; exact below 2^53, which every real record id and chunk number is. */
export function readU64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 0x100000000
}

/** Reads the file header; the caller has checked the signature and that 128 bytes exist. */
export function parseFileHeader(bytes: Uint8Array): FileHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

  return {
    firstChunk: readU64(view, 8),
    lastChunk: readU64(view, 16),
    nextRecordId: readU64(view, 24),
    minorVersion: view.getUint16(36, true),
    majorVersion: view.getUint16(38, true),
    chunkCount: view.getUint16(42, true),
    flags: view.getUint32(120, true),
    checksum: view.getUint32(124, true),
  }
}

/** CRC32 of file header bytes 0–119, the range its checksum field covers. */
export function fileHeaderChecksum(bytes: Uint8Array): number {
  return crc32(bytes.subarray(0, 120))
}

/** Reads a chunk header from a view over the chunk. */
export function parseChunkHeader(view: DataView): ChunkHeader {
  return {
    firstRecordId: readU64(view, 24),
    lastRecordId: readU64(view, 32),
    lastRecordOffset: view.getUint32(44, true),
    freeSpaceOffset: view.getUint32(48, true),
    recordsChecksum: view.getUint32(52, true),
    flags: view.getUint32(120, true),
    headerChecksum: view.getUint32(124, true),
  }
}

/** CRC32 of chunk bytes 0–119 then 128–511: the header without its flags and checksum. */
export function chunkHeaderChecksum(chunk: Uint8Array): number {
  return crc32(chunk.subarray(128, CHUNK_HEADER_SIZE), crc32(chunk.subarray(0, 120)))
}

/** CRC32 of the records area, chunk bytes 512 up to the free space offset. */
export function recordsChecksum(chunk: Uint8Array, freeSpaceOffset: number): number {
  return crc32(chunk.subarray(CHUNK_HEADER_SIZE, freeSpaceOffset))
}
