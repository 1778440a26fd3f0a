import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { EcsEvent } from '../ecs/index.ts'
import type { Alert } from './alert-types.ts'
import { compiled, eqlRule, field, processEvent, queryRule, runHunt } from './test-support.ts'

// a sequence whose first step is rare, over many events of its second step: after its warm-up
// the rule watches the first step alone and piles the others
const SEQUENCE = compiled(
  eqlRule(
    'sequence by host.name with maxspan=1h [process where process.name == "a.exe"] [process where process.name == "cmd.exe"]',
    { rule_id: 'sequence', name: 'sequence' },
  ),
  {},
  0,
)
// takes every cmd.exe event, so the piled events are held anyway and stay in the pile
const COMPANION = compiled(
  queryRule('process.name:cmd.exe', { rule_id: 'companion', name: 'companion' }),
  {},
  1,
)

const START = Date.parse('2026-11-20T10:00:00Z')
const at = (seconds: number): string => new Date(START + seconds * 1000).toISOString()
const COMMANDS = 1500

// cmd.exe every second, with one a.exe at 600 s put at `position` in the input (none: null)
function events(position: number | null): EcsEvent[] {
  const list = Array.from({ length: COMMANDS }, (_, i) => processEvent(at(i)))
  const rare = processEvent(at(600.5), { process: { name: 'a.exe' } })
  if (position !== null) list.splice(position, 0, rare)

  return list
}

// the times of the sequence's events, shell alerts apart
function sequenceTimes(alerts: readonly Alert[]): unknown[] {
  return alerts
    .filter((a) => field(a, 'kibana.alert.rule.rule_id') === 'sequence')
    .filter((a) => field(a, 'kibana.alert.building_block_type') === 'default')
    .map((a) => field(a, 'kibana.alert.original_time'))
}

describe('sequence watches', () => {
  const cases: [string, number | null][] = [
    ['first in the input', 0],
    ['inside the warm-up', 60],
    ['after the warm-up, in the first batch', 300],
    ['in a later batch', 1100],
    ['last', COMMANDS],
  ]
  for (const [name, position] of cases) {
    for (const withCompanion of [false, true]) {
      test(`find the sequence whatever the input order (${name}, ${withCompanion ? 'events held by another rule' : 'alone'})`, () => {
        const rules = withCompanion ? [SEQUENCE, COMPANION] : [SEQUENCE]
        const result = runHunt(rules, events(position))
        assert.deepEqual(sequenceTimes(result.alerts), [at(600.5), at(601)])
        const companion = result.alerts.filter(
          (a) => field(a, 'kibana.alert.rule.rule_id') === 'companion',
        )
        assert.equal(companion.length, withCompanion ? COMMANDS : 0)
      })
    }
  }

  test('a rule whose watched step never passes completes nothing', () => {
    const result = runHunt([SEQUENCE, COMPANION], events(null))
    assert.deepEqual(sequenceTimes(result.alerts), [])
    assert.equal(result.alerts.length, COMMANDS)
  })

  test('a replay tests every step as before', () => {
    const result = runHunt([SEQUENCE], events(1100), { mode: 'replay' })
    assert.deepEqual(sequenceTimes(result.alerts), [at(600.5), at(601)])
  })
})
