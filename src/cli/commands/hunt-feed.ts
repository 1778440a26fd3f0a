import type { LinePrefilter } from '../../compile/index.ts'
import { Hunt, huntPrefilter } from '../../detect/index.ts'
import type { CompiledRule, HuntEvent, HuntOptions, HuntResult } from '../../detect/index.ts'
import type { RuleResult } from '../../detect/index.ts'
import { readInputBatches } from '../../sources/index.ts'
import type { FileSummary, InputEvent, InputProblem } from '../../sources/index.ts'
import type { InputGroup } from './hunt-args.ts'

/** What the hunt runs on: the plain `Hunt`, or the per-rule timed one of `--profile`. */
export interface HuntEngine {
  readonly matches: number
  push(event: HuntEvent): void
  finish(): HuntResult
}

/** What the feed tells its owner while it reads. */
export interface FeedListener {
  /** An input problem (malformed line, unreadable file), as it is met. */
  onProblem(problem: InputProblem): void
  /** After each batch: events pushed so far, and the engine's matches so far. */
  onBatch(events: number, matches: number): void
}

/** How the feed reads. */
export interface FeedOptions {
  readonly prefilter: LinePrefilter | null
  readonly stdin?: NodeJS.ReadableStream
}

/**
 * Streams input groups into a hunt engine: one pass over every input, each event carrying the
 * `--index` of its group unless it has its own `_index`. Shared by the single-threaded hunt and
 * each worker of `--workers`.
 */
export class Feed {
  readonly #engine: HuntEngine
  readonly #listener: FeedListener
  readonly #options: FeedOptions
  readonly #summaries: FileSummary[] = []
  #events = 0

  constructor(engine: HuntEngine, listener: FeedListener, options: FeedOptions) {
    this.#engine = engine
    this.#listener = listener
    this.#options = options
  }

  /** Per-file summaries of what was read so far. */
  get summaries(): readonly FileSummary[] {
    return this.#summaries
  }

  /** Lines read so far, the ones the prefilter skipped included. */
  get linesRead(): number {
    return this.#summaries.reduce((sum, s) => sum + s.events + s.skipped, 0)
  }

  /** Reads one group of inputs to its end. */
  async read(group: InputGroup): Promise<void> {
    const batches = readInputBatches(group.paths, {
      prefilter: this.#options.prefilter,
      onFileSummary: (summary) => this.#summaries.push(summary),
      ...(this.#options.stdin === undefined ? {} : { stdin: this.#options.stdin }),
    })
    for (;;) {
      const next = await batches.next()
      if (next.done === true) return

      for (const item of next.value) {
        if (item.kind === 'problem') this.#listener.onProblem(item)
        else this.#push(item, group.index)
      }

      this.#listener.onBatch(this.#events, this.#engine.matches)
    }
  }

  #push(item: InputEvent, index: string | undefined): void {
    this.#events++
    this.#engine.push(index === undefined || item.index !== undefined ? item : { ...item, index })
  }
}

const QUIET: FeedListener = { onProblem: () => undefined, onBatch: () => undefined }

/**
 * Hunts a first pass's `rerun` rules by themselves over the same inputs, holding every event
 * they need this time. The first pass reported the inputs' problems and progress already, so
 * this one reports neither. Returns their results, in rule order.
 */
export async function huntAgain(
  rules: readonly CompiledRule[],
  groups: readonly InputGroup[],
  options: HuntOptions,
): Promise<RuleResult[]> {
  if (rules.length === 0) return []

  const hunt = new Hunt(rules, { ...options, rereadable: false })
  const feed = new Feed(hunt, QUIET, { prefilter: huntPrefilter(rules) })
  for (const group of groups) await feed.read(group)

  return hunt.finishEach()
}
