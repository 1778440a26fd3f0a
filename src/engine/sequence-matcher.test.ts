import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { SequencePlan } from '../compile/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import { isMissingEvent } from './results.ts'
import type { SequenceResult } from './results.ts'
import { SequenceMatcher } from './sequence-matcher.ts'
import { engineEvents, fieldIs, sequencePlan } from './test-fixtures.ts'

/** Events `[tag, time, extra fields]`; ids are the times. */
function events(rows: readonly [string, number, Record<string, unknown>?][]) {
  return engineEvents(
    rows.map(([tag, time, extra]) => ({ '@timestamp': time, seq: time, id: time, tag, ...extra })),
  )
}

function matchAll(plan: SequencePlan, sources: ReturnType<typeof events>): SequenceResult[] {
  const matcher = new SequenceMatcher(plan)
  const out = sources.flatMap((event) => matcher.advance(event))

  return [...out, ...matcher.flush()]
}

function ids(results: readonly SequenceResult[]): (number | string)[][] {
  return results.map((r) =>
    r.events.map((e) => (isMissingEvent(e) ? '-' : (e.source['id'] as number))),
  )
}

const tag = (value: string) => fieldIs('tag', value)
const has = (field: string, value: unknown) => (event: EcsEvent) => event[field] === value

describe('SequenceMatcher', () => {
  test('joins per key and reports the join keys', () => {
    const plan = sequencePlan({ by: ['user'], steps: [{ where: tag('a') }, { where: tag('b') }] })
    const found = matchAll(
      plan,
      events([
        ['a', 1, { user: 'x' }],
        ['a', 2, { user: 'y' }],
        ['b', 3, { user: 'y' }],
        ['b', 4, { user: 'x' }],
        ['b', 5, { user: 'z' }],
      ]),
    )
    assert.deepEqual(ids(found), [
      [2, 3],
      [1, 4],
    ])
    assert.deepEqual(
      found.map((r) => r.joinKeys),
      [['y'], ['x']],
    )
  })

  test('excludes events whose non-optional key is missing and joins null optional keys', () => {
    const rows: [string, number, Record<string, unknown>?][] = [
      ['a', 1],
      ['b', 2],
      ['a', 3, { k: 1 }],
      ['b', 4, { k: 1 }],
    ]
    const strict = sequencePlan({ by: ['k'], steps: [{ where: tag('a') }, { where: tag('b') }] })
    const optional = sequencePlan({ by: ['?k'], steps: [{ where: tag('a') }, { where: tag('b') }] })
    assert.deepEqual(ids(matchAll(strict, events(rows))), [[3, 4]])
    assert.deepEqual(ids(matchAll(optional, events(rows))), [
      [1, 2],
      [3, 4],
    ])
    assert.deepEqual(matchAll(optional, events(rows))[0]?.joinKeys, [null])
  })

  test('replaces an older partial with a newer one in the same stage', () => {
    const plan = sequencePlan({ steps: [{ where: tag('a') }, { where: tag('b') }] })
    assert.deepEqual(
      ids(
        matchAll(
          plan,
          events([
            ['a', 1],
            ['a', 2],
            ['b', 3],
            ['b', 4],
          ]),
        ),
      ),
      [[2, 3]],
    )
  })

  test('lets one event extend several stages, last stage first', () => {
    const plan = sequencePlan({ steps: [{ where: () => true, runs: 3 }] })
    const found = matchAll(
      plan,
      events([
        ['x', 1],
        ['x', 2],
        ['x', 3],
        ['x', 4],
      ]),
    )
    assert.deepEqual(ids(found), [
      [1, 2, 3],
      [2, 3, 4],
    ])
  })

  test('chains same-millisecond events through the tiebreaker', () => {
    const plan = sequencePlan({ steps: [{ where: tag('a') }, { where: tag('b') }] })
    const same = engineEvents([
      { '@timestamp': 7, seq: 2, id: 2, tag: 'b' },
      { '@timestamp': 7, seq: 1, id: 1, tag: 'a' },
    ]).sort((x, y) => (x.tiebreaker as number) - (y.tiebreaker as number))
    assert.deepEqual(ids(matchAll(plan, same)), [[1, 2]])
  })

  test('expires partials after maxspan, measured from the first event', () => {
    const plan = sequencePlan({
      maxspanMs: 10,
      steps: [{ where: tag('a') }, { where: tag('b') }, { where: tag('c') }],
    })
    const rows: [string, number][] = [
      ['a', 0],
      ['b', 5],
      ['c', 11],
      ['a', 20],
      ['b', 25],
      ['c', 30],
    ]
    assert.deepEqual(ids(matchAll(plan, events(rows))), [[20, 25, 30]])
  })

  test('until kills pending partials of its key only, never completed ones', () => {
    const plan = sequencePlan({
      by: ['k'],
      steps: [{ where: tag('a') }, { where: tag('b') }],
      until: { where: tag('stop') },
    })
    const rows: [string, number, Record<string, unknown>][] = [
      ['a', 1, { k: 1 }],
      ['a', 2, { k: 2 }],
      ['stop', 3, { k: 1 }],
      ['b', 4, { k: 1 }],
      ['b', 5, { k: 2 }],
      ['stop', 6, { k: 2 }],
    ]
    assert.deepEqual(ids(matchAll(plan, events(rows))), [[2, 5]])
  })

  test('until on the completing event keeps the sequence it completes', () => {
    const plan = sequencePlan({
      steps: [{ where: tag('a') }, { where: has('n', 2) }],
      until: { where: has('n', 2) },
    })
    assert.deepEqual(
      ids(
        matchAll(
          plan,
          events([
            ['a', 1],
            ['b', 2, { n: 2 }],
          ]),
        ),
      ),
      [[1, 2]],
    )
  })

  test('fans multi-valued keys out into every combination, duplicates collapsed', () => {
    const plan = sequencePlan({ by: ['tags'], steps: [{ where: tag('a') }, { where: tag('b') }] })
    const found = matchAll(
      plan,
      events([
        ['a', 1, { tags: ['t2', 't1', 't1'] }],
        ['b', 2, { tags: ['t3', 't2', 't1', null] }],
      ]),
    )
    assert.deepEqual(
      found.map((r) => r.joinKeys),
      [['t1'], ['t2']],
    )
  })

  test('lists sequences in the order of their last event', () => {
    const plan = sequencePlan({ by: ['k'], steps: [{ where: tag('a') }, { where: tag('b') }] })
    const rows: [string, number, Record<string, unknown>][] = [
      ['a', 1, { k: 1 }],
      ['a', 2, { k: 2 }],
      ['b', 3, { k: 2 }],
      ['b', 4, { k: 1 }],
    ]
    assert.deepEqual(ids(matchAll(plan, events(rows))), [
      [2, 3],
      [1, 4],
    ])
  })

  test('drops and counts events that arrive out of order', () => {
    const plan = sequencePlan({ steps: [{ where: tag('a') }, { where: tag('b') }] })
    const matcher = new SequenceMatcher(plan)
    const [a, b, late] = events([
      ['a', 5],
      ['b', 6],
      ['a', 1],
    ])
    assert.deepEqual(ids(matcher.advance(a!)), [])
    assert.deepEqual(ids(matcher.advance(late!)), [])
    assert.deepEqual(ids(matcher.advance(b!)), [[5, 6]])
    assert.deepEqual(matcher.advance(b!), [])
    assert.equal(matcher.stats.outOfOrder, 1)
  })

  test('skips events without a timestamp', () => {
    const plan = sequencePlan({ steps: [{ where: tag('a') }, { where: tag('b') }] })
    const list = engineEvents([{ tag: 'a' }, { '@timestamp': 1, tag: 'b' }])
    assert.deepEqual(matchAll(plan, list), [])
  })
})

describe('SequenceMatcher missing steps', () => {
  const middle = sequencePlan({
    maxspanMs: 100,
    steps: [{ where: tag('n') }, { where: tag('m'), isMissing: true }, { where: tag('n') }],
  })

  test('a middle missing step vetoes a candidate with an event in its gap', () => {
    const rows: [string, number][] = [
      ['n', 1],
      ['n', 2],
      ['m', 3],
      ['n', 4],
      ['n', 5],
    ]
    assert.deepEqual(ids(matchAll(middle, events(rows))), [
      [1, '-', 2],
      [4, '-', 5],
    ])
  })

  test('a vetoed candidate still consumes its partial', () => {
    const plan = sequencePlan({
      maxspanMs: 100,
      steps: [
        { where: tag('n') },
        { where: tag('n') },
        { where: tag('m'), isMissing: true },
        { where: tag('n') },
      ],
    })
    const rows: [string, number][] = [
      ['n', 1],
      ['n', 2],
      ['m', 3],
      ['n', 4],
      ['n', 5],
    ]
    assert.deepEqual(ids(matchAll(plan, events(rows))), [[2, 4, '-', 5]])
  })

  test('a leading missing step looks back maxspan from the last event', () => {
    const plan = sequencePlan({
      maxspanMs: 10,
      steps: [{ where: tag('m'), isMissing: true }, { where: tag('n') }],
    })
    const rows: [string, number][] = [
      ['m', 0],
      ['n', 5],
      ['n', 11],
      ['m', 20],
      ['n', 30],
      ['n', 31],
    ]
    assert.deepEqual(ids(matchAll(plan, events(rows))), [
      ['-', 11],
      ['-', 31],
    ])
  })

  test('a trailing missing step holds the result until maxspan has passed', () => {
    const plan = sequencePlan({
      maxspanMs: 10,
      steps: [{ where: tag('n') }, { where: tag('m'), isMissing: true }],
    })
    const matcher = new SequenceMatcher(plan)
    const list = events([
      ['n', 0],
      ['n', 4],
      ['m', 12],
      ['x', 30],
    ])
    assert.deepEqual(matcher.advance(list[0]!), [])
    assert.deepEqual(matcher.advance(list[1]!), [])
    assert.equal(matcher.stats.pendingCompletions, 2)
    // at 12 the first result's window (0..10) is over and clean; 12 vetoes the second (4..14)
    assert.deepEqual(ids(matcher.advance(list[2]!)), [[0, '-']])
    assert.equal(matcher.stats.pendingCompletions, 1)
    assert.deepEqual(matcher.advance(list[3]!), [])
    assert.equal(matcher.stats.pendingCompletions, 0)
    assert.deepEqual(matcher.flush(), [])
  })

  test('leading and trailing missing steps veto only together inside maxspan', () => {
    const plan = (maxspanMs: number) =>
      sequencePlan({
        maxspanMs,
        steps: [
          { where: tag('m'), isMissing: true },
          { where: tag('n') },
          { where: tag('m'), isMissing: true },
        ],
      })
    const rows: [string, number][] = [
      ['m', 0],
      ['n', 10],
      ['m', 20],
      ['n', 21],
    ]
    assert.deepEqual(ids(matchAll(plan(19), events(rows))), [
      ['-', 10, '-'],
      ['-', 21, '-'],
    ])
    assert.deepEqual(ids(matchAll(plan(20), events(rows))), [['-', 21, '-']])
  })

  test('missing steps compare their own keys with the sequence keys', () => {
    const plan = sequencePlan({
      maxspanMs: 100,
      steps: [
        { where: tag('n'), by: ['k1'] },
        { where: tag('m'), by: ['k2'], isMissing: true },
        { where: tag('n'), by: ['k1'] },
      ],
    })
    const rows: [string, number, Record<string, unknown>][] = [
      ['n', 1, { k1: 'a' }],
      ['m', 2, { k2: 'b' }],
      ['n', 3, { k1: 'a' }],
      ['m', 4, { k2: 'a' }],
      ['n', 5, { k1: 'a' }],
    ]
    assert.deepEqual(ids(matchAll(plan, events(rows))), [[1, '-', 3]])
  })
})
