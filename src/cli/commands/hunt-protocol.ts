import type { HuntOptions, RunnableRule } from '../../detect/index.ts'
import type { FileSummary, InputProblem } from '../../sources/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import type { PostedAlert } from './alert-wire.ts'
import type { InputGroup } from './hunt-args.ts'

/** A rule as the main thread loaded it, with its position in the whole hunt. */
export interface SharedRule {
  readonly rule: RunnableRule
  readonly position: number
}

/** What a hunt worker is given: its share of the rules, and the whole hunt's inputs. */
export interface WorkerTask {
  /** Loaded rules (plain data, copied to the worker) that the worker compiles again. */
  readonly rules: readonly SharedRule[]
  readonly exceptionsPath?: string
  readonly options: HuntOptions
  readonly groups: readonly InputGroup[]
  /** This worker's number; the one numbered 0 reports the input problems. */
  readonly part: number
}

/** One rule's result as a worker hands it back (the compiled rule stays in the worker). */
export interface WorkerRuleResult {
  readonly position: number
  /** Packed (see `packAlert`): the main thread fills their rule fields in. */
  readonly alerts: readonly PostedAlert[]
  readonly executions: number
  readonly truncatedExecutions: number
  readonly droppedMatches: number
  readonly warnings: readonly Diagnostic[]
}

/** Event times a worker saw, for the replay span every worker must share. */
export interface TimeSpan {
  readonly first: number
  readonly last: number
}

/** Messages from a worker to the main thread. */
export type WorkerMessage =
  | { readonly kind: 'progress'; readonly events: number; readonly matches: number }
  | { readonly kind: 'problem'; readonly problem: InputProblem }
  | { readonly kind: 'read'; readonly span: TimeSpan }
  | {
      readonly kind: 'done'
      readonly results: readonly WorkerRuleResult[]
      readonly summaries: readonly FileSummary[]
      readonly lines: number
      /** Rules the worker hunted a second time (see `Hunt.rerun`). */
      readonly rerun: number
    }
  | { readonly kind: 'failed'; readonly message: string }

/** The one message the main thread sends: the span of the whole input, once all have read. */
export interface SpanMessage {
  readonly kind: 'span'
  readonly span: TimeSpan
}
