import { newSummary, shiftProblem } from '../../sources/index.ts'
import type { FileSummary, InputFormat, InputProblem, InputTask } from '../../sources/index.ts'
import type { TaskResult } from './shard-run.ts'

/**
 * How one numbered task of the input ended, as the ledger takes it: a piece's result, a whole
 * input's, or the failure and end of a line-layout input as the input tasks tell them.
 */
export type TaskOutcome =
  | {
      readonly kind: 'lines'
      readonly file: string
      readonly format: InputFormat
      readonly result: TaskResult
    }
  | { readonly kind: 'whole'; readonly result: TaskResult }
  | Extract<InputTask, { readonly kind: 'failed' | 'end' }>

/** The line-layout input whose pieces are being gone through. */
interface OpenInput {
  readonly summary: FileSummary
  /** Characters of its pieces so far: where the next piece's problem offsets start. */
  chars: number
}

/**
 * Tasks end on any thread in any order; the ledger goes through their outcomes in input order,
 * so problems are reported and files summed up as one thread reading the inputs would have.
 */
export class TaskLedger {
  readonly #onProblem: (problem: InputProblem) => void
  readonly #waiting = new Map<number, TaskOutcome>()
  readonly #summaries: FileSummary[] = []
  #next = 0
  #open: OpenInput | null = null
  #events = 0

  /** `onProblem`: each input problem, in input order. */
  constructor(onProblem: (problem: InputProblem) => void) {
    this.#onProblem = onProblem
  }

  /** Files summed up so far, in input order. */
  get summaries(): readonly FileSummary[] {
    return this.#summaries
  }

  /** Events read, over the tasks gone through. */
  get events(): number {
    return this.#events
  }

  /** Lines read, the ones the prefilter skipped included. */
  get lines(): number {
    return this.#summaries.reduce((sum, s) => sum + s.events + s.skipped, 0)
  }

  /** Takes the outcome of task `seq`, and goes through every outcome it was waiting for. */
  settle(seq: number, outcome: TaskOutcome): void {
    this.#waiting.set(seq, outcome)
    for (let next = this.#waiting.get(this.#next); next !== undefined;) {
      this.#waiting.delete(this.#next++)
      this.#apply(next)
      next = this.#waiting.get(this.#next)
    }
  }

  #apply(outcome: TaskOutcome): void {
    switch (outcome.kind) {
      case 'lines': {
        const open = this.#openInput(outcome.file, outcome.format)
        const { result } = outcome
        open.summary.events += result.events
        open.summary.problems += result.problems.length
        open.summary.skipped += result.skipped
        open.summary.isReadable &&= result.isReadable
        for (const problem of result.problems) this.#onProblem(shiftProblem(problem, open.chars))
        open.chars += result.chars
        this.#events += result.events
        break
      }
      case 'whole': {
        for (const problem of outcome.result.problems) this.#onProblem(problem)
        this.#events += outcome.result.events
        if (outcome.result.summary !== undefined) this.#close(outcome.result.summary)
        break
      }
      case 'failed': {
        const { summary } = this.#openInput(outcome.file, outcome.format)
        summary.problems++
        summary.isReadable = false
        this.#onProblem(outcome.problem)
        break
      }
      case 'end':
        this.#close(this.#openInput(outcome.file, outcome.format).summary)
        this.#open = null
        break
    }
  }

  #openInput(file: string, format: InputFormat): OpenInput {
    this.#open ??= { summary: newSummary(file, format), chars: 0 }

    return this.#open
  }

  #close(summary: FileSummary): void {
    this.#summaries.push(summary)
  }
}
