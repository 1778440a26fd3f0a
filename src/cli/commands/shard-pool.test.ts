import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  compileRules,
  Hunt,
  huntPrefilter,
  mergeResults,
  parseExceptionExport,
  resultOf,
} from '../../detect/index.ts'
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
const NOW = Date.parse('2026-12-01T00:00:00Z')
const folder = mkdtempSync(join(tmpdir(), 'vigil-shards-'))
after(() => {
  rmSync(folder, { recursive: true, force: true })
})
const RULES = [join(EXAMPLES, 'rules'), join(folder, 'rules')]

// a rule whose exception list leaves out one host, and the list's export
mkdirSync(join(folder, 'rules'))
write(
  'rules/shells-but-exch01.toml',
  `[rule]
author = ["Vigil"]
description = "Any shell start but on hosts the list names."
name = "Shells"
risk_score = 21
rule_id = "shards-shells"
severity = "low"
type = "query"
language = "kuery"
query = 'process.name:(cmd.exe or powershell.exe)'

[[rule.exceptions_list]]
id = "list-1"
list_id = "shard-exceptions"
namespace_type = "single"
type = "detection"
`,
)
// a rule every event matches: the alerts then list every event each thread hunted
write(
  'rules/everything.toml',
  `[rule]
author = ["Vigil"]
description = "Every event."
name = "Everything"
risk_score = 21
rule_id = "shards-everything"
severity = "low"
type = "eql"
language = "eql"
query = 'any where true'
`,
)
const EXCEPTIONS = write(
  'exceptions.ndjson',
  [
    {
      id: 'list-1',
      list_id: 'shard-exceptions',
      name: 'x',
      type: 'detection',
      namespace_type: 'single',
      description: 'x',
    },
    {
      item_id: 'exch01',
      list_id: 'shard-exceptions',
      name: 'exch01',
      type: 'simple',
      namespace_type: 'single',
      os_types: [],
      entries: [{ field: 'host.name', type: 'match', operator: 'included', value: 'exch01' }],
    },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n'),
)

// the time of the example process events' fifth line: those before it are out of range
const SINCE = Date.parse(
  (
    JSON.parse(
      readFileSync(join(EXAMPLES, 'events/process-events.ndjson'), 'utf8').split('\n')[4] ?? '{}',
    ) as {
      '@timestamp': string
    }
  )['@timestamp'],
)
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
  const exceptions = parseExceptionExport(readFileSync(EXCEPTIONS, 'utf8'), EXCEPTIONS).value

  return compileRules((await loadRules(RULES)).rules, { now: options.now, exceptions }).rules
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
  evtxSplit = { least: 0, chunks: 1 },
): Promise<Outcome> {
  const shards = Array.from({ length: workers }, () => new WorkerShard())
  try {
    for (const shard of shards)
      shard.start({ rulePaths: RULES, options, exceptionsPath: EXCEPTIONS })
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
    const request = { rules, options, groups, shards, stdin, pieceSize, evtxSplit }
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
    [
      'two workers, from a time on',
      { mode: 'all', now: NOW, since: SINCE, rereadable: true },
      2,
      150,
    ],
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
      const shells = one.alerts.filter((alert) => alert.includes('"shards-shells"'))
      assert.ok(shells.length > 0 && shells.every((alert) => !alert.includes('"exch01"')))
      assert.deepEqual(many.problems, one.problems)
      assert.deepEqual(many.summaries, one.summaries)
      assert.equal(many.lines, one.lines)
    })
  }
})

// logs of several chunks: one with a bad chunk, one whose string cache is damaged, one over 2 MiB
const EVTX = fileURLToPath(new URL('../../../../shared/corpus/evtx/', import.meta.url))
const LOGS = [
  'omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx',
  'omerbenamram-evtx/samples/security_bad_string_cache.evtx',
  'DeepBlueCLI/evtx/sliver-sysmon.evtx',
  'omerbenamram-evtx/samples/security.evtx',
].map((log) => join(EVTX, log))
const NO_EVTX = existsSync(EVTX) ? false : 'shared corpus not found at ../shared/corpus/evtx'

describe('hunting EVTX logs cut into parts of one chunk on threads', { skip: NO_EVTX }, () => {
  const cases: [name: string, options: HuntOptions][] = [
    ['all matches', { mode: 'all', now: NOW, rereadable: true }],
    ['replayed', { mode: 'replay', now: NOW, rereadable: true }],
  ]
  for (const [name, options] of cases) {
    test(`${name}: the events, problems and summaries of one thread`, async () => {
      const groups = [{ paths: LOGS }]
      const one = await oneThread(groups, options)
      const many = await threads(groups, options, 2, 1 << 20)
      assert.ok(one.problems.length > 0, 'the logs have problems')
      assert.deepEqual(many.alerts, one.alerts)
      assert.deepEqual(many.problems, one.problems)
      assert.deepEqual(many.summaries, one.summaries)
      assert.equal(many.lines, one.lines)
    })
  }
})
