import { setImmediate as nextTurn } from 'node:timers/promises'
import { Hunt, huntPrefilter, judgeWatches } from '../../detect/index.ts'
import type { CompiledRule, HuntOptions, WatchReport } from '../../detect/index.ts'
import { readInputTasks } from '../../sources/index.ts'
import type {
  EvtxSplit,
  FileSummary,
  InputFormat,
  InputProblem,
  InputTask,
  InputTaskOptions,
} from '../../sources/index.ts'
import type { InputGroup } from './hunt-args.ts'
import { TaskLedger } from './shard-ledger.ts'
import { ShardRunner } from './shard-run.ts'
import type { ShardTask, TaskResult } from './shard-run.ts'
import type { WorkerShard } from './worker-shard.ts'

/**
 * Bytes per piece of a line-layout input: about a thousand events, a few tens of milliseconds of
 * hunting, so the threads share the work evenly and a piece in flight costs little memory.
 */
const PIECE_SIZE = 1 << 20

/** Tasks a worker holds at once: one it hunts, and the next, so it never waits for the main thread. */
const IN_FLIGHT = 2

/** A hunt over several threads. */
export interface ShardRequest {
  /** The main thread's compiled rules; each worker compiles the same rules again. */
  readonly rules: readonly CompiledRule[]
  readonly options: HuntOptions
  readonly groups: readonly InputGroup[]
  /**
   * The workers, started with the same rules (see `WorkerShard.start`): closed once they have
   * handed over their candidates, and by the caller should the hunt fail.
   */
  readonly shards: readonly WorkerShard[]
  readonly stdin: NodeJS.ReadableStream
  /** Bytes per piece of a line-layout input (tests use tiny pieces). */
  readonly pieceSize?: number
  /** Which EVTX files are cut into parts; default `EVTX_SPLIT` (tests cut small files). */
  readonly evtxSplit?: EvtxSplit
}

/** What the pool tells the command while the threads read. */
export interface ShardListener {
  onProblem(problem: InputProblem): void
  onProgress(files: number, events: number, matches: number): void
}

/** A finished read: the main thread's hunt, holding every thread's candidates, ready to finish. */
export interface ShardOutcome {
  readonly hunt: Hunt
  readonly summaries: readonly FileSummary[]
  /** Lines read, the ones the prefilter skipped included. */
  readonly lines: number
}

/**
 * Hunts the inputs on this thread and the given workers, each with every rule. Line-layout inputs are cut into pieces of whole lines and other inputs go whole; each
 * thread takes the next task when it is free, and numbers its events by their place in the whole
 * input. At the end the threads' sequence watches are judged together and every candidate comes
 * back to this thread's hunt, which builds the alerts a single pass would have built. The main
 * thread starts hunting at once; each worker joins once it has compiled the rules.
 */
export async function huntOnThreads(
  request: ShardRequest,
  listener: ShardListener,
): Promise<ShardOutcome> {
  return new ShardPool(request, listener).run()
}

interface NumberedInput {
  readonly task: InputTask
  readonly index: string | undefined
}

class ShardPool {
  readonly #request: ShardRequest
  readonly #listener: ShardListener
  readonly #ledger: TaskLedger
  readonly #local: ShardRunner
  readonly #workers: readonly WorkerShard[]
  readonly #inputs: AsyncGenerator<NumberedInput>
  /** The file and format of each `lines` or `part` task in flight, for the ledger. */
  readonly #lines = new Map<number, { readonly file: string; readonly format: InputFormat }>()
  /** Tasks only this thread can run (standard input holding a JSON array). */
  readonly #localOnly: ShardTask[] = []
  #pulling: Promise<unknown> = Promise.resolve()
  #seq = 0
  #isExhausted = false
  #onIdle: (() => void) | null = null
  readonly #failure: Promise<never>
  #fail: (cause: Error) => void = () => undefined

  constructor(request: ShardRequest, listener: ShardListener) {
    this.#request = request
    this.#listener = listener
    this.#workers = request.shards
    this.#ledger = new TaskLedger((problem) => {
      listener.onProblem(problem)
    })
    const { rules, options } = request
    const prefilter = options.mode === 'replay' ? null : huntPrefilter(rules)
    this.#local = new ShardRunner(new Hunt(rules, options), prefilter)
    const pieceSize = request.pieceSize ?? PIECE_SIZE
    const { stdin, evtxSplit } = request
    const split = evtxSplit === undefined ? {} : { evtxSplit }
    this.#inputs = numbered(request.groups, { pieceSize, stdin, ...split })
    this.#failure = new Promise<never>((_, reject) => {
      this.#fail = reject
    })
    this.#failure.catch(() => undefined)
  }

  async run(): Promise<ShardOutcome> {
    this.#listen()
    await Promise.race([this.#readAll(), this.#failure])
    const harvests = await Promise.race([this.#gather(), this.#failure])
    // the workers are done: their heaps go before the alerts are built
    await Promise.all(this.#workers.map((shard) => shard.close()))
    for (const harvest of harvests) this.#local.hunt.absorb(harvest)

    const ledger = this.#ledger

    return { hunt: this.#local.hunt, summaries: ledger.summaries, lines: ledger.lines }
  }

  #listen(): void {
    for (const shard of this.#workers) {
      shard.expect(this.#request.rules)
      shard.listen({
        onReady: () => {
          this.#feedSoon(shard)
        },
        onDone: (result) => {
          this.#settleTask(result)
          this.#feedSoon(shard)
        },
        onFailure: (cause) => {
          // nothing more is read: the hunt has failed
          this.#isExhausted = true
          this.#fail(cause)
        },
      })
    }
  }

  // this thread hunts tasks until none is left, then waits for the workers' last ones
  async #readAll(): Promise<void> {
    do {
      for (let task = await this.#nextLocal(); task !== null; task = await this.#nextLocal()) {
        this.#settleTask(await this.#local.run(task))
        // lets the workers' messages in between tasks
        await nextTurn()
      }

      await this.#idle()
    } while (this.#localOnly.length > 0)
  }

  #nextLocal(): Promise<ShardTask | null> {
    const task = this.#localOnly.shift()

    return task === undefined ? this.#next() : Promise.resolve(task)
  }

  // the watches of every thread that hunted, judged together; then every worker's candidates
  async #gather() {
    const working = this.#workers.filter((shard) => shard.tasks > 0)
    const theirs = Promise.all(working.map((shard) => shard.reports()))
    const reports: (readonly WatchReport[])[] = [this.#local.hunt.watchReports(), ...(await theirs)]

    const verdicts = judgeWatches(reports)
    this.#local.hunt.settle(verdicts)

    return Promise.all(working.map((shard) => shard.harvest(verdicts)))
  }

  // a worker's messages come as events: what goes wrong feeding it fails the hunt
  #feedSoon(shard: WorkerShard): void {
    this.#feed(shard).catch((cause: unknown) => {
      this.#isExhausted = true
      this.#fail(cause instanceof Error ? cause : new Error(String(cause)))
    })
  }

  // hands a ready worker tasks until it holds IN_FLIGHT of them or none is left
  async #feed(shard: WorkerShard): Promise<void> {
    if (shard.isFeeding || !shard.isReady) return

    shard.isFeeding = true
    while (shard.inFlight < IN_FLIGHT) {
      const task = await this.#next()
      if (task === null) break

      if (task.kind === 'stream') this.#localOnly.push(task)
      else shard.post(task)
    }

    shard.isFeeding = false
    this.#checkIdle()
  }

  #settleTask(result: TaskResult): void {
    const lines = this.#lines.get(result.seq)
    this.#lines.delete(result.seq)
    this.#ledger.settle(
      result.seq,
      lines === undefined ? { kind: 'whole', result } : { kind: 'lines', ...lines, result },
    )
    const matches = this.#workers.reduce(
      (sum, shard) => sum + shard.matches,
      this.#local.hunt.matches,
    )
    this.#listener.onProgress(this.#ledger.summaries.length, this.#ledger.events, matches)
    this.#checkIdle()
  }

  // the tasks are read one at a time, whoever asks
  #next(): Promise<ShardTask | null> {
    const next = this.#pulling.then(() => this.#take())
    this.#pulling = next.catch(() => undefined)

    return next
  }

  async #take(): Promise<ShardTask | null> {
    while (!this.#isExhausted) {
      const next = await this.#inputs.next()
      if (next.done === true) break

      const { task, index } = next.value
      const seq = this.#seq++
      const where = index === undefined ? { seq } : { seq, index }
      switch (task.kind) {
        case 'failed':
        case 'end':
          this.#ledger.settle(seq, task)
          break
        case 'lines':
          this.#lines.set(seq, { file: task.piece.file, format: task.format })

          return { kind: 'lines', piece: task.piece, ...where }
        case 'part':
          this.#lines.set(seq, { file: task.path, format: 'evtx' })

          return { kind: 'part', path: task.path, part: task.part, ...where }
        case 'file':
          return { kind: 'file', target: task.target, ...where }
        case 'stream':
          return { kind: 'stream', chunks: task.chunks, ...where }
      }
    }

    this.#isExhausted = true

    return null
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      this.#onIdle = resolve
      this.#checkIdle()
    })
  }

  #checkIdle(): void {
    if (this.#onIdle === null || !this.#isExhausted) return
    if (this.#workers.some((shard) => shard.inFlight > 0 || shard.isFeeding)) return

    const resolve = this.#onIdle
    this.#onIdle = null
    resolve()
  }
}

async function* numbered(
  groups: readonly InputGroup[],
  options: InputTaskOptions,
): AsyncGenerator<NumberedInput> {
  for (const group of groups)
    for await (const task of readInputTasks(group.paths, options))
      yield { task, index: group.index }
}
