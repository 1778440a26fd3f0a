import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { compileRules, Hunt, huntPrefilter, mergeResults, resultOf } from '../../detect/index.ts'
import type { HuntOptions, HuntResult } from '../../detect/index.ts'
import { loadRules } from '../../rules/index.ts'
import type { FileSummary, InputProblem } from '../../sources/index.ts'
import type { InputGroup } from './hunt-args.ts'
import { Feed, huntAgain } from './hunt-feed.ts'
import { huntOnThreads } from './shard-pool.ts'
import { WorkerShard } from './worker-shard.ts'

// the workers load the rules as the main thread does, without a cache here
process.env.VIGIL_CACHE = 'off'

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url))
const RULES = [join(EXAMPLES, 'rules')]
const NOW = Date.parse('2026-12-01T00:00:00Z')
const folder = mkdtempSync(join(tmpdir(), 'vigil-shards-'))
after(() => {
  rmSync(folder, { recursive: true, force: true })
})

const PROCESS_LINES = readFileSync(join(EXAMPLES, 'events/process-events.ndjson'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
const AUTH = join(EXAMPLES, 'events/auth-events.ndjson')

// the example process events with malformed lines, blank lines and CRLF between them; a bulk
// file of the same events; and the same events again as a JSON array, read whole
const MIXED = write(
  'mixed.ndjson',
  `\ufeff${PROCESS_LINES.map((line, i) => (i % 5 === 2 ? `${line}\r\n{"broken":\n\n` : `${line}\n`)).join('')}`,
)
const BULK = write(
  'bulk.ndjson',
  PROCESS_LINES.map(
    (line, i) => `{"index":{"_index":"logs-bulk","_id":"b${String(i)}"}}\n${line}\n`,
  ).join(''),
)
const ARRAY = write('array.json', `[\n${PROCESS_LINES.join(',\n')}\n]\n`)

function write(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)

  return path
}

interface Outcome {
  readonly alerts: readonly string[]
  readonly problems: readonly InputProblem[]
  readonly summaries: readonly FileSummary[]
  readonly lines: number
}

async function compiled(options: HuntOptions) {
  return compileRules((await loadRules(RULES)).rules, { now: options.now }).rules
}

function alertsOf(result: HuntResult): string[] {
  return result.alerts.map((alert) => `${alert.id} ${JSON.stringify(alert.document)}`)
}

// one thread, as `vigil hunt` without --workers reads
async function oneThread(groups: readonly InputGroup[], options: HuntOptions): Promise<Outcome> {
  const rules = await compiled(options)
  const hunt = new Hunt(rules, options)
  const problems: InputProblem[] = []
  const listener = { onProblem: (p: InputProblem) => problems.push(p), onBatch: () => undefined }
  const prefilter = options.mode === 'replay' ? null : huntPrefilter(rules)
  const feed = new Feed(hunt, listener, { prefilter })
  for (const group of groups) await feed.read(group)

  const result = resultOf(
    mergeResults(hunt.finishEach(), await huntAgain(hunt.rerun, groups, options)),
  )

  return { alerts: alertsOf(result), problems, summaries: feed.summaries, lines: feed.linesRead }
}

async function threads(
  groups: readonly InputGroup[],
  options: HuntOptions,
  workers: number,
  pieceSize: number,
): Promise<Outcome> {
  const shards = Array.from({ length: workers }, () => new WorkerShard())
  try {
    for (const shard of shards) shard.start({ rulePaths: RULES, options })
    const rules = await compiled(options)
    // the inputs are small: the workers would join only once this thread has read them all
    for (const shard of shards) shard.expect(rules)
    await Promise.all(shards.map((shard) => shard.whenReady()))
    const problems: InputProblem[] = []
    const listener = {
      onProblem: (p: InputProblem) => problems.push(p),
      onProgress: () => undefined,
    }
    const stdin = Readable.from([])
    const request = { rules, options, groups, shards, stdin, pieceSize }
    const outcome = await huntOnThreads(request, listener)
    const again = await huntAgain(outcome.hunt.rerun, groups, options)
    const result = resultOf(mergeResults(outcome.hunt.finishEach(), again))
    const { summaries, lines } = outcome
    for (const shard of shards) assert.ok(shard.tasks > 0, 'every worker hunts')

    return { alerts: alertsOf(result), problems, summaries, lines }
  } finally {
    await Promise.all(shards.map((shard) => shard.close()))
  }
}

describe('hunting on threads', () => {
  const groups: InputGroup[] = [
    { paths: [MIXED, BULK] },
    { paths: [AUTH, join(folder, 'missing.ndjson')], index: 'logs-auth' },
    { paths: [ARRAY] },
  ]
  const cases: [name: string, options: HuntOptions, workers: number, pieceSize: number][] = [
    ['one worker, 100-byte pieces', { mode: 'all', now: NOW, rereadable: true }, 1, 100],
    ['two workers, 300-byte pieces', { mode: 'all', now: NOW, rereadable: true }, 2, 300],
    ['two workers, replayed', { mode: 'replay', now: NOW, rereadable: true }, 2, 200],
  ]
  for (const [name, options, workers, pieceSize] of cases) {
    test(`${name}: the alerts, problems and summaries of one thread`, async () => {
      const one = await oneThread(groups, options)
      const many = await threads(groups, options, workers, pieceSize)
      assert.ok(one.alerts.length > 5, 'the examples alert')
      // the prefilter skips the malformed lines unread, unless replaying
      assert.ok(
        one.problems.length >= (options.mode === 'replay' ? 4 : 1),
        'the inputs have problems',
      )
      assert.deepEqual(many.alerts, one.alerts)
      assert.deepEqual(many.problems, one.problems)
      assert.deepEqual(many.summaries, one.summaries)
      assert.equal(many.lines, one.lines)
    })
  }
})
