import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { PipePlan } from '../compile/index.ts'
import { applyLimits } from './pipes.ts'
import type { Limits } from './pipes.ts'

const TEN = Array.from({ length: 10 }, (_, i) => i)

describe('applyLimits', () => {
  const table: [string, PipePlan[], Limits, number[]][] = [
    ['everything without pipes or size', [], {}, TEN],
    ['the tail by default with size', [], { size: 3 }, [7, 8, 9]],
    ['the head with result position head', [], { size: 3, resultPosition: 'head' }, [0, 1, 2]],
    ['nothing with size 0', [], { size: 0 }, []],
    [
      'head then tail',
      [
        { name: 'head', count: 5 },
        { name: 'tail', count: 2 },
      ],
      {},
      [3, 4],
    ],
    ['size capping a head pipe from its end', [{ name: 'head', count: 5 }], { size: 2 }, [0, 1]],
    ['size larger than the pipe', [{ name: 'tail', count: 2 }], { size: 50 }, [8, 9]],
  ]
  for (const [name, pipes, limits, expected] of table) {
    test(`keeps ${name}`, () => {
      assert.deepEqual(applyLimits(TEN, pipes, limits), expected)
    })
  }
})
