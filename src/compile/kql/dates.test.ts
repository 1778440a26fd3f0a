import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { parseDateInterval, parseDateValue } from './dates.ts'

const NOW = Date.parse('2026-03-15T10:00:00Z')

describe('parseDateInterval', () => {
  const cases: [string, string, string][] = [
    ['2024', '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-01-01', '2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z'],
    ['2024-01-01T10', '2024-01-01T10:00:00.000Z', '2024-01-01T11:00:00.000Z'],
    ['2024-01-01T10:00', '2024-01-01T10:00:00.000Z', '2024-01-01T10:01:00.000Z'],
    ['2024-01-01T10:00:00.5Z', '2024-01-01T10:00:00.500Z', '2024-01-01T10:00:00.600Z'],
    ['2024-01-01T10:00:00-0130', '2024-01-01T11:30:00.000Z', '2024-01-01T11:30:01.000Z'],
    ['1700000000000', '2023-11-14T22:13:20.000Z', '2023-11-14T22:13:20.001Z'],
    ['now', '2026-03-15T10:00:00.000Z', '2026-03-15T10:00:00.001Z'],
    ['now-30d/d', '2026-02-13T00:00:00.000Z', '2026-02-14T00:00:00.000Z'],
    ['now/w', '2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
    ['now+1M/M', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
    ['now-1y', '2025-03-15T10:00:00.000Z', '2025-03-15T10:00:00.001Z'],
    ['2024-01-31||+1M', '2024-02-29T00:00:00.000Z', '2024-02-29T00:00:00.001Z'],
  ]
  for (const [text, start, end] of cases) {
    test(`${text} covers [${start}, ${end})`, () => {
      const interval = parseDateInterval(text, NOW)
      assert.ok(interval !== null)
      assert.deepEqual(
        [new Date(interval.start).toISOString(), new Date(interval.end).toISOString()],
        [start, end],
      )
    })
  }

  for (const text of [
    'yesterday',
    '2024-13-01',
    '2024-02-30',
    '24-01-01',
    'now-1x',
    '2024-01-01 10:00',
  ]) {
    test(`${JSON.stringify(text)} is not a date`, () => {
      assert.equal(parseDateInterval(text, NOW), null)
    })
  }
})

describe('parseDateValue', () => {
  const cases: [unknown, number | null][] = [
    ['2024-01-01T00:00:00Z', Date.UTC(2024, 0, 1)],
    [1704067200000, 1704067200000],
    ['1704067200000', 1704067200000],
    ['2024-01-01T00:00:00.123456Z', Date.UTC(2024, 0, 1) + 123],
    [true, null],
    ['n/a', null],
  ]
  for (const [value, expected] of cases) {
    test(`${JSON.stringify(value)} is ${expected ?? 'not indexed'}`, () => {
      assert.equal(parseDateValue(value), expected)
    })
  }
})
