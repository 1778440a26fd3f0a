import type { EcsEvent } from '../ecs/index.ts'

/** One generated case: the events to feed (one per sequence step) and what it shows. */
export interface GeneratedCase {
  readonly events: readonly EcsEvent[]
  /** what the events satisfy (positives) or which condition was flipped (negatives) */
  readonly description: string
}

/** Events a query must match (`positives`) and near misses it must not match (`negatives`). */
export interface GeneratedCases {
  readonly positives: readonly GeneratedCase[]
  readonly negatives: readonly GeneratedCase[]
}

/** Options for event generation. */
export interface GenerateOptions {
  /** Seed of the value choices; the same seed gives the same events. Default 1. */
  readonly seed?: number
  /** The field holding the EQL event category; default `event.category`. */
  readonly categoryField?: string
  /** The instant KQL date math's `now` stands for, epoch ms; default 2024-05-01T12:00:00Z. */
  readonly now?: number
  /** The most negatives per query; default 8. */
  readonly maxNegatives?: number
}

/** The defaults of {@link GenerateOptions}. */
export const GENERATE_DEFAULTS = {
  seed: 1,
  categoryField: 'event.category',
  now: Date.UTC(2024, 4, 1, 12, 0, 0),
  maxNegatives: 8,
} as const
