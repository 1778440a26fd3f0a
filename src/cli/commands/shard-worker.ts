import { readFile } from 'node:fs/promises'
import { parentPort } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import {
  compileRules,
  Hunt,
  huntPrefilter,
  NO_EXCEPTIONS,
  parseExceptionExport,
} from '../../detect/index.ts'
import type { ExceptionLists } from '../../detect/index.ts'
import { loadRules } from '../../rules/index.ts'
import { DiskRuleCache } from '../rule-cache.ts'
import { rulesDigest } from './shard-protocol.ts'
import type { FromShard, ShardStart, ToShard } from './shard-protocol.ts'
import { ShardRunner } from './shard-run.ts'

// one worker thread of `vigil hunt --workers`: it starts with the command, loads and compiles the
// rules as the main thread does, at the same time, and hunts the tasks it is given, one at a
// time, in the order they come. Diagnostics are printed by the main thread
const port = parentPort
if (port === null) throw new Error('shard-worker.ts runs as a worker thread')

let runner: Promise<ShardRunner> | null = null
/** The rules compiled (see `rulesDigest`): the main thread checks them against its own. */
let compiled = ''
let queue = Promise.resolve()
port.on('message', (message: ToShard) => {
  queue = queue
    .then(() => handle(message, port))
    .catch((cause: unknown) => {
      post(port, {
        kind: 'failed',
        message: cause instanceof Error ? cause.message : String(cause),
      })
    })
})

async function handle(message: ToShard, port: MessagePort): Promise<void> {
  if (message.kind === 'start') {
    runner = start(message.start)
    await runner
    post(port, { kind: 'ready', rules: compiled })

    return
  }

  if (runner === null) throw new Error(`"${message.kind}" came before "start"`)

  const { hunt } = await runner
  switch (message.kind) {
    case 'task':
      post(port, { kind: 'done', result: await (await runner).run(message.task) })
      break
    case 'report':
      post(port, { kind: 'reports', reports: hunt.watchReports() })
      break
    case 'settle': {
      hunt.settle(message.verdicts)
      const harvest = hunt.harvest()
      // the picks move rather than being copied
      const buffers = [harvest.times, ...harvest.picks.map((p) => p.picks)].map(
        (numbers) => numbers.buffer as ArrayBuffer,
      )
      port.postMessage({ kind: 'harvest', harvest } satisfies FromShard, buffers)
      break
    }
  }
}

async function start(data: ShardStart): Promise<ShardRunner> {
  const exceptions = await readExceptions(data.exceptionsPath)
  // the cache is read, never written: the main thread keeps it
  const cache = DiskRuleCache.open(data.rulePaths)
  const loaded = await loadRules(data.rulePaths, { cache })
  const { rules } = compileRules(loaded.rules, { now: data.options.now, exceptions, known: cache })
  compiled = rulesDigest(rules)
  // replay needs every event's time to lay out the executions, so nothing is skipped unparsed
  const prefilter = data.options.mode === 'replay' ? null : huntPrefilter(rules)

  return new ShardRunner(new Hunt(rules, data.options), prefilter)
}

async function readExceptions(path: string | undefined): Promise<ExceptionLists> {
  if (path === undefined) return NO_EXCEPTIONS

  return parseExceptionExport(await readFile(path, 'utf8'), path).value
}

function post(port: MessagePort, message: FromShard): void {
  port.postMessage(message)
}
