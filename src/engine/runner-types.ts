import type { EngineEvent } from './engine-event.ts'
import type { Limits } from './pipes.ts'
import type { EqlResults } from './results.ts'

/** Options of a runner: result limits as `_eql/search` takes them, and sample settings. */
export interface RunnerOptions extends Limits {
  /** Samples per join-key set; default 1 (`max_samples_per_key`). */
  readonly maxSamplesPerKey?: number
}

/** Counters of a runner, to check that memory follows the matching events, not the input. */
export interface RunnerStats {
  /** Events pushed. */
  readonly pushed: number
  /** Events held now (candidates that match some part of the query). */
  readonly buffered: number
  /** The most events held at any time. */
  readonly peakBuffered: number
  /** Events a sequence could not use because they have no timestamp. */
  readonly skippedWithoutTimestamp: number
}

/**
 * Runs one compiled query over events arriving in any order: `push` each event, then `finish`
 * for the results in Elasticsearch's order.
 */
export interface EqlRunner {
  push(event: EngineEvent): void
  finish(): EqlResults
  readonly stats: RunnerStats
}

/** Mutable counters shared by the runner implementations. */
export class StatsCounter {
  pushed = 0
  buffered = 0
  peakBuffered = 0
  skippedWithoutTimestamp = 0

  hold(count = 1): void {
    this.buffered += count
    if (this.buffered > this.peakBuffered) this.peakBuffered = this.buffered
  }

  release(count: number): void {
    this.buffered -= count
  }

  snapshot(): RunnerStats {
    return {
      pushed: this.pushed,
      buffered: this.buffered,
      peakBuffered: this.peakBuffered,
      skippedWithoutTimestamp: this.skippedWithoutTimestamp,
    }
  }
}
