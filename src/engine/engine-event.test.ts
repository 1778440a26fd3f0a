import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseTimestamp, toEngineEvent } from './engine-event.ts'

describe('parseTimestamp', () => {
  const cases: [unknown, number][] = [
    ['2022-05-04T12:00:00.000Z', Date.UTC(2022, 4, 4, 12)],
    ['2022-05-04T12:00:00Z', Date.UTC(2022, 4, 4, 12)],
    ['2022-05-04T12:00:00.1Z', Date.UTC(2022, 4, 4, 12, 0, 0, 100)],
    ['2022-05-04T12:00:00.123456789Z', Date.UTC(2022, 4, 4, 12, 0, 0, 123)],
    ['2022-05-04T12:00:00.999999Z', Date.UTC(2022, 4, 4, 12, 0, 0, 999)],
    ['2022-05-04T14:30:00+02:30', Date.UTC(2022, 4, 4, 12)],
    ['2022-05-04T10:00:00-0200', Date.UTC(2022, 4, 4, 12)],
    ['2022-05-04T12:00:00', Date.UTC(2022, 4, 4, 12)],
    ['2022-05-04 12:00', Date.UTC(2022, 4, 4, 12)],
    ['2022-12-17', Date.UTC(2022, 11, 17)],
    ['0050-01-01T00:00:00Z', -60589296000000],
    ['0050-01-01T00:00:00.000Z', -60589296000000],
    ['2024-02-29T12:34:56.789Z', Date.UTC(2024, 1, 29, 12, 34, 56, 789)],
    // out-of-range parts roll over, in the millisecond shape as in the others
    ['2026-02-30T00:00:00.000Z', Date.UTC(2026, 2, 2)],
    ['2026-13-01T00:00:00.000Z', Date.UTC(2027, 0, 1)],
    ['2026-01-01T24:00:00.000Z', Date.UTC(2026, 0, 2)],
    ['2026-01-01T23:59:60.000Z', Date.UTC(2026, 0, 2)],
    ['2026-01-01T10:61:00.000Z', Date.UTC(2026, 0, 1, 11, 1)],
    ['2026-01-00T00:00:00.000Z', Date.UTC(2025, 11, 31)],
    [1516116808349, 1516116808349],
    [1.9, 1],
    ['1', 1],
    ['1671235200000', 1671235200000],
    ['yesterday', Number.NaN],
    ['2022-13', Number.NaN],
    [null, Number.NaN],
    [true, Number.NaN],
    [Number.POSITIVE_INFINITY, Number.NaN],
  ]
  for (const [input, expected] of cases) {
    test(`reads ${JSON.stringify(input)}`, () => {
      assert.equal(parseTimestamp(input), expected)
    })
  }

  test('reads each text afresh when texts alternate', () => {
    const texts = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', 'later']
    const read = [...texts, ...texts].map(parseTimestamp)
    assert.deepEqual(read, [
      1767225600000,
      1767225601000,
      Number.NaN,
      1767225600000,
      1767225601000,
      Number.NaN,
    ])
  })
})

describe('toEngineEvent', () => {
  test('reads @timestamp and the tiebreaker field, dotted or nested', () => {
    const event = toEngineEvent(
      { '@timestamp': '2020-01-01T00:00:00Z', event: { sequence: 7 } },
      { ordinal: 3, tiebreakerField: 'event.sequence' },
    )
    assert.equal(event.timestamp, Date.UTC(2020, 0, 1))
    assert.equal(event.tiebreaker, 7)
    assert.equal(event.ordinal, 3)
    assert.equal('id' in event, false)
  })

  test('uses a configured timestamp field and carries id and index', () => {
    const event = toEngineEvent(
      { ts: 5, '@timestamp': 9 },
      { ordinal: 0, timestampField: 'ts', id: 'a', index: 'logs' },
    )
    assert.equal(event.timestamp, 5)
    assert.equal(event.tiebreaker, null)
    assert.equal(event.id, 'a')
    assert.equal(event.index, 'logs')
  })

  test('gives NaN without a timestamp and null without a tiebreaker value', () => {
    const event = toEngineEvent({ seq: { nested: 1 } }, { ordinal: 0, tiebreakerField: 'seq' })
    assert.ok(Number.isNaN(event.timestamp))
    assert.equal(event.tiebreaker, null)
  })

  test('takes the first value of a multi-valued timestamp', () => {
    const event = toEngineEvent({ '@timestamp': [3, 4] }, { ordinal: 0 })
    assert.equal(event.timestamp, 3)
  })
})
