import type { Writable } from 'node:stream'
import { TextBytes } from './text-bytes.ts'

/** Bytes {@link writeAll} gathers before it writes. */
const WRITE_BYTES = 64 * 1024

/** The streams a command uses; the real process streams, or others in tests. */
export interface CliIo {
  readonly stdout: Writable
  readonly stderr: Writable
  readonly stdin: NodeJS.ReadableStream
  readonly isStdoutTty: boolean
  readonly isStderrTty: boolean
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isStdoutTty: process.stdout.isTTY,
    isStderrTty: process.stderr.isTTY,
  }
}

/**
 * Writes text pieces to a stream, waiting for it to drain when its buffer is full, so a large
 * result never piles up in memory. Stops quietly when the reader has gone (`| head`).
 */
export async function writeAll(stream: Writable, pieces: Iterable<string>): Promise<void> {
  // room for a 64 KiB piece of any text after less than WRITE_BYTES: longer ones grow it
  const bytes = new TextBytes(WRITE_BYTES * 4)
  for (const piece of pieces) {
    bytes.add(piece)
    if (bytes.size >= WRITE_BYTES && !(await writeChunk(stream, bytes.take()))) return
  }

  if (bytes.size > 0) await writeChunk(stream, bytes.take())
}

/** Writes bytes to a stream as {@link writeAll} writes text; false when the reader has gone. */
export function writeBytes(stream: Writable, bytes: Uint8Array): Promise<boolean> {
  return bytes.byteLength === 0 ? Promise.resolve(true) : writeChunk(stream, bytes)
}

function writeChunk(stream: Writable, text: string | Uint8Array): Promise<boolean> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve(false)

  return new Promise((resolve) => {
    const isBelowLimit = stream.write(text, (cause) => {
      if (cause !== null && cause !== undefined) resolve(false)
    })
    if (isBelowLimit) resolve(true)
    else {
      stream.once('drain', () => {
        resolve(true)
      })
    }
  })
}
