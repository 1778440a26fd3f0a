import type { Position, Span } from './span.ts'

/**
 * A named text with a line index, so offsets turn into line and column positions in O(log n).
 * `name` is what diagnostics print as the file (a path, `<query>`, `<stdin>`).
 */
export class SourceText {
  readonly name: string
  readonly text: string
  readonly #lineStarts: number[]

  constructor(name: string, text: string) {
    this.name = name
    this.text = text
    this.#lineStarts = indexLines(text)
  }

  /** The position of a 0-based offset; offsets past the end clamp to the end. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length))
    const line = this.#lineOf(clamped)
    const lineStart = this.#lineStarts[line] ?? 0

    return { offset: clamped, line: line + 1, column: clamped - lineStart + 1 }
  }

  /** The span between two 0-based offsets. */
  spanAt(start: number, end: number): Span {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) }
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.#lineStarts[line - 1]
    if (start === undefined) return ''

    const next = this.#lineStarts[line] ?? this.text.length + 1
    const raw = this.text.slice(start, next - 1)

    return raw.endsWith('\r') ? raw.slice(0, -1) : raw
  }

  #lineOf(offset: number): number {
    let low = 0
    let high = this.#lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((this.#lineStarts[mid] ?? 0) <= offset) low = mid
      else high = mid - 1
    }

    return low
  }
}

function indexLines(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)

  return starts
}
