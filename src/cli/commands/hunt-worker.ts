import { readFile } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import {
  compileRule,
  Hunt,
  huntPrefilter,
  mergeResults,
  NO_EXCEPTIONS,
} from '../../detect/index.ts'
import { parseExceptionExport } from '../../detect/index.ts'
import type { CompiledRule, CompileRuleOptions, ExceptionLists } from '../../detect/index.ts'
import type { RuleResult } from '../../detect/index.ts'
import { packAlert } from './alert-wire.ts'
import { Feed, huntAgain } from './hunt-feed.ts'
import type { SharedRule, SpanMessage, WorkerMessage } from './hunt-protocol.ts'
import type { WorkerRuleResult, WorkerTask } from './hunt-protocol.ts'

/** Progress messages at most this often: the main thread redraws five times a second. */
const PROGRESS_INTERVAL_MS = 200

// one thread of `vigil hunt --workers`: it compiles its share of the rules the main thread loaded
// (closures cannot be copied between threads, rule data can), reads every input, and hands back
// its rules' alerts. diagnostics were already printed by the main thread, so none is sent
const port = parentPort
if (port === null) throw new Error('hunt-worker.ts runs as a worker thread')

try {
  await runTask(workerData as WorkerTask, port)
} catch (cause) {
  post(port, { kind: 'failed', message: cause instanceof Error ? cause.message : String(cause) })
}

async function runTask(task: WorkerTask, port: MessagePort): Promise<void> {
  const exceptions = await readExceptions(task.exceptionsPath)
  const share = compileShare(task.rules, { now: task.options.now, exceptions })
  // the main thread gives workers files only: they can be read again (see Hunt.rerun)
  const hunt = new Hunt(share, { ...task.options, rereadable: true })
  const isReporter = task.part === 0
  let lastProgress = 0
  const feed = new Feed(
    hunt,
    {
      // every worker reads the same inputs: one reports their problems
      onProblem: (problem) => {
        if (isReporter) post(port, { kind: 'problem', problem })
      },
      onBatch: (events, matches) => {
        const now = Date.now()
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return

        lastProgress = now
        post(port, { kind: 'progress', events, matches })
      },
    },
    { prefilter: task.options.mode === 'replay' ? null : huntPrefilter(share) },
  )
  for (const group of task.groups) await feed.read(group)

  post(port, { kind: 'read', span: hunt.span })
  const span = await nextSpan(port)
  const first = hunt.finishEach(span)
  const again = await huntAgain(hunt.rerun, task.groups, task.options)
  const results = mergeResults(first, again).map(toWorkerResult)
  const { summaries, linesRead: lines } = feed
  post(port, { kind: 'done', results, summaries, lines, rerun: hunt.rerun.length })
}

function compileShare(rules: readonly SharedRule[], options: CompileRuleOptions): CompiledRule[] {
  return rules.map(({ rule, position }) => {
    const compiled = compileRule(rule, position, options)
    // the main thread compiled the same rule with the same options
    if (!compiled.ok) throw new Error(`rule "${rule.name}" no longer compiles`)

    return compiled.value
  })
}

async function readExceptions(path: string | undefined): Promise<ExceptionLists> {
  if (path === undefined) return NO_EXCEPTIONS

  return parseExceptionExport(await readFile(path, 'utf8'), path).value
}

function nextSpan(port: MessagePort): Promise<SpanMessage['span']> {
  return new Promise((resolve) => {
    port.once('message', (message: SpanMessage) => {
      resolve(message.span)
    })
  })
}

function toWorkerResult(result: RuleResult): WorkerRuleResult {
  const { rule, alerts, executions, truncatedExecutions, droppedMatches, warnings } = result

  return {
    position: rule.position,
    alerts: alerts.map((alert) => packAlert(alert, rule)),
    executions,
    truncatedExecutions,
    droppedMatches,
    warnings,
  }
}

function post(port: MessagePort, message: WorkerMessage): void {
  port.postMessage(message)
}
