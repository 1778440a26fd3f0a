import type { Writable } from 'node:stream'

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
  let buffered = ''
  for (const piece of pieces) {
    buffered += piece
    if (buffered.length < 64 * 1024) continue

    if (!(await writeChunk(stream, buffered))) return
    buffered = ''
  }

  if (buffered !== '') await writeChunk(stream, buffered)
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
