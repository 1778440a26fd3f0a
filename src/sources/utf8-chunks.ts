import { Buffer } from 'node:buffer'

const BOM = '\ufeff'
const NO_BYTES = new Uint8Array(0)

/**
 * Decodes a UTF-8 byte stream chunk by chunk, as a streaming `TextDecoder` does (invalid bytes
 * become U+FFFD, a leading byte order mark is dropped), through `Buffer#toString`, which is about
 * twice as fast here. A character split between chunks waits for its last bytes.
 */
export class Utf8ChunkDecoder {
  #pending: Uint8Array = NO_BYTES
  #isStart = true

  /** The text of every complete character so far. */
  decode(chunk: Uint8Array): string {
    const bytes = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk])
    const end = completeLength(bytes)
    // a copy: the reader reuses its buffers for later chunks
    this.#pending = end === bytes.length ? NO_BYTES : Uint8Array.from(bytes.subarray(end))

    return this.#strip(toBuffer(bytes).toString('utf8', 0, end))
  }

  /** Whatever is left at the end: an unfinished character decodes to U+FFFD. */
  flush(): string {
    const rest = this.#pending
    this.#pending = NO_BYTES

    return this.#strip(toBuffer(rest).toString('utf8'))
  }

  #strip(text: string): string {
    if (!this.#isStart || text === '') return text

    this.#isStart = false

    return text.startsWith(BOM) ? text.slice(1) : text
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
}

/**
 * The length of the longest prefix that ends on a character boundary: all of it, unless its last
 * lead byte starts a sequence that the chunk does not finish.
 */
function completeLength(bytes: Uint8Array): number {
  const length = bytes.length
  let lead = length - 1
  // at most three continuation bytes (10xxxxxx) follow a lead byte
  while (lead >= 0 && lead >= length - 4 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--
  if (lead < 0 || lead < length - 4) return length

  const needed = sequenceLength(bytes[lead] ?? 0)

  return length - lead < needed ? lead : length
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  if (lead >= 0xe0 && lead <= 0xef) return 3
  if (lead >= 0xc2 && lead <= 0xdf) return 2

  // ASCII, or a byte that can start nothing: decoded as it is
  return 1
}
