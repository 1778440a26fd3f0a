import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Ancestor } from './ids.ts'
import { buildingBlockIds, shellAlertId } from './ids.ts'
import { compiled, eqlRule, field, processEvent, runHunt } from './test-support.ts'

const QUERY =
  'sequence by host.name [process where process.name == "a.exe"] [process where process.name == "b.exe"]'

describe('sequence alerts', () => {
  const rule = compiled(
    eqlRule(QUERY, {
      severity: 'low',
      severity_mapping: [
        { field: 'host.name', operator: 'equals', value: 'h1', severity: 'critical' },
      ],
    }),
  )
  const events = [
    {
      source: processEvent('2026-11-20T10:00:00Z', {
        process: { name: 'a.exe' },
        user: { name: 'u' },
      }),
      file: 'f',
      line: 1,
      index: 'logs',
      id: 'e1',
    },
    {
      source: processEvent('2026-11-20T10:00:05Z', {
        process: { name: 'b.exe' },
        user: { name: 'u' },
      }),
      file: 'f',
      line: 2,
      index: 'logs',
      id: 'e2',
    },
  ]
  const alerts = runHunt([rule], events).alerts
  const [shell, first, second] = alerts

  test('one sequence gives the shell then one building block per event', () => {
    assert.equal(alerts.length, 3)
    assert.equal(field(shell, 'kibana.alert.group.index'), undefined)
    assert.deepEqual(
      [field(first, 'kibana.alert.group.index'), field(second, 'kibana.alert.group.index')],
      [0, 1],
    )
  })

  test('building block ids hash all blocks, the rule and the position; the shell id is the group id', () => {
    const blockAncestors: Ancestor[][] = [
      [{ id: 'e1', type: 'event', index: 'logs', depth: 0 }],
      [{ id: 'e2', type: 'event', index: 'logs', depth: 0 }],
    ]
    const ids = buildingBlockIds(blockAncestors, rule.uuid)
    assert.deepEqual([first?.id, second?.id], ids)
    const shellAncestors = field(shell, 'kibana.alert.ancestors') as Ancestor[]
    assert.deepEqual(shellAncestors, [
      { id: 'e1', type: 'event', index: 'logs', depth: 0 },
      { id: ids[0], type: 'signal', index: '', depth: 1, rule: rule.uuid },
      { id: 'e2', type: 'event', index: 'logs', depth: 0 },
      { id: ids[1], type: 'signal', index: '', depth: 1, rule: rule.uuid },
    ])
    assert.equal(shell?.id, shellAlertId(shellAncestors, rule.uuid))
    for (const alert of alerts) assert.equal(field(alert, 'kibana.alert.group.id'), shell?.id)
  })

  test('depths: blocks 1, shell 2', () => {
    assert.deepEqual(
      alerts.map((a) => field(a, 'kibana.alert.depth')),
      [2, 1, 1],
    )
  })

  test('blocks are building blocks without overrides; the shell gets them', () => {
    assert.deepEqual(
      alerts.map((a) => field(a, 'kibana.alert.building_block_type')),
      [undefined, 'default', 'default'],
    )
    assert.deepEqual(
      alerts.map((a) => field(a, 'kibana.alert.severity')),
      ['critical', 'low', 'low'],
    )
  })

  test('the shell keeps only the fields every event shares', () => {
    assert.deepEqual(shell?.document.host, { name: 'h1', os: { type: 'windows' } })
    assert.deepEqual(shell?.document.user, { name: 'u' })
    assert.equal(shell?.document.process, undefined)
    assert.equal(field(shell, 'kibana.alert.original_time'), undefined)
    assert.equal(
      field(shell, 'kibana.alert.reason'),
      'process event by u on h1 created critical alert Test Rule.',
    )
    assert.equal(
      field(first, 'kibana.alert.reason'),
      'process event with process a.exe, by u on h1 created low alert Test Rule.',
    )
  })

  test('exceptions remove events before sequences match', () => {
    const noB = compiled(
      eqlRule(QUERY, {
        filters: [{ meta: { negate: true }, query: { match_phrase: { 'process.name': 'b.exe' } } }],
      }),
    )
    assert.equal(runHunt([noB], events).alerts.length, 0)
  })
})
