// byte layout of the file header, chunk header and event record (format doc §1-§3)

/** Size of the file header block; chunk 0 starts here. */
export const FILE_HEADER_SIZE = 4096

/** Size of one chunk. */
export const CHUNK_SIZE = 65536

/** Size of a chunk header; the first record starts here. */
export const CHUNK_HEADER_SIZE = 512

/** Smallest record: the 24-byte header plus the trailing size copy. */
export const MIN_RECORD_SIZE = 28

/** Offset of the BinXML stream inside a record. */
export const RECORD_BODY_OFFSET = 24

/** u32 value of the record signature `2A 2A 00 00`. */
export const RECORD_SIGNATURE = 0x00002a2a

/** Flag (file and chunk) saying the writer stored no checksums. */
export const FLAG_NO_CHECKSUMS = 0x4

/** Flag (file header) saying the log was not closed cleanly. */
export const FLAG_DIRTY = 0x1

/** True when `bytes` starts with the ASCII text `signature` followed by a NUL (8 bytes in all). */
export function hasSignature(bytes: Uint8Array, signature: string): boolean {
  for (let i = 0; i < 7; i++) if (bytes[i] !== signature.charCodeAt(i)) return false

  return bytes[7] === 0
}
