import type { Buffer } from 'node:buffer'
import { read, readSync } from 'node:fs'

import type { EvtxDecoder } from './decoder.ts'
import { CHUNK_SIZE } from './layout.ts'
import type { EvtxItemOf } from './types.ts'

/**
 * The items of each chunk slot of a read of `got` bytes into `buffer`, starting at slot `first`:
 * one array per slot, decoded when it is asked for.
 */
export function* chunkGroups<R>(
  decoder: EvtxDecoder<R>,
  buffer: Buffer,
  first: number,
  got: number,
): Generator<EvtxItemOf<R>[]> {
  for (let start = 0; start < got; start += CHUNK_SIZE)
    yield slotItems(decoder, buffer, first + start / CHUNK_SIZE, start, got)
}

/**
 * The items of chunk slot `index`, whose bytes start at `start` in `buffer`, of which `got` were
 * read. A cut last slot is zero-filled after its warning, so it can be decoded again.
 */
export function slotItems<R>(
  decoder: EvtxDecoder<R>,
  buffer: Buffer,
  index: number,
  start: number,
  got: number,
): EvtxItemOf<R>[] {
  const available = Math.min(CHUNK_SIZE, got - start)
  const items: EvtxItemOf<R>[] = []
  if (available < CHUNK_SIZE) {
    items.push(decoder.truncated(index, available))
    buffer.fill(0, start + available, start + CHUNK_SIZE)
  }

  decoder.chunk(items, buffer.subarray(start, start + CHUNK_SIZE), index)

  return items
}

/**
 * Reads into all of `buffer` from `position` of the open file `fd`, short only at the end of
 * the file, without waiting for the thread pool.
 */
export function readFullySync(fd: number, buffer: Buffer, position: number): number {
  let got = 0
  while (got < buffer.byteLength) {
    const bytesRead = readSync(fd, buffer, got, buffer.byteLength - got, position + got)
    if (bytesRead === 0) break

    got += bytesRead
  }

  return got
}

/** {@link readFullySync} through the thread pool. */
export async function readFullyAsync(
  fd: number,
  buffer: Buffer,
  position: number,
): Promise<number> {
  let got = 0
  while (got < buffer.byteLength) {
    const bytesRead = await readAt(fd, buffer, got, position + got)
    if (bytesRead === 0) break

    got += bytesRead
  }

  return got
}

function readAt(fd: number, buffer: Buffer, offset: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, offset, buffer.byteLength - offset, position, (cause, bytesRead) => {
      if (cause === null) resolve(bytesRead)
      else reject(cause)
    })
  })
}
