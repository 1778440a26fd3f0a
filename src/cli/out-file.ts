import { Buffer } from 'node:buffer'
import { closeSync, openSync, writeSync } from 'node:fs'
import { EMPTY_SPAN, error } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'

/** What an output file's system error means to the user, by error code. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file grew past the largest size allowed',
  EIO: 'the device reported an input/output error',
}

/** Bytes gathered before a write: large enough that a write costs little per byte. */
const WRITE_BYTES = 1 << 20

/** UTF-8 bytes one UTF-16 code unit takes at most. */
const MAX_BYTES_PER_UNIT = 3

/**
 * A file given with `--out`, created (or emptied) when the command starts, so that a path that
 * cannot be written fails before any work is done. Text is encoded into one buffer, used again
 * for every write, and written with blocking writes: a file takes bytes as fast as memory is
 * copied, and the stream that wrote alerts before allocated a buffer per 64 KiB and left the
 * thread idle while each write was on its way. A failed write (a full disk) stops the writing
 * without throwing; {@link failure} then tells what happened.
 */
export class OutFile {
  readonly path: string
  #fd: number | null
  #failure: Diagnostic | null = null
  #bytes = Buffer.allocUnsafeSlow(WRITE_BYTES)
  #used = 0

  private constructor(path: string, fd: number) {
    this.path = path
    this.#fd = fd
  }

  /** Creates or empties the file; a diagnostic (`ERR_OUTPUT_WRITE`) when it cannot. */
  static open(path: string): OutFile | Diagnostic {
    try {
      return new OutFile(path, openSync(path, 'w'))
    } catch (cause) {
      return outputProblem(path, 'create', cause)
    }
  }

  /** Why writing stopped, or null while every byte has been written. */
  get failure(): Diagnostic | null {
    return this.#failure
  }

  /** Writes the pieces in order; false (and nothing more is written) once a write failed. */
  writeText(pieces: Iterable<string>): boolean {
    for (const piece of pieces) {
      const room = piece.length * MAX_BYTES_PER_UNIT
      if (this.#bytes.length - this.#used < room && !this.#flush()) return false
      if (this.#bytes.length < room) this.#bytes = Buffer.allocUnsafeSlow(room)

      this.#used += this.#bytes.write(piece, this.#used)
    }

    return this.#flush()
  }

  /** Writes what is left and closes the file; gives {@link failure}. Closing twice is harmless. */
  close(): Diagnostic | null {
    this.#flush()
    if (this.#fd !== null) {
      try {
        closeSync(this.#fd)
      } catch (cause) {
        this.#failure ??= outputProblem(this.path, 'write', cause)
      }
    }

    this.#fd = null

    return this.#failure
  }

  // writes the gathered bytes; false when this or an earlier write failed
  #flush(): boolean {
    const fd = this.#fd
    if (fd === null || this.#failure !== null) return false

    try {
      for (let at = 0; at < this.#used;) at += writeSync(fd, this.#bytes, at, this.#used - at)
    } catch (cause) {
      this.#failure = outputProblem(this.path, 'write', cause)
    }

    this.#used = 0

    return this.#failure === null
  }
}

/** The diagnostic of an output file that could not be created or written. */
export function outputProblem(
  path: string,
  action: 'create' | 'write',
  cause: unknown,
): Diagnostic {
  const code = (cause as NodeJS.ErrnoException | null)?.code
  const reason = code === undefined ? undefined : REASONS[code]
  const message = reason === undefined ? String(cause) : `${reason} (${String(code)})`

  return error('ERR_OUTPUT_WRITE', `cannot ${action} "${path}": ${message}`, EMPTY_SPAN, path)
}
