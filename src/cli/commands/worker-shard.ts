import { Worker } from 'node:worker_threads'
import type { CompiledRule, Harvest, WatchReport, WatchVerdicts } from '../../detect/index.ts'
import { workerEntry } from '../worker-entry.ts'
import { rulesDigest } from './shard-protocol.ts'
import type { FromShard, PostedTask, ShardStart, ToShard } from './shard-protocol.ts'
import type { TaskResult } from './shard-run.ts'

/** What a worker shard tells the pool. */
export interface WorkerShardListener {
  /** The worker has compiled the rules and takes tasks. */
  onReady(): void
  onDone(result: TaskResult): void
  onFailure(cause: Error): void
}

const NOT_LISTENING: WorkerShardListener = {
  onReady: () => undefined,
  onDone: () => undefined,
  onFailure: () => undefined,
}

/**
 * One worker thread of a hunt over threads, as the main thread sees it. It is started before the
 * rules are loaded ({@link start} hands them over), so that loading its code overlaps the main
 * thread's loading, and compiling the rules overlaps the main thread's compiling.
 */
export class WorkerShard {
  readonly #worker: Worker
  #listener: WorkerShardListener = NOT_LISTENING
  /** Tasks posted and not yet done. */
  inFlight = 0
  /** Tasks posted so far. */
  tasks = 0
  /** The worker's matches, as of its last done task. */
  matches = 0
  /** The pool is choosing tasks for it. */
  isFeeding = false
  /** The rules the worker compiled (see `rulesDigest`); null until it is ready. */
  #rules: string | null = null
  #expected: string | null = null
  #failure: Error | null = null
  #isClosing = false
  #waiting: ((message: FromShard) => void) | null = null

  constructor() {
    this.#worker = new Worker(workerEntry(import.meta.url, 'shard-worker'))
    this.#worker.on('message', (message: FromShard) => {
      this.#receive(message)
    })
    this.#worker.on('error', (cause) => {
      this.#failed(cause)
    })
    this.#worker.on('exit', (code) => {
      this.#failed(new Error(`hunt worker exited with ${String(code)}`))
    })
  }

  /** Whether it takes tasks yet: it compiled as many rules as this thread. */
  get isReady(): boolean {
    return this.#rules !== null && this.#rules === this.#expected
  }

  /** Tells it which rules to load and compile, as this thread loads and compiles them. */
  start(start: ShardStart): void {
    this.#worker.postMessage({ kind: 'start', start } satisfies ToShard)
  }

  /** The rules this thread compiled: the worker must have compiled the same. */
  expect(rules: readonly CompiledRule[]): void {
    this.#expected = rulesDigest(rules)
    this.#check()
  }

  /** Settles once it takes tasks (after {@link expect}); rejects if it fails first. */
  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve()
    if (this.#failure !== null) return Promise.reject(this.#failure)

    return new Promise((resolve, reject) => {
      const listener = this.#listener
      this.#listener = {
        ...listener,
        onReady: () => {
          this.#listener = listener
          listener.onReady()
          resolve()
        },
        onFailure: (cause) => {
          this.#listener = listener
          listener.onFailure(cause)
          reject(cause)
        },
      }
    })
  }

  /** Tells `listener` what happens from now on (and whatever happened already). */
  listen(listener: WorkerShardListener): void {
    this.#listener = listener
    if (this.#failure !== null) listener.onFailure(this.#failure)
    else if (this.isReady) listener.onReady()
  }

  /** Hands it a task; the bytes of a piece move to the worker. */
  post(task: PostedTask): void {
    this.inFlight++
    this.tasks++
    const message: ToShard = { kind: 'task', task }
    if (task.kind === 'lines')
      this.#worker.postMessage(message, [task.piece.bytes.buffer as ArrayBuffer])
    else this.#worker.postMessage(message)
  }

  /** Its watch reports, once its tasks are done. */
  async reports(): Promise<readonly WatchReport[]> {
    const answer = await this.#ask({ kind: 'report' })
    if (answer.kind !== 'reports') throw new Error(`hunt worker answered "${answer.kind}"`)

    return answer.reports
  }

  /** Its candidates, once it has applied the verdicts. */
  async harvest(verdicts: WatchVerdicts): Promise<Harvest> {
    const answer = await this.#ask({ kind: 'settle', verdicts })
    if (answer.kind !== 'harvest') throw new Error(`hunt worker answered "${answer.kind}"`)

    return answer.harvest
  }

  /** Stops the worker, whatever it is doing. */
  async close(): Promise<void> {
    this.#isClosing = true
    await this.#worker.terminate()
  }

  #ask(message: ToShard): Promise<FromShard> {
    return new Promise((resolve) => {
      this.#waiting = resolve
      this.#worker.postMessage(message)
    })
  }

  #receive(message: FromShard): void {
    switch (message.kind) {
      case 'ready':
        this.#ready(message.rules)
        break
      case 'done':
        this.inFlight--
        this.matches = message.result.matches
        this.#listener.onDone(message.result)
        break
      case 'failed':
        this.#failed(new Error(`hunt worker failed: ${message.message}`))
        break
      case 'reports':
      case 'harvest': {
        const waiting = this.#waiting
        this.#waiting = null
        waiting?.(message)
        break
      }
    }
  }

  #ready(rules: string): void {
    this.#rules = rules
    this.#check()
  }

  #check(): void {
    const rules = this.#rules
    const expected = this.#expected
    if (rules === null || expected === null) return

    if (rules === expected) this.#listener.onReady()
    else this.#failed(new Error(`hunt worker compiled ${rules}, this thread ${expected}`))
  }

  #failed(cause: Error): void {
    if (this.#isClosing || this.#failure !== null) return

    this.#failure = cause
    this.#listener.onFailure(cause)
  }
}
