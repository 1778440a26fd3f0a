import { Buffer } from 'node:buffer'

/** UTF-8 bytes one UTF-16 code unit takes at most (a lone surrogate's replacement too). */
const MAX_BYTES_PER_UNIT = 3
const NEWLINE = 0x0a
const NO_BYTES = Buffer.alloc(0)

/**
 * Output text encoded into one growing buffer as it comes: each piece is written as UTF-8 at
 * the end of the last. Concatenating pieces into one string and encoding that copied every
 * piece twice more (measured on EVTX records mapped to ECS: 10.2 µs per record for
 * `JSON.stringify`, join and encode, 8.6 µs for `JSON.stringify` and this).
 */
export class TextBytes {
  readonly #capacity: number
  #bytes: Buffer
  #used = 0
  #lines = 0

  /** `capacity`: the bytes of a fresh buffer (made on the first add); it grows for more. */
  constructor(capacity = 1 << 19) {
    this.#capacity = capacity
    this.#bytes = NO_BYTES
  }

  /** Bytes added since the last {@link take}. */
  get size(): number {
    return this.#used
  }

  /** Lines added by {@link addLine} since the last {@link take}. */
  get lines(): number {
    return this.#lines
  }

  /** Adds `text`. */
  add(text: string): void {
    const room = text.length * MAX_BYTES_PER_UNIT
    if (this.#bytes.length - this.#used < room) this.#grow(room)

    this.#used += this.#bytes.write(text, this.#used)
  }

  /** Adds `text` and a newline. */
  addLine(text: string): void {
    this.add(text)
    if (this.#used === this.#bytes.length) this.#grow(1)

    this.#bytes[this.#used++] = NEWLINE
    this.#lines++
  }

  /**
   * The text added so far, in a buffer of its own (never a shared pool's, so it can be moved
   * to another thread); the next text goes to a fresh buffer.
   */
  take(): Uint8Array {
    const taken = this.#bytes.subarray(0, this.#used)
    this.#bytes = NO_BYTES
    this.#used = 0
    this.#lines = 0

    return taken
  }

  #grow(room: number): void {
    const size = Math.max(this.#capacity, this.#bytes.length * 2, this.#used + room)
    const grown = Buffer.allocUnsafeSlow(size)
    this.#bytes.copy(grown, 0, 0, this.#used)
    this.#bytes = grown
  }
}
