import assert from 'node:assert/strict'
import { test } from 'node:test'
import { counted } from './counted.ts'

const CASES: readonly [count: number, noun: string, plural: string | undefined, text: string][] = [
  [0, 'rule', undefined, '0 rules'],
  [1, 'rule', undefined, '1 rule'],
  [2, 'file', undefined, '2 files'],
  [1, 'match', 'matches', '1 match'],
  [3, 'match', 'matches', '3 matches'],
  [1_000_000, 'event', undefined, '1000000 events'],
]

for (const [count, noun, plural, text] of CASES) {
  test(`${String(count)} ${noun} reads "${text}"`, () => {
    assert.equal(counted(count, noun, plural), text)
  })
}
