import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { JoinValue } from '../compile/index.ts'
import { compareEvents, compareKeyTuples, compareStrings, keyId } from './order.ts'
import type { Ordered } from './order.ts'

const at = (timestamp: number, tiebreaker: string | number | null, ordinal: number): Ordered => ({
  timestamp,
  tiebreaker,
  ordinal,
})

describe('compareEvents', () => {
  const ascending: [string, Ordered, Ordered][] = [
    ['timestamp first', at(1, 9, 9), at(2, 0, 0)],
    ['then the tiebreaker', at(1, 1, 9), at(1, 2, 0)],
    ['then input order', at(1, 1, 0), at(1, 1, 1)],
    ['numbers before strings', at(1, 5, 9), at(1, 'a', 0)],
    ['strings by code point', at(1, 'B', 9), at(1, 'a', 0)],
    ['an absent tiebreaker last', at(1, 'z', 9), at(1, null, 0)],
    ['an absent timestamp last', at(9e15, null, 9), at(Number.NaN, null, 0)],
  ]
  for (const [name, first, second] of ascending) {
    test(`orders by ${name}`, () => {
      assert.ok(compareEvents(first, second) < 0)
      assert.ok(compareEvents(second, first) > 0)
    })
  }

  test('is zero only for the same position', () => {
    assert.equal(compareEvents(at(1, 1, 1), at(1, 1, 1)), 0)
  })
})

describe('key helpers', () => {
  test('keyId tells apart values of different types and ambiguous joins', () => {
    const tuples: JoinValue[][] = [
      [1],
      ['1'],
      [true],
      ['T'],
      [null],
      ['n'],
      ['a|sb', 'c'],
      ['a', 'b|sc'],
    ]
    const ids = new Set(tuples.map(keyId))
    assert.equal(ids.size, tuples.length)
    assert.equal(keyId(['x', 2]), keyId(['x', 2]))
  })

  test('compareKeyTuples puts null first, then booleans, numbers and strings', () => {
    const sorted = [['b'], [2], [null], [true], ['B'], [false], [10]].sort(compareKeyTuples)
    assert.deepEqual(sorted, [[null], [false], [true], [2], [10], ['B'], ['b']])
  })

  test('compareStrings orders astral characters after the rest of the bmp', () => {
    assert.ok(compareStrings('\u{1F600}', '\uFFFD') > 0)
    assert.ok(compareStrings('ab', 'abc') < 0)
  })
})
