import type { Alert } from '../detect/index.ts'

/** The output formats of `vigil hunt`. */
export type AlertFormat = 'table' | 'ndjson' | 'csv' | 'bulk'

/** Writes alerts in one format, in pieces that each end with a newline. */
export interface AlertSink {
  readonly format: AlertFormat
  render(alerts: readonly Alert[], options?: AlertSinkOptions): Iterable<string>
}

/** Options of the alert sinks. */
export interface AlertSinkOptions {
  /** Widest table line; default 160. */
  readonly width?: number
}
