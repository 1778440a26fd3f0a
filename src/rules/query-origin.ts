import { shiftSpan } from '../syntax/index.ts'
import type { Position, SourceText, Span } from '../syntax/index.ts'
import type { Provenance, QueryOrigin } from './model.ts'

/** File positions for per-character file offsets, plus one past the last character. */
export function positionsOf(source: SourceText, offsets: readonly number[]): Position[] {
  const positions = offsets.map((offset) => source.positionAt(offset))
  const last = offsets.at(-1)
  positions.push(source.positionAt(last === undefined ? 0 : last + 1))

  return positions
}

/** Moves a span measured in a rule's query text into the rule's file. */
export function querySpanInFile(span: Span, origin: QueryOrigin): Span {
  const positions = origin.positions
  if (positions === undefined) return shiftSpan(span, origin.start)

  const at = (offset: number): Position =>
    positions[Math.min(offset, positions.length - 1)] ?? origin.start

  return { start: at(span.start.offset), end: at(span.end.offset) }
}

/** Adds where the rule's `query` and `threat_query` strings start, for those the file has. */
export function withQueryOrigins(
  provenance: Provenance,
  originOf: (key: 'query' | 'threat_query') => QueryOrigin | undefined,
): Provenance {
  const query = originOf('query')
  const threatQuery = originOf('threat_query')
  const withQuery = query === undefined ? provenance : { ...provenance, query }

  return threatQuery === undefined ? withQuery : { ...withQuery, threatQuery }
}
