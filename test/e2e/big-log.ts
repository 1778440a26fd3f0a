import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'

/** The bytes of an EVTX file header and of one chunk. */
export const HEADER = 4096
export const CHUNK = 65536
/** The size from which `vigil convert` reads a file in parts on its worker threads. */
export const PART_READ_BYTES = 32 << 20

/**
 * Writes an EVTX log of exactly `bytes` at `path`: the header of the log at `from`, then its
 * chunks again and again (the last copy cut where the size is reached).
 */
export function bigLog(from: string, path: string, bytes: number): void {
  const original = readFileSync(from)
  const chunks = original.subarray(
    HEADER,
    HEADER + Math.floor((original.length - HEADER) / CHUNK) * CHUNK,
  )
  writeFileSync(path, original.subarray(0, HEADER))
  let size = HEADER
  for (; size + chunks.length <= bytes; size += chunks.length) appendFileSync(path, chunks)
  appendFileSync(path, chunks.subarray(0, bytes - size))
}
