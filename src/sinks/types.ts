import type { EqlResults } from '../engine/index.ts'

/** The output formats of `vigil query`. */
export type SinkFormat = 'table' | 'ndjson' | 'es'

/** What a sink needs to know besides the results. */
export interface SinkContext {
  /** Milliseconds the query took, for the `took` of an `_eql/search`-shaped response. */
  readonly tookMs: number
  /** The field holding each event's time, shown in the table. */
  readonly timestampField: string
  /** The field holding each event's category, shown in the table. */
  readonly categoryField: string
  /** Widest table line; default 160. */
  readonly width?: number
}

/**
 * Writes query results in one format. `render` returns the text in pieces (each ending with a
 * newline) so a large result can be written out without building one huge string.
 */
export interface ResultSink {
  readonly format: SinkFormat
  render(results: EqlResults, context: SinkContext): Iterable<string>
}
