import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { evaluateDateMath, parseDateMath, parseInterval } from './date-math.ts'

// a friday, so week rounding has to go back to monday the 11th
const NOW = Date.parse('2024-03-15T10:37:12.345Z')

const VALUES: readonly (readonly [text: string, expected: string, roundUp?: boolean])[] = [
  ['now', '2024-03-15T10:37:12.345Z'],
  ['now-9m', '2024-03-15T10:28:12.345Z'],
  ['now+1h', '2024-03-15T11:37:12.345Z'],
  ['now-2H', '2024-03-15T08:37:12.345Z'],
  ['now-30s', '2024-03-15T10:36:42.345Z'],
  ['now-500ms', '2024-03-15T10:37:11.845Z'],
  ['now-d', '2024-03-14T10:37:12.345Z'],
  ['now-1y', '2023-03-15T10:37:12.345Z'],
  ['now-1M', '2024-02-15T10:37:12.345Z'],
  ['now/d', '2024-03-15T00:00:00.000Z'],
  ['now/d', '2024-03-15T23:59:59.999Z', true],
  ['now-1d/d', '2024-03-14T00:00:00.000Z'],
  ['now-7d/d', '2024-03-08T00:00:00.000Z'],
  ['now/w', '2024-03-11T00:00:00.000Z'],
  ['now/M', '2024-03-01T00:00:00.000Z'],
  ['now/M', '2024-03-31T23:59:59.999Z', true],
  ['now/y', '2024-01-01T00:00:00.000Z'],
  ['now/h+30m', '2024-03-15T10:30:00.000Z'],
  ['2024-01-01||+1M/d', '2024-02-01T00:00:00.000Z'],
  ['2024-01-31||+1M', '2024-02-29T00:00:00.000Z'],
  ['2023-01-31||+1M', '2023-02-28T00:00:00.000Z'],
  ['2024-03-10T12:00:00Z||-1w', '2024-03-03T12:00:00.000Z'],
  ['2024-03-10T12:00:00+02:00', '2024-03-10T10:00:00.000Z'],
  ['2024-03-10T12:00:00.5Z||+1s', '2024-03-10T12:00:01.500Z'],
  ['1700000000000||+1s', '2023-11-14T22:13:21.000Z'],
]

const ERRORS: readonly (readonly [text: string, column: number, fragment: string])[] = [
  ['', 1, 'expected "now" or a date'],
  ['yesterday', 1, 'got "yesterday"'],
  ['2024-02-30||+1d', 1, 'got "2024-02-30"'],
  ['now-', 5, 'expected a time unit'],
  ['now-5x', 6, 'got "x"'],
  ['now*2', 4, 'got "*"'],
  ['now/2d', 5, 'got "/2"'],
]

describe('date math', () => {
  for (const [text, expected, roundUp] of VALUES) {
    test(`evaluates ${text}${roundUp === true ? ' rounding up' : ''}`, () => {
      const result = evaluateDateMath(text, NOW, { roundUp: roundUp ?? false })
      assert.ok(result.ok, JSON.stringify(result.diagnostics))
      assert.equal(new Date(result.value).toISOString(), expected)
    })
  }

  for (const [text, column, fragment] of ERRORS) {
    test(`reports "${text}" at column ${column}`, () => {
      const result = parseDateMath(text, { source: 'rule.toml' })
      assert.equal(result.ok, false)
      const [first] = result.diagnostics
      assert.equal(first?.code, 'ERR_RULE_BAD_DATE_MATH')
      assert.equal(first.span.start.column, column)
      assert.equal(first.source, 'rule.toml')
      assert.ok(first.message.includes(fragment), first.message)
    })
  }

  test('shifts diagnostics to the origin in the file', () => {
    const result = parseDateMath('now-5x', { origin: { offset: 100, line: 7, column: 9 } })
    assert.equal(result.ok, false)
    assert.deepEqual(result.diagnostics[0]?.span.start, { offset: 105, line: 7, column: 14 })
  })

  test('keeps the parsed steps in order', () => {
    const result = parseDateMath('now-1d/d')
    assert.ok(result.ok)
    assert.deepEqual(result.value.steps, [
      { kind: 'add', amount: -1, unit: 'd' },
      { kind: 'round', unit: 'd' },
    ])
  })
})

const INTERVALS: readonly (readonly [text: string, ms: number | undefined])[] = [
  ['5m', 300_000],
  ['1h', 3_600_000],
  ['30s', 30_000],
  ['1d', 86_400_000],
  ['60m', 3_600_000],
  ['250ms', undefined],
  ['5', undefined],
  ['m', undefined],
  ['0m', undefined],
  ['5 m', undefined],
  ['1w', undefined],
]

describe('interval', () => {
  for (const [text, ms] of INTERVALS) {
    test(`parses "${text}" as ${ms === undefined ? 'an error' : `${ms} ms`}`, () => {
      const result = parseInterval(text)
      if (ms === undefined) {
        assert.equal(result.ok, false)
        assert.equal(result.diagnostics[0]?.code, 'ERR_RULE_BAD_INTERVAL')
      } else {
        assert.ok(result.ok)
        assert.equal(result.value, ms)
      }
    })
  }
})
