/**
 * A position in source text. `offset` is 0-based; `line` and `column` are 1-based. All three count
 * UTF-16 code units, the unit JavaScript strings index by.
 */
export interface Position {
  readonly offset: number
  readonly line: number
  readonly column: number
}

/** A range of source text; `end` is exclusive. */
export interface Span {
  readonly start: Position
  readonly end: Position
}

/** The position at the very start of a text. */
export const START: Position = { offset: 0, line: 1, column: 1 }

/** A span covering nothing at the start of a text, for problems that have no better place. */
export const EMPTY_SPAN: Span = { start: START, end: START }

/** Builds a span from two positions. */
export function spanOf(start: Position, end: Position): Span {
  return { start, end }
}

/** Moves a span that was measured inside an embedded text (a query in a rule file) into its host. */
export function shiftSpan(span: Span, origin: Position): Span {
  return { start: shiftPosition(span.start, origin), end: shiftPosition(span.end, origin) }
}

function shiftPosition(position: Position, origin: Position): Position {
  const column = position.line === 1 ? origin.column + position.column - 1 : position.column

  return { offset: origin.offset + position.offset, line: origin.line + position.line - 1, column }
}

/**
 * A span in a binary file (an EVTX chunk or record): `offset` is the byte offset from the start of
 * the file and `line` is 0, which tells the renderer to print `file@offset`.
 */
export function byteSpan(offset: number, length = 0): Span {
  return {
    start: { offset, line: 0, column: 0 },
    end: { offset: offset + length, line: 0, column: 0 },
  }
}
