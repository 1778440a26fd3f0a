/** How a hunt runs. */
export interface HuntOptions {
  /** `all`: every match over the whole input. `replay`: the rule's scheduled executions. */
  readonly mode: 'all' | 'replay'
  /** Alert creation time in epoch ms (`@timestamp` of alerts). */
  readonly now: number
  /** Only events whose window time is at or after this (epoch ms). */
  readonly since?: number
  /** Only events whose window time is at or before this (epoch ms). */
  readonly until?: number
  /**
   * The inputs can be read once more (files, not standard input). Sequence rules waiting on a
   * rare step then hold a bounded number of events (see `SequenceWatch`); the few whose step
   * comes after they let go of some are left out of the results and listed in
   * `Hunt.rerun`, to be hunted again by themselves.
   */
  readonly rereadable?: boolean
}
