import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { EcsEvent } from '../ecs/index.ts'
import type { Alert } from './alert-types.ts'
import type { CompiledRule } from './compile-rule.ts'
import { Hunt, mergeResults, resultOf } from './hunt.ts'
import type { HuntOptions, RuleResult } from './hunt.ts'
import { MAX_PILE } from './sequence-watch.ts'
import { judgeWatches } from './shard.ts'
import type { WatchReport, WatchVerdicts } from './shard.ts'
import { compiled, eqlRule, processEvent, queryRule, TEST_NOW } from './test-support.ts'

const START = Date.parse('2026-11-20T10:00:00Z')
const at = (seconds: number): string => new Date(START + seconds * 1000).toISOString()

const SEQUENCE = compiled(
  eqlRule(
    'sequence by host.name with maxspan=1h [process where process.name == "a.exe"] [process where process.name == "cmd.exe"]',
    { rule_id: 'sequence', name: 'sequence' },
  ),
  {},
  0,
)
const COMMANDS = compiled(
  queryRule('process.name:cmd.exe', { rule_id: 'commands', name: 'commands', max_signals: 3 }),
  {},
  1,
)
const SHELL_EQL = compiled(
  eqlRule('process where process.name : ("cmd.exe", "a.exe") and host.name != "h9"', {
    rule_id: 'eql',
    name: 'eql',
  }),
  {},
  2,
)
const RULES = [SEQUENCE, COMMANDS, SHELL_EQL]

// cmd.exe every second on two hosts, with an a.exe at 600.5 s put at `rare` in the input
function events(count: number, rare: number | null): EcsEvent[] {
  const list = Array.from({ length: count }, (_, i) =>
    processEvent(at(i), { host: { name: i % 3 === 0 ? 'h2' : 'h1' } }),
  )
  const rareEvent = processEvent(at(600.5), { process: { name: 'a.exe' } })
  if (rare !== null) list.splice(rare, 0, rareEvent)

  return list
}

interface Sharded {
  readonly alerts: readonly Alert[]
  readonly verdicts: WatchVerdicts
}

/**
 * A hunt over `shards` shards, as threads run it: the events cut into tasks of `block` events,
 * dealt out in turn, each shard numbering its events by task; then the watches judged, every
 * harvest absorbed by the first shard, and the rules to run again hunted alone.
 */
function shardedHunt(
  rules: readonly CompiledRule[],
  list: readonly EcsEvent[],
  shards: number,
  block: number,
  options: Partial<HuntOptions> = {},
): Sharded {
  const hunts = Array.from({ length: shards }, () => new Hunt(rules, huntOptions(options)))
  for (let task = 0; task * block < list.length; task++) {
    const hunt = hunts[task % shards] ?? assert.fail('no shard')
    hunt.seek(task * 2 ** 32)
    for (let k = task * block; k < Math.min(list.length, (task + 1) * block); k++)
      hunt.push({ source: list[k] ?? {}, file: 'mem.ndjson', line: k + 1 })
  }

  const reports: (readonly WatchReport[])[] = hunts.map((hunt) => hunt.watchReports())
  const verdicts = judgeWatches(reports)
  for (const hunt of hunts) hunt.settle(verdicts)
  const [main, ...others] = hunts
  if (main === undefined) throw new Error('no shard')

  for (const other of others) main.absorb(other.harvest())
  const again = singleHunt(main.rerun, list, { ...options, rereadable: false })

  return { alerts: resultOf(mergeResults(main.finishEach(), again)).alerts, verdicts }
}

function singleHunt(
  rules: readonly CompiledRule[],
  list: readonly EcsEvent[],
  options: Partial<HuntOptions> = {},
): RuleResult[] {
  if (rules.length === 0) return []

  const hunt = new Hunt(rules, huntOptions(options))
  list.forEach((source, k) => {
    hunt.push({ source, file: 'mem.ndjson', line: k + 1 })
  })
  const again = singleHunt(hunt.rerun, list, { ...options, rereadable: false })

  return mergeResults(hunt.finishEach(), again)
}

function huntOptions(options: Partial<HuntOptions>): HuntOptions {
  return { mode: 'all', now: TEST_NOW, ...options }
}

function documents(alerts: readonly Alert[]): string[] {
  return alerts.map((alert) => `${alert.id} ${JSON.stringify(alert.document)}`)
}

describe('hunting in shards', () => {
  const layouts: [shards: number, block: number][] = [
    [2, 1],
    [2, 7],
    [3, 50],
    [3, 400],
  ]
  const rares: (number | null)[] = [0, 100, 700, 1500, null]
  for (const [shards, block] of layouts) {
    for (const rare of rares) {
      test(`${String(shards)} shards of ${String(block)}-event tasks, rare step at ${String(rare)}, give one pass's alerts`, () => {
        const list = events(1500, rare)
        const one = resultOf(singleHunt(RULES, list)).alerts
        const many = shardedHunt(RULES, list, shards, block)
        assert.deepEqual(documents(many.alerts), documents(one))
        const sequences = many.alerts.filter(
          (a) => a.document['kibana.alert.rule.rule_id'] === 'sequence',
        )
        assert.equal(sequences.length > 0, rare !== null && rare <= 1500)
      })
    }
  }

  test('replayed executions cut by max_signals and overlapping windows give one pass’s alerts', () => {
    const list = events(900, 300)
    const options = { mode: 'replay' as const }
    const one = resultOf(singleHunt(RULES, list, options)).alerts
    const many = shardedHunt(RULES, list, 3, 25, options)
    assert.ok(one.length > 10)
    assert.deepEqual(documents(many.alerts), documents(one))
  })

  test('a sequence whose rare step no shard met is judged dead', () => {
    const { verdicts } = shardedHunt(RULES, events(1500, null), 2, 100)
    assert.deepEqual(verdicts, { dead: [SEQUENCE.position], rerun: [] })
  })

  test('a sequence one shard let go of events for is hunted again, with one pass’s alerts', () => {
    // more cmd.exe starts than a pile holds, in one shard, before the rare step in the other
    const list = events(MAX_PILE + 400, MAX_PILE + 300)
    const options = { rereadable: true }
    const one = resultOf(singleHunt(RULES, list, { rereadable: false })).alerts
    const many = shardedHunt(RULES, list, 2, MAX_PILE + 200, options)
    assert.deepEqual(many.verdicts, { dead: [], rerun: [SEQUENCE.position] })
    assert.deepEqual(documents(many.alerts), documents(one))
  })
})

describe('judgeWatches', () => {
  const cases: [name: string, reports: WatchReport[][], expected: WatchVerdicts][] = [
    ['no shard watches', [[], []], { dead: [], rerun: [] }],
    [
      'a step absent from every shard',
      [
        [{ position: 4, absent: 0b10, dropped: false }],
        [{ position: 4, absent: 0b11, dropped: false }],
      ],
      { dead: [4], rerun: [] },
    ],
    [
      'each shard missing another step',
      [
        [{ position: 4, absent: 0b01, dropped: false }],
        [{ position: 4, absent: 0b10, dropped: false }],
      ],
      { dead: [], rerun: [] },
    ],
    [
      'a shard that let go of events, the rule alive',
      [
        [{ position: 4, absent: 0, dropped: true }],
        [{ position: 4, absent: 0b10, dropped: false }],
      ],
      { dead: [], rerun: [4] },
    ],
    [
      'a shard that let go of events, the rule dead',
      [
        [{ position: 4, absent: 0b10, dropped: true }],
        [{ position: 4, absent: 0b10, dropped: false }],
      ],
      { dead: [4], rerun: [] },
    ],
    [
      'rules apart, in position order',
      [
        [
          { position: 9, absent: 1, dropped: false },
          { position: 2, absent: 0, dropped: true },
        ],
        [
          { position: 9, absent: 1, dropped: false },
          { position: 2, absent: 0, dropped: false },
        ],
      ],
      { dead: [9], rerun: [2] },
    ],
  ]
  for (const [name, reports, expected] of cases) {
    test(name, () => {
      assert.deepEqual(judgeWatches(reports), expected)
    })
  }
})
