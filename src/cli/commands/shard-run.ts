import type { LinePrefilter } from '../../compile/index.ts'
import type { Hunt } from '../../detect/index.ts'
import { decodePiece, readEvtxPart, readInputBatches, readStreamTask } from '../../sources/index.ts'
import type {
  EvtxPart,
  FileSummary,
  InputEvent,
  InputItem,
  InputProblem,
  InputTarget,
  LinePiece,
} from '../../sources/index.ts'

/**
 * Ordinals one task may give its events: a task's events are numbered from its sequence number
 * times this, so that events of every thread keep the input's order (a whole EVTX file is one
 * task; four billion records is far past any file).
 */
const ORDINALS_PER_TASK = 2 ** 32

/** A task a shard runs, with the `--index` of its input group. */
export type ShardTask = (
  | { readonly kind: 'lines'; readonly piece: LinePiece }
  | { readonly kind: 'part'; readonly path: string; readonly part: EvtxPart }
  | { readonly kind: 'file'; readonly target: InputTarget }
  | { readonly kind: 'stream'; readonly chunks: AsyncIterable<Uint8Array> }
) & { readonly seq: number; readonly index?: string }

/** What running a task gave, for the ledger that reports inputs in order. */
export interface TaskResult {
  readonly seq: number
  readonly events: number
  readonly skipped: number
  /** Characters of a `lines` piece (its problems' offsets count from its start). */
  readonly chars: number
  readonly problems: readonly InputProblem[]
  /** False when a problem means the input could not be read (see `FileSummary.isReadable`). */
  readonly isReadable: boolean
  /** A whole input's summary, for `file` and `stream` tasks. */
  readonly summary?: FileSummary
  /** The shard's matches so far, for the progress line. */
  readonly matches: number
}

/** Runs tasks into one shard's hunt: the main thread's, or a worker's. */
export class ShardRunner {
  readonly hunt: Hunt
  readonly #prefilter: LinePrefilter | null

  constructor(hunt: Hunt, prefilter: LinePrefilter | null) {
    this.hunt = hunt
    this.#prefilter = prefilter
  }

  async run(task: ShardTask): Promise<TaskResult> {
    this.hunt.seek(task.seq * ORDINALS_PER_TASK)
    const taken = { events: 0, problems: [] as InputProblem[] }
    const take = (batch: readonly InputItem[]) => {
      for (const item of batch) {
        if (item.kind === 'problem') taken.problems.push(item)
        else {
          taken.events++
          this.#push(item, task.index)
        }
      }
    }
    const read = await this.#read(task, take)
    const { seq } = task
    const { matches } = this.hunt

    return { seq, ...taken, skipped: 0, chars: 0, isReadable: true, ...read, matches }
  }

  // reads the task's items into `take`; what the result says besides them
  async #read(
    task: ShardTask,
    take: (batch: readonly InputItem[]) => void,
  ): Promise<Partial<Pick<TaskResult, 'skipped' | 'chars' | 'isReadable' | 'summary'>>> {
    switch (task.kind) {
      case 'lines': {
        const { items, skipped, chars } = decodePiece(task.piece, this.#prefilter)
        take(items)

        return { skipped, chars }
      }
      case 'part':
        return { isReadable: await readEvtxPart(task.path, task.part, take) }
      case 'file':
      case 'stream': {
        const summary =
          task.kind === 'file'
            ? await this.#readFile(task.target, take)
            : await drain(readStreamTask(task.chunks, this.#prefilter), take)

        return { skipped: summary.skipped, isReadable: summary.isReadable, summary }
      }
    }
  }

  async #readFile(
    target: InputTarget,
    take: (batch: readonly InputItem[]) => void,
  ): Promise<FileSummary> {
    const summaries: FileSummary[] = []
    const batches = readInputBatches([target.path], {
      prefilter: this.#prefilter,
      onFileSummary: (summary) => summaries.push(summary),
    })
    for await (const batch of batches) take(batch)

    const [summary] = summaries
    if (summary === undefined) throw new Error(`no summary for "${target.path}"`)

    return summary
  }

  #push(item: InputEvent, index: string | undefined): void {
    this.hunt.push(index === undefined || item.index !== undefined ? item : { ...item, index })
  }
}

async function drain(
  batches: AsyncGenerator<InputItem[], FileSummary>,
  take: (batch: readonly InputItem[]) => void,
): Promise<FileSummary> {
  for (;;) {
    const next = await batches.next()
    if (next.done === true) return next.value

    take(next.value)
  }
}
