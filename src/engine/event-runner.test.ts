import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { PipePlan } from '../compile/index.ts'
import type { EngineEvent } from './engine-event.ts'
import { EventRunner } from './event-runner.ts'
import type { RunnerOptions } from './runner-types.ts'
import { engineEvents, eventPlan, fieldIs, shuffled } from './test-fixtures.ts'

// 20 events over 10 timestamps (pairs share a millisecond), every third one a match
const SOURCES = Array.from({ length: 20 }, (_, i) => ({
  '@timestamp': `2024-01-01T00:00:${String(Math.floor(i / 2)).padStart(2, '0')}.000Z`,
  seq: i,
  id: i,
  kind: i % 3 === 0 ? 'hit' : 'miss',
}))
const HITS = [0, 3, 6, 9, 12, 15, 18]

function run(pipes: readonly PipePlan[], options: RunnerOptions, events: readonly EngineEvent[]) {
  const runner = new EventRunner(eventPlan(fieldIs('kind', 'hit'), pipes), options)
  for (const event of events) runner.push(event)
  const results = runner.finish()
  assert.equal(results.kind, 'events')

  return { ids: results.events.map((e) => e.source['id']), total: results.total, runner }
}

const head = (count: number): PipePlan => ({ name: 'head', count })
const tail = (count: number): PipePlan => ({ name: 'tail', count })

describe('EventRunner', () => {
  const table: [string, PipePlan[], RunnerOptions, number[]][] = [
    ['no pipes and no size', [], {}, HITS],
    ['head 3', [head(3)], {}, [0, 3, 6]],
    ['tail 2', [tail(2)], {}, [15, 18]],
    ['head 4 | tail 2', [head(4), tail(2)], {}, [6, 9]],
    ['tail 5 | head 2', [tail(5), head(2)], {}, [6, 9]],
    ['head 100', [head(100)], {}, HITS],
    ['head 0', [head(0)], {}, []],
    ['size 2 (default tail)', [], { size: 2 }, [15, 18]],
    ['size 2 head', [], { size: 2, resultPosition: 'head' }, [0, 3]],
    ['head 5 with size 2', [head(5)], { size: 2, resultPosition: 'tail' }, [0, 3]],
    ['tail 5 with size 2', [tail(5)], { size: 2, resultPosition: 'head' }, [15, 18]],
  ]
  for (const [name, pipes, options, expected] of table) {
    test(`returns ${name} in order whatever the input order`, () => {
      const events = engineEvents(SOURCES)
      for (const seed of [1, 2, 3]) {
        const result = run(pipes, options, shuffled(events, seed))
        assert.deepEqual(result.ids, expected)
        assert.equal(result.total, HITS.length)
      }
    })
  }

  test('orders same-millisecond events by the tiebreaker, then input order', () => {
    const sources = [
      { '@timestamp': 5, seq: 2, id: 'b', kind: 'hit' },
      { '@timestamp': 5, id: 'd', kind: 'hit' },
      { '@timestamp': 5, seq: 1, id: 'a', kind: 'hit' },
      { '@timestamp': 4, seq: 9, id: 'first', kind: 'hit' },
      { '@timestamp': 5, id: 'e', kind: 'hit' },
    ]
    assert.deepEqual(run([], {}, engineEvents(sources)).ids, ['first', 'a', 'b', 'd', 'e'])
  })

  test('keeps only what the first pipe can return', () => {
    const many = engineEvents(
      Array.from({ length: 5000 }, (_, i) => ({
        '@timestamp': 5000 - i,
        seq: i,
        id: i,
        kind: 'hit',
      })),
    )
    const result = run([tail(3)], {}, many)
    assert.deepEqual(result.ids, [2, 1, 0])
    assert.equal(result.total, 5000)
    assert.ok(
      result.runner.stats.peakBuffered <= 2 * 3 + 65,
      `peak ${result.runner.stats.peakBuffered}`,
    )
    assert.equal(result.runner.stats.pushed, 5000)
  })

  test('takes events the caller already matched without testing them again', () => {
    const runner = new EventRunner(eventPlan(fieldIs('kind', 'hit'), []), {})
    const events = engineEvents(SOURCES)
    for (const event of events.slice(0, 3)) runner.pushMatch(event)
    for (const event of events.slice(3)) runner.push(event)
    const results = runner.finish()
    assert.equal(results.kind, 'events')
    assert.deepEqual(
      results.events.map((e) => e.source['id']),
      [0, 1, 2, ...HITS.slice(1)],
    )
    assert.equal(runner.stats.pushed, SOURCES.length)
  })
})
