import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'

const HEADER = 4096
const CHUNK = 65536

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
