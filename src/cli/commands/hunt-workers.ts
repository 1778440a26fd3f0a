import { Worker } from 'node:worker_threads'
import { outcomeOf } from '../../detect/index.ts'
import type { CompiledRule, HuntResult } from '../../detect/index.ts'
import type { FileSummary, InputProblem } from '../../sources/index.ts'
import { workerEntry } from '../worker-entry.ts'
import { unpackAlert } from './alert-wire.ts'
import type { SpanMessage, TimeSpan, WorkerMessage, WorkerTask } from './hunt-protocol.ts'

/** What the pool tells the command while the workers read. */
export interface PoolListener {
  onProblem(problem: InputProblem): void
  /** Events read (by every worker alike) and matches over all workers, so far. */
  onProgress(events: number, matches: number): void
}

/** A finished pooled hunt: the merged result, and what was read. */
export interface PoolOutcome {
  readonly result: HuntResult
  readonly summaries: readonly FileSummary[]
  /** Lines read, the ones the prefilter skipped included. */
  readonly lines: number
  /** Rules hunted a second time, over all workers (see `Hunt.rerun`). */
  readonly rerun: number
}

type Done = Extract<WorkerMessage, { kind: 'done' }>

/**
 * Runs a hunt on `count` worker threads. Kibana runs every rule on its own, so the rules are
 * shared out (by position, round robin) and each worker reads all the inputs for its share:
 * sequences, replayed executions and max_signals stay per rule, exactly as on one thread, and
 * the results merge back in rule order. `rules` are the main thread's compiled rules, the same
 * list each worker compiles, for the summary.
 */
export function runHuntWorkers(
  task: Omit<WorkerTask, 'part' | 'rules'>,
  count: number,
  rules: readonly CompiledRule[],
  listener: PoolListener,
): Promise<PoolOutcome> {
  return new Promise((resolve, reject) => {
    const pool = new Pool(
      count,
      listener,
      (done) => {
        try {
          resolve(merge(done, rules))
        } catch (cause) {
          reject(cause instanceof Error ? cause : new Error(String(cause)))
        }
      },
      reject,
    )
    pool.start(task, rules)
  })
}

class Pool {
  readonly #workers: Worker[] = []
  readonly #count: number
  readonly #listener: PoolListener
  readonly #progress: { events: number; matches: number }[]
  readonly #spans: (TimeSpan | undefined)[]
  readonly #done: (Done | undefined)[]
  readonly #resolve: (done: readonly Done[]) => void
  readonly #reject: (cause: Error) => void
  #isSettled = false

  constructor(
    count: number,
    listener: PoolListener,
    resolve: (done: readonly Done[]) => void,
    reject: (cause: Error) => void,
  ) {
    this.#count = count
    this.#listener = listener
    this.#progress = Array.from({ length: count }, () => ({ events: 0, matches: 0 }))
    this.#spans = Array.from({ length: count }, () => undefined)
    this.#done = Array.from({ length: count }, () => undefined)
    this.#resolve = resolve
    this.#reject = reject
  }

  start(task: Omit<WorkerTask, 'part' | 'rules'>, rules: readonly CompiledRule[]): void {
    for (let part = 0; part < this.#count; part++) {
      const share = rules
        .filter((r) => r.position % this.#count === part)
        .map((r) => ({ rule: r.rule, position: r.position }))
      const workerData: WorkerTask = { ...task, rules: share, part }
      const worker = new Worker(workerEntry(import.meta.url, 'hunt-worker'), { workerData })
      worker.on('message', (message: WorkerMessage) => {
        this.#receive(part, message)
      })
      worker.on('error', (cause) => {
        this.#fail(cause)
      })
      worker.on('exit', (code) => {
        if (this.#done[part] === undefined)
          this.#fail(new Error(`hunt worker ${String(part)} exited with ${String(code)}`))
      })
      this.#workers.push(worker)
    }
  }

  #receive(part: number, message: WorkerMessage): void {
    switch (message.kind) {
      case 'progress':
        this.#progress[part] = { events: message.events, matches: message.matches }
        this.#listener.onProgress(
          this.#progress[0]?.events ?? 0,
          this.#progress.reduce((sum, p) => sum + p.matches, 0),
        )
        break
      case 'problem':
        this.#listener.onProblem(message.problem)
        break
      case 'read':
        this.#spans[part] = message.span
        this.#shareSpan()
        break
      case 'done':
        this.#done[part] = message
        this.#finish()
        break
      case 'failed':
        this.#fail(new Error(`hunt worker ${String(part)} failed: ${message.message}`))
        break
    }
  }

  // replayed executions are laid out over the whole input's span: every worker gets the same
  #shareSpan(): void {
    const spans = this.#spans.filter((s) => s !== undefined)
    if (spans.length < this.#count) return

    const span = {
      first: Math.min(...spans.map((s) => s.first)),
      last: Math.max(...spans.map((s) => s.last)),
    }
    const message: SpanMessage = { kind: 'span', span }
    for (const worker of this.#workers) worker.postMessage(message)
  }

  #finish(): void {
    const done = this.#done.filter((d) => d !== undefined)
    if (done.length < this.#count || this.#isSettled) return

    this.#isSettled = true
    this.#resolve(done)
  }

  #fail(cause: Error): void {
    if (this.#isSettled) return

    this.#isSettled = true
    for (const worker of this.#workers) void worker.terminate()
    this.#reject(cause)
  }
}

function merge(done: readonly Done[], rules: readonly CompiledRule[]): PoolOutcome {
  const byPosition = new Map(rules.map((rule) => [rule.position, rule]))
  const results = done
    .flatMap((d) => d.results)
    .sort((a, b) => a.position - b.position)
    .map((r) => {
      const rule = ruleAt(byPosition, r.position)

      return { ...r, rule, alerts: r.alerts.map((alert) => unpackAlert(alert, rule)) }
    })
  const outcomes = results.map((r) => outcomeOf(r))
  const first = done[0]

  return {
    result: {
      alerts: results.flatMap((r) => r.alerts),
      rules: outcomes,
      warnings: results.flatMap((r) => r.warnings),
    },
    summaries: first?.summaries ?? [],
    lines: first?.lines ?? 0,
    rerun: done.reduce((sum, d) => sum + d.rerun, 0),
  }
}

// a worker only hands back rules it was given, by position
function ruleAt(byPosition: ReadonlyMap<number, CompiledRule>, position: number): CompiledRule {
  const rule = byPosition.get(position)
  if (rule === undefined) throw new Error(`hunt worker returned unknown rule ${String(position)}`)

  return rule
}
