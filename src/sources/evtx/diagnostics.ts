import { byteSpan, error, warning } from '../../syntax/index.ts'
import type { EvtxProblem } from './types.ts'

// stable diagnostic codes of the EVTX reader

/** The file cannot be opened or read. */
export const ERR_EVTX_IO = 'ERR_EVTX_IO'
/** The file header is missing or unusable (error), or names an unknown version (warning). */
export const ERR_EVTX_FILE_HEADER = 'ERR_EVTX_FILE_HEADER'
/** The file header CRC32 does not match (warning: reading goes on). */
export const ERR_EVTX_FILE_CHECKSUM = 'ERR_EVTX_FILE_CHECKSUM'
/** A chunk lacks its signature (error: it is carved) or has a field out of range (warning). */
export const ERR_EVTX_CHUNK_HEADER = 'ERR_EVTX_CHUNK_HEADER'
/** A chunk header or records CRC32 does not match (warning: its records are still read). */
export const ERR_EVTX_CHUNK_CHECKSUM = 'ERR_EVTX_CHUNK_CHECKSUM'
/** The file ends inside a chunk (warning: the part present is read). */
export const ERR_EVTX_TRUNCATED = 'ERR_EVTX_TRUNCATED'
/** Bytes where a record should be are not a valid record frame (error: scanning resumes). */
export const ERR_EVTX_RECORD = 'ERR_EVTX_RECORD'
/** A record's BinXML cannot be decoded (error: the record is skipped). */
export const ERR_EVTX_BINXML = 'ERR_EVTX_BINXML'

/** An error item at a file offset. */
export function errorItem(
  code: string,
  message: string,
  offset: number,
  source: string,
  length = 0,
): EvtxProblem {
  return { kind: 'problem', diagnostic: error(code, message, byteSpan(offset, length), source) }
}

/** A warning item at a file offset. */
export function warningItem(
  code: string,
  message: string,
  offset: number,
  source: string,
  length = 0,
): EvtxProblem {
  return { kind: 'problem', diagnostic: warning(code, message, byteSpan(offset, length), source) }
}

/** A CRC32 as `0x` and 8 hex digits, for messages. */
export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`
}
