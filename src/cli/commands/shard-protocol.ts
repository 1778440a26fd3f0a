import { createHash } from 'node:crypto'
import type {
  CompiledRule,
  Harvest,
  HuntOptions,
  WatchReport,
  WatchVerdicts,
} from '../../detect/index.ts'
import type { EvtxPart, InputTarget, LinePiece } from '../../sources/index.ts'
import type { TaskResult } from './shard-run.ts'

/**
 * What a shard worker hunts with: the `--rules` paths, which it loads and compiles as the main
 * thread does (closures cannot be copied between threads, and copying the loaded rules took the
 * main thread longer than loading them from the rule cache), and how the hunt runs.
 */
export interface ShardStart {
  readonly rulePaths: readonly string[]
  readonly exceptionsPath?: string
  readonly options: HuntOptions
}

/** A task as it is posted to a worker (a `stream` task never leaves the main thread). */
export type PostedTask = (
  | { readonly kind: 'lines'; readonly piece: LinePiece }
  | { readonly kind: 'part'; readonly path: string; readonly part: EvtxPart }
  | { readonly kind: 'file'; readonly target: InputTarget }
) & { readonly seq: number; readonly index?: string }

/** Messages from the main thread to a shard worker. */
export type ToShard =
  | { readonly kind: 'start'; readonly start: ShardStart }
  | { readonly kind: 'task'; readonly task: PostedTask }
  /** Every task is posted: report the watches. */
  | { readonly kind: 'report' }
  /** Apply the verdicts and hand over the candidates. */
  | { readonly kind: 'settle'; readonly verdicts: WatchVerdicts }

/** Messages from a shard worker to the main thread. */
export type FromShard =
  /** The rules are compiled: which can run, as {@link rulesDigest} (the main thread's, or a bug). */
  | { readonly kind: 'ready'; readonly rules: string }
  | { readonly kind: 'done'; readonly result: TaskResult }
  | { readonly kind: 'reports'; readonly reports: readonly WatchReport[] }
  | { readonly kind: 'harvest'; readonly harvest: Harvest }
  | { readonly kind: 'failed'; readonly message: string }

/** The rules a thread compiled, in order, as one short text two threads can compare. */
export function rulesDigest(rules: readonly CompiledRule[]): string {
  const hash = createHash('sha256')
  for (const { rule, position } of rules) hash.update(`${String(position)} ${rule.rule_id}\n`)

  return `${String(rules.length)} rules, ${hash.digest('hex').slice(0, 16)}`
}
