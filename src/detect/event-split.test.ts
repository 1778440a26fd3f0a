import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EcsEvent } from '../ecs/index.ts'
import type { Alert } from './alert-types.ts'
import { canSplitByEvent, mergeSplitParts } from './event-split.ts'
import { Hunt } from './hunt.ts'
import type { HuntEvent, HuntOptions } from './hunt.ts'
import { compiled, eqlRule, queryRule, TEST_NOW } from './test-support.ts'

const ALL: HuntOptions = { mode: 'all', now: TEST_NOW }

const RULES = [
  queryRule('process.name:cmd.exe', { rule_id: 'split-query' }),
  queryRule('process.name:cmd.exe', {
    rule_id: 'split-override',
    timestamp_override: 'event.ingested',
  }),
  eqlRule('process where process.name == "cmd.exe"', {
    rule_id: 'split-eql',
    tiebreaker_field: 'event.sequence',
  }),
  eqlRule('sequence by host.name [process where true] [process where process.pid > 30]', {
    rule_id: 'split-sequence',
  }),
].map((rule, position) => compiled(rule, {}, position))

// equal times, events without a time, tiebreakers of both types, and the same lines read twice
function events(): HuntEvent[] {
  const once = Array.from({ length: 60 }, (_, i) => {
    const source: EcsEvent = {
      ...(i % 7 === 3 ? {} : { '@timestamp': `2026-11-20T10:0${String(i % 3)}:00Z` }),
      event: {
        category: ['process'],
        sequence: i % 4 === 0 ? `s${String(i % 3)}` : (i * 13) % 5,
        ingested: `2026-11-20T11:00:0${String(i % 4)}Z`,
      },
      host: { name: `h${String(i % 2)}` },
      process: { name: i % 5 === 0 ? 'certutil.exe' : 'cmd.exe', pid: i },
    }

    return { source, file: 'mem.ndjson', line: i + 1 }
  })

  return [...once, ...once]
}

function alertIds(alerts: readonly Alert[]): string[] {
  return alerts.map((alert) => `${String(alert.rulePosition)} ${alert.id}`)
}

function huntOnParts(count: number): Alert[] {
  const results = Array.from({ length: count }, (_, part) => {
    const hunt = new Hunt(RULES, ALL, { part, count })
    for (const event of events()) hunt.push(event)

    return hunt.finishEach()
  })

  return RULES.flatMap((rule, position) => {
    const parts = results.map((result) => result[position])
    if (!canSplitByEvent(rule, 'all')) return parts[0]?.alerts ?? []

    return mergeSplitParts(
      parts.map((part) => ({ alerts: part?.alerts ?? [], orders: part?.orders ?? [] })),
      rule.plan !== null,
    )
  })
}

describe('hunts split by event', () => {
  test('query rules and EQL event queries split; sequences and replay do not', () => {
    assert.deepEqual(
      RULES.map((rule) => canSplitByEvent(rule, 'all')),
      [true, true, true, false],
    )
    assert.equal(canSplitByEvent(RULES[0] ?? assert.fail(), 'replay'), false)
  })

  const whole = new Hunt(RULES, ALL)
  for (const event of events()) whole.push(event)
  const expected = alertIds(whole.finish().alerts)

  for (const count of [2, 3, 5]) {
    test(`${String(count)} parts merge into one thread's alerts, in its order`, () => {
      assert.ok(expected.length > 100)
      assert.deepEqual(alertIds(huntOnParts(count)), expected)
    })
  }

  test('each part finds only the split rules’ alerts of its own events', () => {
    const hunt = new Hunt(RULES, ALL, { part: 1, count: 2 })
    for (const event of events()) hunt.push(event)
    const [query, , , sequence] = hunt.finishEach()

    assert.ok(query !== undefined && sequence !== undefined)
    assert.ok(query.alerts.length > 0)
    assert.ok(query.alerts.length < expected.filter((id) => id.startsWith('0 ')).length)
    assert.equal(query.orders?.length, query.alerts.length)
    assert.equal(sequence.orders, undefined)
  })
})
