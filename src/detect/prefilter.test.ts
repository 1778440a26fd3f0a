import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { pausedWhenIdle } from './prefilter.ts'

// a prefilter rejecting `share` of the lines, spread evenly: line k is rejected when its
// position falls in the rejected part of every hundred
function rejecting(share: number): (line: string) => boolean {
  return (line) => Number(line) % 100 >= share * 100
}

function passedOf(prefilter: (line: string) => boolean, from: number, to: number): number {
  let passed = 0
  for (let k = from; k < to; k++) if (prefilter(String(k))) passed++

  return passed
}

describe('the hunt prefilter at rest', () => {
  const cases: [share: number, restsAfterSample: boolean][] = [
    [0.1, true],
    [0.3, true],
    [0.5, false],
    [0.9, false],
  ]
  for (const [share, rests] of cases) {
    test(`rejecting ${String(share * 100)}% of lines ${rests ? 'rests' : 'stays on'}`, () => {
      const own = rejecting(share)
      const paused = pausedWhenIdle(own)
      // the first 1,024 lines are always tested
      assert.equal(passedOf(paused, 0, 1024), passedOf(own, 0, 1024))

      const next = passedOf(paused, 1024, 1024 + 16_384)
      assert.equal(next, rests ? 16_384 : passedOf(own, 1024, 1024 + 16_384))
      // then it is judged again on the next 1,024
      const after = 1024 + 16_384
      assert.equal(passedOf(paused, after, after + 1024), passedOf(own, after, after + 1024))
    })
  }
})
