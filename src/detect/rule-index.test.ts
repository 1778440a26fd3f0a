import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { cacheReadsOf } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import { RuleIndex } from './rule-index.ts'
import { compiled, eqlRule, queryRule } from './test-support.ts'

// rules of one category that need an operating system (or not), and one of any category
const RULES = [
  compiled(eqlRule('process where host.os.type == "windows" and process.name == "cmd.exe"'), {}, 0),
  compiled(
    eqlRule('process where host.os.type in ("linux", "macos") and process.name == "sh"', {
      rule_id: 'unix',
    }),
    {},
    1,
  ),
  compiled(eqlRule('process where process.name : ("cmd.exe", "sh")', { rule_id: 'any-os' }), {}, 2),
  compiled(queryRule('host.os.type:windows', { rule_id: 'bare' }), {}, 3),
  compiled(
    eqlRule('process where host.os.type == "windows" or process.name == "sh"', { rule_id: 'or' }),
    {},
    4,
  ),
]

// the rules met, the event read as the hunt reads it (its fields cached) and also without
function metBy(index: RuleIndex, event: EcsEvent): number[] {
  const runs = [true, false].map((isCached) => {
    const met: number[] = []
    cacheReadsOf(isCached ? event : null)
    index.forCandidates(event, (rule) => met.push(rule.position))
    cacheReadsOf(null)

    return met.sort((a, b) => a - b)
  })
  assert.deepEqual(runs[0], runs[1])

  return runs[0] ?? []
}

const process = (os: unknown, name: string): EcsEvent => ({
  event: { category: 'process' },
  ...(os === undefined ? {} : { host: { os: { type: os } } }),
  process: { name },
})

describe('RuleIndex partitions by host.os.type', () => {
  test('meets the rules of the event operating system, and those that name none', () => {
    const index = new RuleIndex(RULES)
    const cases: readonly (readonly [string, EcsEvent, readonly number[]])[] = [
      ['windows cmd', process('windows', 'cmd.exe'), [0, 2, 3, 4]],
      ['upper-case WINDOWS cmd', process('WINDOWS', 'CMD.EXE'), [0, 2, 3, 4]],
      ['linux sh', process('linux', 'sh'), [1, 2, 4]],
      ['macos sh', process('macos', 'sh'), [1, 2, 4]],
      ['windows sh', process('windows', 'sh'), [2, 3, 4]],
      ['an os no rule names', process('solaris', 'sh'), [2, 4]],
      ['no os', process(undefined, 'cmd.exe'), [2]],
      ['two oses', process(['linux', 'windows'], 'sh'), [1, 2, 3, 4]],
      [
        'dotted keys',
        { 'event.category': 'process', 'host.os.type': 'linux', 'process.name': 'sh' },
        [1, 2, 4],
      ],
    ]
    for (const [label, event, expected] of cases)
      assert.deepEqual(metBy(index, event), expected, label)
  })
})
