import { Worker } from 'node:worker_threads'
import { canSplitByEvent, huntPrefilter, mergeSplitParts, outcomeOf } from '../../detect/index.ts'
import type { CompiledRule, HuntResult } from '../../detect/index.ts'
import type { FileSummary, InputProblem } from '../../sources/index.ts'
import type { SharedRule, SpanMessage, TimeSpan, WorkerMessage } from './hunt-protocol.ts'
import type { WorkerRuleResult, WorkerTask } from './hunt-protocol.ts'

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
}

type Done = Extract<WorkerMessage, { kind: 'done' }>

/** What the pool is given of a worker's task; it adds the rest. */
export type PoolTask = Omit<WorkerTask, 'part' | 'count' | 'rules' | 'usesPrefilter'>

/**
 * Runs a hunt on `count` worker threads; each reads all the inputs. Rules whose alerts each come
 * from one event (query rules and EQL event queries, without replay) are split by event: every
 * worker tests them on its share of the events, and their alerts merge back in the order one
 * thread gives. The other rules (sequences, pipes, every rule when replaying) are shared out
 * round robin and run whole in one worker, so sequences, executions and max_signals stay per
 * rule. Results come back in rule order. `rules` are the main thread's compiled rules, the same
 * list the workers compile, for the summary.
 */
export function runHuntWorkers(
  task: PoolTask,
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

  start(task: PoolTask, rules: readonly CompiledRule[]): void {
    const shared = shareRules(rules, task.options.mode, this.#count)
    // replay needs every event's time to lay out the executions, so nothing is skipped unparsed
    const usesPrefilter = task.options.mode !== 'replay' && huntPrefilter(rules) !== null
    for (let part = 0; part < this.#count; part++) {
      const workerData: WorkerTask = {
        ...task,
        rules: shared,
        part,
        count: this.#count,
        usesPrefilter,
      }
      const worker = new Worker(workerEntry(), { workerData })
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

// split rules go to every worker; the others round robin, so sequences spread evenly
function shareRules(
  rules: readonly CompiledRule[],
  mode: WorkerTask['options']['mode'],
  count: number,
): SharedRule[] {
  let next = 0

  return rules.map((compiled) => {
    const owner = canSplitByEvent(compiled, mode) ? null : next++ % count

    return { rule: compiled.rule, position: compiled.position, owner }
  })
}

function merge(done: readonly Done[], rules: readonly CompiledRule[]): PoolOutcome {
  const byPosition = new Map(rules.map((rule) => [rule.position, rule]))
  const results = mergeParts(
    done.flatMap((d) => d.results),
    byPosition,
  )
  const outcomes = results.map((r) => outcomeOf({ ...r, rule: ruleAt(byPosition, r.position) }))
  const first = done[0]

  return {
    result: {
      alerts: results.flatMap((r) => r.alerts),
      rules: outcomes,
      warnings: results.flatMap((r) => r.warnings),
    },
    summaries: first?.summaries ?? [],
    lines: first?.lines ?? 0,
  }
}

// a split rule comes back once from each worker: its parts merge into one result
function mergeParts(
  results: readonly WorkerRuleResult[],
  byPosition: ReadonlyMap<number, CompiledRule>,
): WorkerRuleResult[] {
  const parts = new Map<number, WorkerRuleResult[]>()
  for (const result of results) {
    const list = parts.get(result.position)
    if (list === undefined) parts.set(result.position, [result])
    else list.push(result)
  }

  return [...parts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([position, list]) => mergeRule(list, ruleAt(byPosition, position)))
}

function mergeRule(list: readonly WorkerRuleResult[], rule: CompiledRule): WorkerRuleResult {
  const [first] = list
  if (first === undefined) throw new Error('a rule came back with no result')
  if (list.length === 1 && first.orders === undefined) return first

  const alerts = mergeSplitParts(
    list.map((part) => ({ alerts: part.alerts, orders: part.orders ?? [] })),
    rule.plan !== null,
  )

  return {
    ...first,
    alerts,
    droppedMatches: list.reduce((sum, part) => sum + part.droppedMatches, 0),
    warnings: list.flatMap((part) => part.warnings),
  }
}

// a worker only hands back rules it was given, by position
function ruleAt(byPosition: ReadonlyMap<number, CompiledRule>, position: number): CompiledRule {
  const rule = byPosition.get(position)
  if (rule === undefined) throw new Error(`hunt worker returned unknown rule ${String(position)}`)

  return rule
}

// the built CLI starts the compiled worker; from the sources, the worker registers tsx first
function workerEntry(): URL {
  const self = import.meta.url
  if (!self.endsWith('.ts')) return new URL('./hunt-worker.js', self)

  const tsx = import.meta.resolve('tsx/esm/api')
  const entry = new URL('./hunt-worker.ts', self).href
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)})`

  return new URL(`data:text/javascript,${encodeURIComponent(code)}`)
}
