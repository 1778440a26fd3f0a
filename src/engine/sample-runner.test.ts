import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EcsEvent } from '../ecs/index.ts'
import type { RunnerOptions } from './runner-types.ts'
import { SampleRunner } from './sample-runner.ts'
import { engineEvents, fieldIs, samplePlan, shuffled } from './test-fixtures.ts'
import type { SamplePlan } from '../compile/index.ts'

const SOURCES: EcsEvent[] = [
  { id: 1, kind: 'alert', os: 'win' },
  { id: 2, kind: 'alert', os: 'win' },
  { id: 3, kind: 'login', os: 'win' },
  { id: 4, kind: 'alert', os: 'linux' },
  { id: 5, kind: 'login', os: 'linux' },
  { id: 6, kind: 'alert', os: null },
  { id: 7, kind: 'login' },
  { id: 8, kind: 'login', os: 'mac' },
  { id: 9, kind: 'alert', os: ['win', 'bsd'] },
  { id: 10, kind: 'login', os: 'bsd' },
]

function run(plan: SamplePlan, options: RunnerOptions = {}) {
  const runner = new SampleRunner(plan, options)
  for (const event of engineEvents(SOURCES)) runner.push(event)
  const results = runner.finish()
  assert.equal(results.kind, 'sequences')

  return {
    samples: results.sequences.map((s) =>
      s.events.map((e) => ('missing' in e ? -1 : e.source['id'])),
    ),
    keys: results.sequences.map((s) => s.joinKeys),
    total: results.total,
    runner,
  }
}

const alertThenLogin = (by: string) =>
  samplePlan([by], [{ where: fieldIs('kind', 'alert') }, { where: fieldIs('kind', 'login') }])

describe('SampleRunner', () => {
  test('takes one event per filter, sorted by join keys, excluding null non-optional keys', () => {
    const result = run(alertThenLogin('os'))
    assert.deepEqual(result.keys, [['bsd'], ['linux'], ['win']])
    assert.deepEqual(result.samples, [
      [9, 10],
      [4, 5],
      [1, 3],
    ])
  })

  test('lets optional keys be null, sorting null first', () => {
    const result = run(alertThenLogin('?os'))
    assert.deepEqual(result.keys, [[null], ['bsd'], ['linux'], ['win']])
    assert.deepEqual(result.samples[0], [6, 7])
  })

  test('returns up to max_samples_per_key samples of distinct combinations', () => {
    const result = run(alertThenLogin('os'), { maxSamplesPerKey: 5 })
    assert.deepEqual(result.samples, [
      [9, 10],
      [4, 5],
      [1, 3],
      [2, 3],
      [9, 3],
    ])
    assert.equal(result.total, 5)
  })

  test('never uses one event twice in a sample', () => {
    const plan = samplePlan(['os'], [{ where: () => true }, { where: () => true }])
    const result = run(plan, { maxSamplesPerKey: 2 })
    for (const sample of result.samples) assert.notEqual(sample[0], sample[1])
    assert.deepEqual(result.keys.map(String), ['bsd', 'bsd', 'linux', 'linux', 'win', 'win'])
  })

  test('limits the number of samples with size', () => {
    assert.deepEqual(run(alertThenLogin('os'), { size: 2 }).keys, [['bsd'], ['linux']])
    assert.deepEqual(run(alertThenLogin('os'), { size: 0 }).samples, [])
  })

  test('joins filters on their own keys positionally', () => {
    const plan = samplePlan(
      [],
      [
        { where: fieldIs('kind', 'alert'), by: ['os'] },
        { where: fieldIs('kind', 'login'), by: ['id'] },
      ],
    )
    assert.deepEqual(run(plan).samples, [])
  })

  test('picks the same events for shuffled input when a tiebreaker orders them', () => {
    const ordered = engineEvents(SOURCES.map((source) => ({ ...source, seq: source['id'] })))
    const pick = (events: typeof ordered) => {
      const runner = new SampleRunner(alertThenLogin('os'), { maxSamplesPerKey: 3 })
      for (const event of events) runner.push(event)

      const results = runner.finish()

      return results.kind === 'sequences'
        ? results.sequences.map((sample) =>
            sample.events.map((e) => ('source' in e ? e.source['id'] : -1)),
          )
        : []
    }
    const expected = pick(ordered)
    for (const seed of [1, 2, 3]) {
      const reordered = shuffled(ordered, seed).map((event, ordinal) => ({ ...event, ordinal }))
      assert.deepEqual(pick(reordered), expected)
    }
  })

  test('keeps per key and filter only the events it could pick', () => {
    const runner = new SampleRunner(alertThenLogin('os'))
    const many = engineEvents(
      Array.from({ length: 1000 }, (_, i) => ({ id: i, kind: i % 2 ? 'alert' : 'login', os: 'x' })),
    )
    for (const event of many) runner.push(event)
    assert.ok(runner.stats.peakBuffered <= 4, `peak ${runner.stats.peakBuffered}`)
    const results = runner.finish()
    assert.deepEqual(
      results.kind === 'sequences'
        ? results.sequences[0]?.events.map((e) => ('source' in e ? e.source['id'] : -1))
        : [],
      [1, 0],
    )
  })
})
