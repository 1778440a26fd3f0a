import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EcsEvent } from '../ecs/index.ts'
import { toEngineEvent } from './engine-event.ts'
import type { EngineEvent } from './engine-event.ts'
import { SequenceEvaluator } from './candidate.ts'
import { isMissingEvent } from './results.ts'
import type { EqlResults } from './results.ts'
import { SequenceMatcher } from './sequence-matcher.ts'
import { SequenceRunner } from './sequence-runner.ts'
import { engineEvents, fieldIs, sequencePlan, shuffled } from './test-fixtures.ts'

function flatIds(results: EqlResults): unknown[] {
  assert.equal(results.kind, 'sequences')

  return results.sequences.flatMap((s) =>
    s.events.map((e) => (isMissingEvent(e) ? -1 : e.source['id'])),
  )
}

const tag = (value: string) => fieldIs('tag', value)

// three hosts, events in bursts with shared milliseconds; the tiebreaker orders them
const SOURCES: EcsEvent[] = Array.from({ length: 60 }, (_, i) => ({
  '@timestamp': 1000 + Math.floor(i / 3) * 7,
  seq: i,
  id: i,
  host: `h${String(i % 3)}`,
  tag: ['open', 'write', 'close', 'stop'][(i * 7) % 4] ?? 'open',
}))

describe('SequenceRunner', () => {
  const plans = {
    'by host with maxspan': sequencePlan({
      by: ['host'],
      maxspanMs: 40,
      steps: [{ where: tag('open') }, { where: tag('write') }, { where: tag('close') }],
    }),
    'with until': sequencePlan({
      by: ['host'],
      steps: [{ where: tag('open') }, { where: tag('close') }],
      until: { where: tag('stop') },
    }),
    'with missing steps': sequencePlan({
      by: ['host'],
      maxspanMs: 30,
      steps: [
        { where: tag('write'), isMissing: true },
        { where: tag('open') },
        { where: tag('stop'), isMissing: true },
        { where: tag('close') },
      ],
    }),
  }

  for (const [name, plan] of Object.entries(plans)) {
    test(`gives identical results for shuffled input (${name})`, () => {
      const run = (events: readonly EngineEvent[]) => {
        const runner = new SequenceRunner(plan)
        for (const event of events) runner.push(event)

        return runner.finish()
      }
      const expected = run(engineEvents(SOURCES))
      assert.ok(flatIds(expected).length > 0, 'the plan finds something')
      for (const seed of [7, 8, 9, 10]) {
        const interleaved = shuffled(SOURCES, seed).map((source) =>
          toEngineEvent(source, { ordinal: 0, tiebreakerField: 'seq' }),
        )
        assert.deepEqual(flatIds(run(interleaved)), flatIds(expected))
      }
    })
  }

  const masked = {
    ...plans,
    'with runs': sequencePlan({
      by: ['host'],
      steps: [{ where: tag('open'), runs: 2 }, { where: tag('write') }],
    }),
  }
  for (const [name, plan] of Object.entries(masked)) {
    test(`gives the same results from step masks as from events (${name})`, () => {
      const evaluator = new SequenceEvaluator(plan)
      const byEvent = new SequenceRunner(plan)
      const byMask = new SequenceRunner(plan)
      assert.ok(evaluator.canMask)
      for (const event of engineEvents(shuffled(SOURCES, 3))) {
        byEvent.push(event)
        const mask = evaluator.stepMask(event.source)
        if (mask !== 0) byMask.pushMasked(event, mask)
      }

      const expected = byEvent.finish()
      assert.ok(flatIds(expected).length > 0, 'the plan finds something')
      assert.deepEqual(flatIds(byMask.finish()), flatIds(expected))
      assert.equal(byMask.stats.peakBuffered, byEvent.stats.peakBuffered)
    })
  }

  test('reads no join keys from masked events when a positive step met no event', () => {
    const base = sequencePlan({
      by: ['host'],
      steps: [
        { where: tag('open') },
        { where: tag('m'), isMissing: true },
        { where: tag('close') },
      ],
    })
    // every step's key extractor counts its calls
    let reads = 0
    const plan = {
      ...base,
      steps: base.steps.map((step) => ({
        ...step,
        keys: (event: EcsEvent) => {
          reads++

          return step.keys(event)
        },
      })),
    }
    const evaluator = new SequenceEvaluator(plan)
    const run = (tags: readonly string[]): { reads: number; found: number } => {
      const runner = new SequenceRunner(plan)
      reads = 0
      tags.forEach((value, i) => {
        const source = { '@timestamp': i, id: i, host: 'h1', tag: value }
        const mask = evaluator.stepMask(source)
        if (mask !== 0) runner.pushMasked(toEngineEvent(source, { ordinal: i }), mask)
      })

      const found = flatIds(runner.finish()).length

      return { reads, found }
    }

    // no event passes `close`: nothing can complete, so no key is read
    assert.deepEqual(run(['open', 'm', 'open', 'm']), { reads: 0, found: 0 })
    // both positive steps met: every masked event's keys are read, and open, (no m), close found
    assert.deepEqual(run(['open', 'close', 'm']), { reads: 3, found: 3 })
  })

  test('completes sequences from masked events and events pushed whole together', () => {
    const plan = sequencePlan({
      by: ['host'],
      steps: [{ where: tag('open') }, { where: tag('close') }],
    })
    const evaluator = new SequenceEvaluator(plan)
    const runner = new SequenceRunner(plan)
    const [open, close] = engineEvents([
      { '@timestamp': 1, id: 1, host: 'h1', tag: 'open' },
      { '@timestamp': 2, id: 2, host: 'h1', tag: 'close' },
    ])
    // the masked events alone never meet `close`
    if (open !== undefined) runner.pushMasked(open, evaluator.stepMask(open.source))
    if (close !== undefined) runner.push(close)
    assert.deepEqual(flatIds(runner.finish()), [1, 2])
  })

  test('step masks give one bit per distinct step and none for unmatched events', () => {
    const plan = sequencePlan({
      steps: [{ where: tag('open'), runs: 3 }, { where: tag('close') }],
      until: { where: tag('stop') },
    })
    const evaluator = new SequenceEvaluator(plan)
    const maskOf = (value: string) => evaluator.stepMask({ tag: value })
    assert.deepEqual(['open', 'close', 'stop', 'other'].map(maskOf), [0b001, 0b010, 0b100, 0])
  })

  test('sequences with more distinct steps than a mask holds are not masked', () => {
    const steps = Array.from({ length: 30 }, (_, i) => ({ where: tag(`s${String(i)}`) }))
    assert.equal(new SequenceEvaluator(sequencePlan({ steps })).canMask, false)
    assert.equal(new SequenceEvaluator(sequencePlan({ steps: steps.slice(1) })).canMask, true)
  })

  test('applies head and tail pipes to sequences', () => {
    const base = { by: ['host'], steps: [{ where: tag('open') }, { where: tag('close') }] }
    const all = new SequenceRunner(sequencePlan(base))
    const piped = new SequenceRunner(
      sequencePlan({
        ...base,
        pipes: [
          { name: 'tail', count: 3 },
          { name: 'head', count: 2 },
        ],
      }),
    )
    for (const event of engineEvents(SOURCES)) {
      all.push(event)
      piped.push(event)
    }

    const every = flatIds(all.finish())
    const result = piped.finish()
    assert.deepEqual(flatIds(result), every.slice(every.length - 6, every.length - 2))
    assert.equal(result.total, every.length / 2)
  })

  test('keeps only matching events however large the input', () => {
    const plan = sequencePlan({
      by: ['user'],
      maxspanMs: 1_000,
      steps: [{ where: tag('logon') }, { where: tag('exec') }],
    })
    const runner = new SequenceRunner(plan)
    const total = 100_000
    for (let i = 0; i < total; i++) {
      const kind = i % 1000 === 0 ? 'logon' : i % 1000 === 500 ? 'exec' : 'noise'
      const source = { '@timestamp': i, tag: kind, user: `u${String(Math.floor(i / 1000) % 7)}` }
      runner.push(toEngineEvent(source, { ordinal: i }))
    }

    const results = runner.finish()
    assert.equal(results.kind === 'sequences' ? results.sequences.length : -1, 100)
    assert.equal(runner.stats.pushed, total)
    assert.equal(runner.stats.peakBuffered, 200)
    assert.equal(runner.stats.buffered, 0)
    assert.ok((runner.matcherStats?.peakPartials ?? Infinity) <= 1)
  })

  test('counts events a sequence cannot use for lack of a timestamp', () => {
    const runner = new SequenceRunner(
      sequencePlan({ steps: [{ where: tag('a') }, { where: tag('b') }] }),
    )
    for (const event of engineEvents([{ tag: 'a' }, { tag: 'x' }, { '@timestamp': 1, tag: 'b' }])) {
      runner.push(event)
    }

    assert.equal(flatIds(runner.finish()).length, 0)
    assert.equal(runner.stats.skippedWithoutTimestamp, 1)
  })
})

describe('SequenceMatcher memory', () => {
  test('expires partials of keys that never complete', () => {
    const plan = sequencePlan({
      by: ['session'],
      maxspanMs: 100,
      steps: [{ where: tag('a') }, { where: tag('b') }],
    })
    const matcher = new SequenceMatcher(plan)
    for (let i = 0; i < 50_000; i++) {
      const source = { '@timestamp': i, tag: 'a', session: i }
      matcher.advance(toEngineEvent(source, { ordinal: i }))
    }

    // one live partial per session within maxspan, plus at most one sweep interval of leftovers
    assert.ok(matcher.stats.partials <= 100 + 1100, `partials ${matcher.stats.partials}`)
    assert.ok(matcher.stats.peakPartials <= 100 + 1100, `peak ${matcher.stats.peakPartials}`)
  })

  test('prunes missing-step events older than maxspan', () => {
    const plan = sequencePlan({
      maxspanMs: 50,
      steps: [{ where: tag('a') }, { where: tag('m'), isMissing: true }, { where: tag('b') }],
    })
    const matcher = new SequenceMatcher(plan)
    for (let i = 0; i < 20_000; i++) {
      matcher.advance(toEngineEvent({ '@timestamp': i, tag: 'm' }, { ordinal: i }))
    }

    assert.ok(matcher.stats.missingBuffered <= 50 + 1100, `held ${matcher.stats.missingBuffered}`)
  })
})
