import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { KeyTuples, SequenceCandidate } from './candidate.ts'
import { toEngineEvent } from './engine-event.ts'
import { viableCandidates } from './viable-keys.ts'

// a candidate numbered `n`, with the key tuples of each of three steps (null: no match) and until
function candidate(
  n: number,
  steps: readonly (KeyTuples | null)[],
  until: KeyTuples | null = null,
): SequenceCandidate {
  return { event: toEngineEvent({ '@timestamp': n, n }, { ordinal: n }), steps, until }
}

const kept = (candidates: SequenceCandidate[], positives: readonly number[]): number[] =>
  viableCandidates(candidates, positives).map((c) => Number(c.event.source['n']))

describe('viableCandidates', () => {
  test('keeps the events of keys every positive step met, in order', () => {
    const candidates = [
      candidate(0, [[['a']], null, null]),
      candidate(1, [[['b']], null, null]),
      candidate(2, [null, [['a']], null]),
      candidate(3, [null, null, [['b']]], [['b']]),
      candidate(4, [null, null, [['a']]]),
      candidate(5, [null, null, null], [['a']]),
      candidate(6, [[['c'], ['a']], null, null]),
      candidate(7, [null, [['x', 1]], null]),
    ]
    // steps 0 and 1 positive, step 2 a missing step: key a is viable, b and c are not
    assert.deepEqual(kept(candidates, [0, 1]), [0, 2, 4, 5, 6])
    // steps 0 and 2 positive: keys a and b are viable, c and (x, 1) are not
    assert.deepEqual(kept(candidates, [0, 2]), [0, 1, 2, 3, 4, 5, 6])
    // one positive step (0, before missing steps 1 and 2): its keys a, b and c are viable, so
    // only (x, 1), which no event of step 0 has, is dropped
    assert.deepEqual(kept(candidates, [0]), [0, 1, 2, 3, 4, 5, 6])
    // one positive step that met nothing: nothing is viable
    assert.deepEqual(
      kept(
        candidates.filter((c) => c.steps[0] === null),
        [0],
      ),
      [],
    )
  })

  test('tells multi-value keys apart by every value', () => {
    const candidates = [
      candidate(0, [[['h', 'u1']], null]),
      candidate(1, [null, [['h', 'u2']]]),
      candidate(2, [null, [['h', 'u1']]]),
      candidate(3, [[[1, 'u']], null]),
      candidate(4, [null, [['1', 'u']]]),
    ]
    assert.deepEqual(kept(candidates, [0, 1]), [0, 2])
  })
})
