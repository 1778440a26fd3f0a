import type { Position } from '../../syntax/index.ts'

/**
 * Turns absolute offsets of a streamed text into line and column positions (as `SourceText`
 * does for a whole text) while only the unprocessed tail is kept: lines are counted forward from
 * the last position asked for, so offsets must be asked for in increasing order, and the text
 * from that position on must still be in the buffer.
 */
export class LineCounter {
  #line = 1
  #lineStart = 0
  #counted = 0

  /** The position of absolute `offset`; `buffer` holds the text from absolute offset `base`. */
  positionAt(buffer: string, base: number, offset: number): Position {
    const target = Math.min(offset, base + buffer.length)
    if (target < this.#counted) {
      return { offset, line: this.#line, column: Math.max(1, offset - this.#lineStart + 1) }
    }
    let i = this.#counted - base
    for (let nl = buffer.indexOf('\n', i); nl !== -1 && nl < target - base;) {
      this.#line++
      this.#lineStart = base + nl + 1
      i = nl + 1
      nl = buffer.indexOf('\n', i)
    }
    this.#counted = target

    return { offset, line: this.#line, column: offset - this.#lineStart + 1 }
  }
}
