import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { addDateUnits, floorToDateUnit, isoDateParser, isoZoneOffsetMs } from './index.ts'
import type { DateUnit, IsoDateSyntax } from './index.ts'

const iso = (text: string): number => Date.parse(text)

describe('isoDateParser', () => {
  const cases: [text: string, syntax: IsoDateSyntax, base: string, unitEnd: string][] = [
    ['2024', {}, '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-02', {}, '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-02-29', {}, '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-01-01T10', {}, '2024-01-01T10:00:00.000Z', '2024-01-01T11:00:00.000Z'],
    ['2024-01-01T10:30', {}, '2024-01-01T10:30:00.000Z', '2024-01-01T10:31:00.000Z'],
    ['2024-01-01T10:30:05Z', {}, '2024-01-01T10:30:05.000Z', '2024-01-01T10:30:06.000Z'],
    ['2024-01-01T10:00+05', {}, '2024-01-01T05:00:00.000Z', '2024-01-01T05:01:00.000Z'],
    ['2024-01-01T10:00-01:30', {}, '2024-01-01T11:30:00.000Z', '2024-01-01T11:31:00.000Z'],
    [
      '2024-01-01 10:00',
      { allowsSpace: true },
      '2024-01-01T10:00:00.000Z',
      '2024-01-01T10:01:00.000Z',
    ],
    ['0050-06', {}, '0050-06-01T00:00:00.000Z', '0050-07-01T00:00:00.000Z'],
    [
      '+12345-01',
      { hasExtendedYears: true },
      '+012345-01-01T00:00:00.000Z',
      '+012345-02-01T00:00:00.000Z',
    ],
  ]
  for (const [text, syntax, base, unitEnd] of cases) {
    test(`${text} starts at ${base} and its unit ends at ${unitEnd}`, () => {
      const date = isoDateParser(syntax)(text)
      assert.deepEqual(date, { base: iso(base), fractionMs: 0, unitEnd: iso(unitEnd) })
    })
  }

  test('2024-01-01T10:00:00.1239Z keeps the fraction text and its whole milliseconds', () => {
    const date = isoDateParser()('2024-01-01T10:00:00.1239Z')
    assert.equal(date?.fraction, '1239')
    assert.equal(date.fractionMs, 123)
    assert.equal(date.base, iso('2024-01-01T10:00:00Z'))
  })

  const rejected: [text: string, syntax: IsoDateSyntax][] = [
    ['2024-13', {}],
    ['2023-02-29', {}],
    ['2024-02-30T00:00:00.5Z', {}],
    ['2024-01-01T24', {}],
    ['2024-01-01T10:60', {}],
    ['2024-01-01T10:00:60', {}],
    ['2024-01-01 10:00', {}],
    ['2024-01-01T10:00+05', { needsZoneMinutes: true }],
    ['+12345-01', {}],
    ['24-01-01', {}],
    ['yesterday', {}],
  ]
  for (const [text, syntax] of rejected) {
    test(`${text} with ${JSON.stringify(syntax)} is not a date`, () => {
      assert.equal(isoDateParser(syntax)(text), null)
    })
  }
})

describe('date units', () => {
  const NOW = iso('2024-03-15T10:37:12.345Z')
  const adds: [amount: number, unit: DateUnit, from: number, expected: string][] = [
    [1, 'M', iso('2024-01-31T08:00:00Z'), '2024-02-29T08:00:00.000Z'],
    [-1, 'y', iso('2024-02-29T00:00:00Z'), '2023-02-28T00:00:00.000Z'],
    [13, 'M', NOW, '2025-04-15T10:37:12.345Z'],
    [-2, 'w', NOW, '2024-03-01T10:37:12.345Z'],
    [90, 'm', NOW, '2024-03-15T12:07:12.345Z'],
    [-500, 'ms', NOW, '2024-03-15T10:37:11.845Z'],
  ]
  for (const [amount, unit, from, expected] of adds) {
    test(`${new Date(from).toISOString()} plus ${amount}${unit} is ${expected}`, () => {
      assert.equal(new Date(addDateUnits(from, amount, unit)).toISOString(), expected)
    })
  }

  const floors: [unit: DateUnit, expected: string][] = [
    ['y', '2024-01-01T00:00:00.000Z'],
    ['M', '2024-03-01T00:00:00.000Z'],
    ['w', '2024-03-11T00:00:00.000Z'],
    ['d', '2024-03-15T00:00:00.000Z'],
    ['h', '2024-03-15T10:00:00.000Z'],
    ['s', '2024-03-15T10:37:12.000Z'],
  ]
  for (const [unit, expected] of floors) {
    test(`a friday floored to ${unit} is ${expected}`, () => {
      assert.equal(new Date(floorToDateUnit(NOW, unit)).toISOString(), expected)
    })
  }
})

describe('isoZoneOffsetMs', () => {
  const cases: [zone: string | undefined, expected: number][] = [
    [undefined, 0],
    ['Z', 0],
    ['z', 0],
    ['+05', 5 * 3_600_000],
    ['-0130', -90 * 60_000],
    ['+05:45', 345 * 60_000],
  ]
  for (const [zone, expected] of cases) {
    test(`${zone ?? 'no zone'} is ${expected} ms`, () => {
      assert.equal(isoZoneOffsetMs(zone), expected)
    })
  }
})
