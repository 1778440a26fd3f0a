import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { RuleBatch } from './rule-batch.ts'
import type { CompiledRule } from './compile-rule.ts'

// only the position is read: a stand-in rule per position
const rule = (position: number): CompiledRule => ({ position }) as CompiledRule

function drained(batch: RuleBatch<string>): string[] {
  const seen: string[] = []
  batch.drain((r, item) => seen.push(`${String(r.position)}:${item}`))

  return seen
}

describe('RuleBatch', () => {
  const cases: { name: string; adds: [number, string][]; expected: string[] }[] = [
    { name: 'nothing waiting', adds: [], expected: [] },
    {
      name: 'rule by rule, in the order rules first got an item',
      adds: [
        [2, 'a'],
        [0, 'a'],
        [2, 'b'],
        [1, 'b'],
        [0, 'c'],
      ],
      expected: ['2:a', '2:b', '0:a', '0:c', '1:b'],
    },
    {
      name: "each rule's items in the order they were added",
      adds: [
        [3, 'e1'],
        [3, 'e2'],
        [3, 'e3'],
      ],
      expected: ['3:e1', '3:e2', '3:e3'],
    },
  ]
  for (const { name, adds, expected } of cases) {
    test(name, () => {
      const batch = new RuleBatch<string>(4)
      for (const [position, item] of adds) batch.add(rule(position), item)
      assert.deepEqual(drained(batch), expected)
    })
  }

  test('is empty after a drain and fills again', () => {
    const batch = new RuleBatch<string>(2)
    batch.add(rule(1), 'x')
    drained(batch)
    assert.deepEqual(drained(batch), [])
    batch.add(rule(0), 'y')
    batch.add(rule(1), 'z')
    assert.deepEqual(drained(batch), ['0:y', '1:z'])
  })

  test('refuses a rule beyond its size', () => {
    assert.throws(() => {
      new RuleBatch<string>(2).add(rule(2), 'x')
    }, RangeError)
  })
})
