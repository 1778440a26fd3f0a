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

const SAMPLE = 256
const FIRST_PAUSE = 16_384

describe('the hunt prefilter at rest', () => {
  const cases: [share: number, restsAfterSample: boolean][] = [
    [0.1, true],
    [0.2, true],
    [0.5, false],
    [0.9, false],
  ]
  for (const [share, rests] of cases) {
    test(`rejecting ${String(share * 100)}% of lines ${rests ? 'rests' : 'stays on'}`, () => {
      const own = rejecting(share)
      const paused = pausedWhenIdle(own)
      // the first sample is always tested
      assert.equal(passedOf(paused, 0, SAMPLE), passedOf(own, 0, SAMPLE))

      const next = passedOf(paused, SAMPLE, SAMPLE + FIRST_PAUSE)
      assert.equal(next, rests ? FIRST_PAUSE : passedOf(own, SAMPLE, SAMPLE + FIRST_PAUSE))
      // then it is judged again on the next sample
      const after = SAMPLE + FIRST_PAUSE
      assert.equal(passedOf(paused, after, after + SAMPLE), passedOf(own, after, after + SAMPLE))
    })
  }

  test('rests twice as long after each idle sample, up to 262,144 lines', () => {
    const own = rejecting(0.1)
    const paused = pausedWhenIdle(own)
    let at = 0
    for (const pause of [16_384, 32_768, 65_536, 131_072, 262_144, 262_144]) {
      assert.equal(passedOf(paused, at, at + SAMPLE), passedOf(own, at, at + SAMPLE))
      at += SAMPLE
      assert.equal(passedOf(paused, at, at + pause), pause, `a pause of ${String(pause)}`)
      at += pause
    }

    // the next line is tested again: line k with k % 100 < 10 is rejected
    const rejected = at + ((100 - (at % 100)) % 100)
    assert.equal(passedOf(paused, at, rejected), rejected - at)
    assert.equal(paused(String(rejected)), false)
  })

  test('a sample that rejects enough starts the pauses over', () => {
    let share = 0.1
    const paused = pausedWhenIdle((line) => rejecting(share)(line))
    passedOf(paused, 0, SAMPLE + FIRST_PAUSE + SAMPLE) // idle twice: the next pause is 32,768
    share = 0.9
    const at = SAMPLE + FIRST_PAUSE + SAMPLE + 32_768
    assert.equal(passedOf(paused, SAMPLE + FIRST_PAUSE + SAMPLE, at), 32_768)
    assert.equal(passedOf(paused, at, at + SAMPLE), passedOf(rejecting(0.9), at, at + SAMPLE))
    // busy now: it stays on
    assert.equal(
      passedOf(paused, at + SAMPLE, at + 2 * SAMPLE),
      passedOf(rejecting(0.9), at + SAMPLE, at + 2 * SAMPLE),
    )
    // idle again: the pause is the first one again
    share = 0.1
    const idle = at + 2 * SAMPLE
    passedOf(paused, idle, idle + SAMPLE)
    assert.equal(passedOf(paused, idle + SAMPLE, idle + SAMPLE + FIRST_PAUSE), FIRST_PAUSE)
    const judged = idle + SAMPLE + FIRST_PAUSE
    assert.equal(
      passedOf(paused, judged, judged + SAMPLE),
      passedOf(rejecting(0.1), judged, judged + SAMPLE),
    )
  })
})
