import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { EcsEvent } from '../ecs/index.ts'
import type { Alert } from './alert-types.ts'
import { EventHit } from './offered.ts'
import type { Offered } from './offered.ts'
import { Hunt, mergeResults, resultOf } from './hunt.ts'
import type { HuntOptions, HuntResult } from './hunt.ts'
import { MAX_PILE, SequenceWatch } from './sequence-watch.ts'
import type { CompiledRule } from './compile-rule.ts'
import {
  compiled,
  eqlRule,
  field,
  processEvent,
  queryRule,
  runHunt,
  TEST_NOW,
} from './test-support.ts'

// a sequence whose first step is rare, over many events of its second step: after its warm-up
// the rule watches the first step alone and piles the others
const SEQUENCE = compiled(
  eqlRule(
    'sequence by host.name with maxspan=1h [process where process.name == "a.exe"] [process where process.name == "cmd.exe"]',
    { rule_id: 'sequence', name: 'sequence' },
  ),
  {},
  0,
)
// takes every cmd.exe event, so the piled events are held anyway and stay in the pile
const COMPANION = compiled(
  queryRule('process.name:cmd.exe', { rule_id: 'companion', name: 'companion' }),
  {},
  1,
)

const START = Date.parse('2026-11-20T10:00:00Z')
const at = (seconds: number): string => new Date(START + seconds * 1000).toISOString()
const COMMANDS = 1500

// cmd.exe every second, with one a.exe at 600 s put at `position` in the input (none: null)
function events(position: number | null, commands = COMMANDS): EcsEvent[] {
  const list = Array.from({ length: commands }, (_, i) => processEvent(at(i)))
  const rare = processEvent(at(600.5), { process: { name: 'a.exe' } })
  if (position !== null) list.splice(position, 0, rare)

  return list
}

// the times of the sequence's events, shell alerts apart
function sequenceTimes(alerts: readonly Alert[]): unknown[] {
  return alerts
    .filter((a) => field(a, 'kibana.alert.rule.rule_id') === 'sequence')
    .filter((a) => field(a, 'kibana.alert.building_block_type') === 'default')
    .map((a) => field(a, 'kibana.alert.original_time'))
}

describe('sequence watches', () => {
  const cases: [string, number | null][] = [
    ['first in the input', 0],
    ['inside the warm-up', 60],
    ['after the warm-up, in the first batch', 300],
    ['in a later batch', 1100],
    ['last', COMMANDS],
  ]
  for (const [name, position] of cases) {
    for (const withCompanion of [false, true]) {
      test(`find the sequence whatever the input order (${name}, ${withCompanion ? 'events held by another rule' : 'alone'})`, () => {
        const rules = withCompanion ? [SEQUENCE, COMPANION] : [SEQUENCE]
        const result = runHunt(rules, events(position))
        assert.deepEqual(sequenceTimes(result.alerts), [at(600.5), at(601)])
        const companion = result.alerts.filter(
          (a) => field(a, 'kibana.alert.rule.rule_id') === 'companion',
        )
        assert.equal(companion.length, withCompanion ? COMMANDS : 0)
      })
    }
  }

  test('a rule whose watched step never passes completes nothing', () => {
    const result = runHunt([SEQUENCE, COMPANION], events(null))
    assert.deepEqual(sequenceTimes(result.alerts), [])
    assert.equal(result.alerts.length, COMMANDS)
  })

  test('a replay tests every step as before', () => {
    const result = runHunt([SEQUENCE], events(1100), { mode: 'replay' })
    assert.deepEqual(sequenceTimes(result.alerts), [at(600.5), at(601)])
  })
})

// a hunt over inputs that can be read again, as `vigil hunt` runs one over files: the rules of
// `rerun` are hunted again by themselves over the same events
function huntTwice(rules: readonly CompiledRule[], input: readonly EcsEvent[]) {
  const options: HuntOptions = { mode: 'all', now: TEST_NOW, rereadable: true }
  const feed = (hunt: Hunt): void => {
    input.forEach((source, i) => {
      hunt.push({ source, file: 'mem.ndjson', line: i + 1 })
    })
  }
  const first = new Hunt(rules, options)
  feed(first)
  const results = first.finishEach()
  const again = new Hunt(first.rerun, { ...options, rereadable: false })
  feed(again)

  return { result: resultOf(mergeResults(results, again.finishEach())), rerun: first.rerun }
}

function alertIds(result: HuntResult): string[] {
  return result.alerts.map((a) => a.id)
}

describe('sequence watches over inputs that can be read again', () => {
  // the warm-up's candidates, then more piled events than a watch keeps, even when it tests
  // (and so does not pile) the untaken events of one batch in eight
  const MANY = 128 + 2 * MAX_PILE
  const cases: [string, number | null, number, boolean][] = [
    ['the rare step inside the pile limit', 1100, COMMANDS, false],
    ['the rare step after the pile was let go', MANY, MANY, true],
    ['the rare step late, an earlier step after it in time', MANY - 10, MANY, true],
    ['no rare step at all', null, MANY, false],
  ]
  for (const [name, position, commands, isRerun] of cases) {
    for (const withCompanion of [false, true]) {
      test(`give the alerts of a single pass (${name}, ${withCompanion ? 'with' : 'without'} another rule)`, () => {
        const rules = withCompanion ? [SEQUENCE, COMPANION] : [SEQUENCE]
        const input = events(position, commands)
        const { result, rerun } = huntTwice(rules, input)
        assert.deepEqual(
          rerun.map((r) => r.rule.rule_id),
          isRerun ? ['sequence'] : [],
        )
        const expected = runHunt(rules, input)
        assert.deepEqual(alertIds(result), alertIds(expected))
        assert.deepEqual(
          sequenceTimes(result.alerts),
          position === null ? [] : [at(600.5), at(601)],
        )
        assert.deepEqual(
          result.rules.map((r) => [r.rule.position, r.alerts]),
          expected.rules.map((r) => [r.rule.position, r.alerts]),
        )
      })
    }
  }

  test('a pass leaves a rule it could not finish out of its results', () => {
    const first = new Hunt([COMPANION, SEQUENCE], { mode: 'all', now: TEST_NOW, rereadable: true })
    events(MANY, MANY).forEach((source, i) => {
      first.push({ source, file: 'mem.ndjson', line: i + 1 })
    })
    assert.deepEqual(
      first.finishEach().map((r) => r.rule.rule.rule_id),
      ['companion'],
    )
  })
})

// a watch of SEQUENCE past its warm-up: every candidate met the second step only
function watching(): SequenceWatch {
  const sequence = SEQUENCE.sequence
  if (sequence === null) throw new Error('SEQUENCE is a sequence')

  const watch = new SequenceWatch(SEQUENCE, sequence)
  const bits = sequence.positiveBits
  for (let i = 0; i < 128; i++) watch.noteTested(bits & ~(bits & -bits))
  assert.equal(watch.isWatching, true)

  return watch
}

let ordinal = 0

// `count` piled events of one batch, none of them taken by another rule unless `isTaken`
function pileBatch(watch: SequenceWatch, count: number, isTaken = false): Offered[] {
  const batch = Array.from({ length: count }, () => {
    const event = { source: processEvent(at(ordinal)), file: 'f', line: ordinal }
    const offered: Offered = {
      event,
      ordinal: ordinal++,
      baseTime: 0,
      hit: null,
      engine: null,
      isHeld: false,
    }
    if (isTaken) offered.hit = new EventHit(event)

    return offered
  })
  for (const offered of batch) watch.hold(offered)

  return batch
}

// what a hunt does with a watch at a batch's end: the events to test now
function batchEnd(watch: SequenceWatch): Offered[] {
  return watch.keepUntaken() ? [] : watch.takeUntaken()
}

describe('a pile limit', () => {
  test('lets the whole pile go once reached, and piles nothing after', () => {
    const sequence = SEQUENCE.sequence
    if (sequence === null) throw new Error('SEQUENCE is a sequence')

    const watch = new SequenceWatch(SEQUENCE, sequence, 3)
    const bits = sequence.positiveBits
    for (let i = 0; i < 128; i++) watch.noteTested(bits & ~(bits & -bits))
    pileBatch(watch, 3)
    assert.equal(watch.hasDropped, false)
    pileBatch(watch, 2)
    assert.equal(watch.hasDropped, true)
    assert.deepEqual(batchEnd(watch), [])
    assert.deepEqual(watch.release(), [])
  })

  test('is not there unless given', () => {
    const watch = watching()
    pileBatch(watch, MAX_PILE + 10, true)
    assert.equal(watch.hasDropped, false)
    assert.equal(watch.release().length, MAX_PILE + 10)
  })
})

describe('piled events no rule took', () => {
  test('are handed back for testing until a sample shows nearly all of them kept', () => {
    const watch = watching()
    for (const kept of [100, 100, 90]) {
      const batch = pileBatch(watch, 100)
      assert.deepEqual(batchEnd(watch), batch)
      watch.noteUntaken(100, kept)
    }

    // 290 of 300 kept: the next batches stay in the pile, but every eighth is still tested
    const piled: Offered[] = []
    for (let i = 1; i < 8; i++) {
      piled.push(...pileBatch(watch, 10))
      assert.deepEqual(batchEnd(watch), [])
    }
    const sampled = pileBatch(watch, 10)
    assert.deepEqual(batchEnd(watch), sampled)
    assert.deepEqual(watch.release(), piled)
  })

  test('are tested again once a sample keeps fewer of them', () => {
    const watch = watching()
    pileBatch(watch, 300)
    batchEnd(watch)
    watch.noteUntaken(300, 300)
    for (let i = 1; i < 8; i++) {
      pileBatch(watch, 40)
      batchEnd(watch)
    }
    pileBatch(watch, 300)
    assert.equal(batchEnd(watch).length, 300)
    watch.noteUntaken(300, 200)

    const batch = pileBatch(watch, 5)
    assert.deepEqual(batchEnd(watch), batch)
    assert.equal(watch.release().length, 7 * 40)
  })

  test('a sample too small decides nothing', () => {
    const watch = watching()
    const first = pileBatch(watch, 100)
    assert.deepEqual(batchEnd(watch), first)
    watch.noteUntaken(100, 100)
    const second = pileBatch(watch, 100)
    assert.deepEqual(batchEnd(watch), second)
  })

  test('events another rule took stay in the pile either way', () => {
    const watch = watching()
    const taken = pileBatch(watch, 50, true)
    const untaken = pileBatch(watch, 300)
    assert.deepEqual(batchEnd(watch), untaken)
    watch.noteUntaken(300, 300)
    const later = pileBatch(watch, 20, true)
    assert.deepEqual(batchEnd(watch), [])
    assert.deepEqual(watch.release(), [...taken, ...later])
  })

  test('events one watch holds untested are held by the others too, not tested', () => {
    const keeper = watching()
    pileBatch(keeper, 300)
    batchEnd(keeper)
    keeper.noteUntaken(300, 300)
    const other = watching()
    const batch = pileBatch(keeper, 30)
    for (const offered of batch) other.hold(offered)

    assert.equal(keeper.keepUntaken(), true)
    assert.deepEqual(batchEnd(other), [])
    assert.deepEqual(other.release(), batch)
  })
})
