import { Buffer } from 'node:buffer'
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

import { EvtxDecoder, chunkOffset, chunkSlots } from './decoder.ts'
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './layout.ts'
import type { EvtxItem, EvtxOptions } from './types.ts'

// chunks are read 16 at a time (1 MiB, one system call) into one of two buffers while the
// other is decoded: memory stays at 2 MiB whatever the file size, and small files need one read
const BATCH_CHUNKS = 16
const BATCH_BYTES = BATCH_CHUNKS * CHUNK_SIZE

/** A read that has finished: the bytes it got, or why it failed (never a rejected promise). */
type ReadOutcome = { readonly got: number } | { readonly failure: unknown }

/**
 * Reads an EVTX file chunk by chunk through a file handle, 16 chunks per read into two 1 MiB
 * buffers (one decoded while the next is read), whatever the file size. Problems are yielded as items; nothing is
 * thrown for a bad file, and the handle is closed however iteration ends.
 */
export async function* readEvtx(path: string, options: EvtxOptions = {}): AsyncGenerator<EvtxItem> {
  const decoder = new EvtxDecoder(path, options)
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (cause) {
    yield decoder.ioProblem(cause, 0)

    return
  }

  try {
    yield* readOpened(handle, decoder)
  } finally {
    await handle.close()
  }
}

async function* readOpened(handle: FileHandle, decoder: EvtxDecoder): AsyncGenerator<EvtxItem> {
  let size: number
  const header = Buffer.alloc(FILE_HEADER_SIZE)
  try {
    size = (await handle.stat()).size
    await readFully(handle, header, 0)
  } catch (cause) {
    yield decoder.ioProblem(cause, 0)

    return
  }

  const start = decoder.header(header.subarray(0, Math.min(size, FILE_HEADER_SIZE)), size)
  yield* start.items
  if (!start.canContinue) return

  yield* readChunks(handle, decoder, chunkSlots(size))
}

async function* readChunks(
  handle: FileHandle,
  decoder: EvtxDecoder,
  slots: number,
): AsyncGenerator<EvtxItem> {
  const buffers = [Buffer.alloc(BATCH_BYTES), Buffer.alloc(BATCH_BYTES)]
  const batches = Math.ceil(slots / BATCH_CHUNKS)
  let pending = batches > 0 ? readBatch(handle, buffers, 0) : undefined
  try {
    for (let batch = 0; batch < batches && pending !== undefined; batch++) {
      const outcome = await pending
      pending = batch + 1 < batches ? readBatch(handle, buffers, batch + 1) : undefined
      const first = batch * BATCH_CHUNKS
      if ('failure' in outcome) {
        yield decoder.ioProblem(outcome.failure, chunkOffset(first))

        return
      }

      yield* decodeBatch(decoder, buffers[batch % 2] ?? Buffer.alloc(0), first, outcome.got)
    }
  } finally {
    // let a prefetch still in flight finish before the handle is closed
    await pending
  }
}

function* decodeBatch(
  decoder: EvtxDecoder,
  buffer: Buffer,
  first: number,
  got: number,
): Generator<EvtxItem> {
  for (let start = 0; start < got; start += CHUNK_SIZE) {
    const index = first + start / CHUNK_SIZE
    const available = Math.min(CHUNK_SIZE, got - start)
    if (available < CHUNK_SIZE) {
      yield decoder.truncated(index, available)
      buffer.fill(0, start + available, start + CHUNK_SIZE)
    }

    yield* decoder.chunk(buffer.subarray(start, start + CHUNK_SIZE), index)
  }
}

function readBatch(handle: FileHandle, buffers: Buffer[], batch: number): Promise<ReadOutcome> {
  const buffer = buffers[batch % 2] ?? Buffer.alloc(0)

  return readFully(handle, buffer, chunkOffset(batch * BATCH_CHUNKS)).then(
    (got) => ({ got }),
    (failure: unknown) => ({ failure }),
  )
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let got = 0
  while (got < buffer.byteLength) {
    const { bytesRead } = await handle.read(buffer, got, buffer.byteLength - got, position + got)
    if (bytesRead === 0) break

    got += bytesRead
  }

  return got
}
