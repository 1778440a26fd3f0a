import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { mergeInOrder } from './hunt-result.ts'
import type { RuleResult } from './hunt-result.ts'

// a result stands here for its rule position alone
function results(...positions: number[]): RuleResult[] {
  return positions.map((position) => ({ rule: { position } }) as unknown as RuleResult)
}

function positionsOf(merged: Iterable<RuleResult>): number[] {
  return [...merged].map((result) => result.rule.position)
}

function nextPosition(results: Iterator<RuleResult>): number | undefined {
  const next = results.next()

  return next.done === true ? undefined : next.value.rule.position
}

describe('mergeInOrder', () => {
  const cases: [name: string, first: number[], again: number[]][] = [
    ['nothing run again', [0, 1, 4], []],
    ['rules run again before, between and after', [2, 3, 6], [0, 1, 4, 7, 9]],
    ['only rules run again', [], [3, 5]],
  ]
  for (const [name, first, again] of cases) {
    test(`${name}: one list in rule order`, () => {
      const expected = [...first, ...again].sort((a, b) => a - b)
      assert.deepEqual(positionsOf(mergeInOrder(results(...first), results(...again))), expected)
    })
  }

  test('takes the first results one at a time, as they are built', () => {
    const built: number[] = []
    function* lazily(): Generator<RuleResult> {
      for (const result of results(1, 3)) {
        built.push(result.rule.position)
        yield result
      }
    }
    const merged = mergeInOrder(lazily(), results(0, 2))
    assert.equal(nextPosition(merged), 0)
    assert.deepEqual(built, [1])
    assert.equal(nextPosition(merged), 1)
    assert.equal(nextPosition(merged), 2)
    assert.deepEqual(built, [1, 3])
  })
})
