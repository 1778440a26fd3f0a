import type { Alert } from '../detect/index.ts'

/** The output formats of `vigil hunt`. */
export type AlertFormat = 'table' | 'ndjson' | 'csv' | 'bulk'

/**
 * Writes alerts in one format, in pieces that each end with a newline. The alerts may come
 * lazily (one rule's after another's): every format but the table renders each as it comes.
 */
export interface AlertSink {
  readonly format: AlertFormat
  render(alerts: Iterable<Alert>, options?: AlertSinkOptions): Iterable<string>
}

/** Options of the alert sinks. */
export interface AlertSinkOptions {
  /** Widest table line; default 160. */
  readonly width?: number
}
