import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Schedule } from './schedule.ts'
import { ExecutionPlan, executions, parseSchedule, windowAt } from './schedule.ts'
import { compiled, eqlRule, field, processEvent, queryRule, runHunt } from './test-support.ts'

const iso = (millis: number): string => new Date(millis).toISOString()

function scheduleOf(interval: string, from: string, to = 'now'): Schedule {
  const parsed = parseSchedule(queryRule('*', { interval, from, to }))
  if (!parsed.ok) throw new Error('bad schedule')

  return parsed.value
}

// five matches a second apart, all inside one 5-minute slot
const BURST = [0, 1, 2, 3, 4].map((s) => processEvent(`2026-11-20T10:01:0${String(s)}.000Z`))

describe('scheduled executions', () => {
  test('the first run is the first interval boundary at or after the earliest event', () => {
    const first = Date.parse('2026-11-20T10:01:00Z')
    const runs = [...executions(scheduleOf('5m', 'now-9m'), first, first)]
    assert.deepEqual(
      runs.map((r) => [iso(r.startedAt), iso(r.from), iso(r.to)]),
      [
        ['2026-11-20T10:05:00.000Z', '2026-11-20T09:56:00.000Z', '2026-11-20T10:05:00.000Z'],
        ['2026-11-20T10:10:00.000Z', '2026-11-20T10:01:00.000Z', '2026-11-20T10:10:00.000Z'],
      ],
    )
  })

  test('runs continue until a window starts after the latest event', () => {
    const runs = [
      ...executions(
        scheduleOf('1h', 'now-1h'),
        Date.parse('2026-11-20T10:30:00Z'),
        Date.parse('2026-11-20T13:00:00Z'),
      ),
    ]
    assert.deepEqual(
      runs.map((r) => iso(r.startedAt).slice(11, 16)),
      ['11:00', '12:00', '13:00', '14:00'],
    )
  })
})

// the executions over first..last found one interval at a time, as a replay once stepped
function stepped(schedule: Schedule, first: number, last: number) {
  const origin = Math.ceil(first / schedule.intervalMs) * schedule.intervalMs
  const runs = []
  for (let at = origin; ; at += schedule.intervalMs) {
    const run = windowAt(schedule, at)
    if (run.from > last) return runs

    runs.push(run)
  }
}

describe('execution plans', () => {
  const day = 86_400_000
  const start = Date.parse('2026-01-30T22:17:05.123Z')
  const cases: [string, Schedule, number][] = [
    ['5m, 6m look-back', scheduleOf('5m', 'now-6m'), 40 * day],
    ['1h, from 2h to 1h ago', scheduleOf('1h', 'now-2h', 'now-1h'), 400 * day],
    ['1m with a gap', scheduleOf('1m', 'now-30s'), 3 * day],
    ['1d, a month back, rounded to days', scheduleOf('1d', 'now-1M/d', 'now/d'), 800 * day],
    ['7m, rounded to hours', scheduleOf('7m', 'now-1h/h'), 20 * day],
  ]
  for (const [name, schedule, length] of cases) {
    test(`counts and jumps as stepping one interval at a time would (${name})`, () => {
      const last = start + length
      const runs = stepped(schedule, start, last)
      const plan = new ExecutionPlan(schedule, start, last)
      assert.equal(plan.count, runs.length)
      assert.deepEqual([...executions(schedule, start, last)], runs)
      // times before, inside and past the span, and at and just past windows' ends, from several
      // executions on
      const ends = [1, Math.floor(runs.length / 3)].map((i) => runs[i]?.to ?? start)
      const times = [start - day, start, start + length / 3, last, last + day]
      times.push(...ends, ...ends.map((end) => end + 1))
      for (const time of times) {
        for (const from of [0, 1, Math.floor(runs.length / 2), runs.length - 1, runs.length]) {
          let expected = from
          while (expected < runs.length && (runs[expected]?.to ?? 0) < time) expected++
          assert.equal(plan.firstReaching(time, from), expected, `${iso(time)} from ${from}`)
        }
      }
    })
  }
})

describe('replay', () => {
  test('a query rule writes max_signals new alerts per execution and warns when cut', () => {
    const rule = compiled(queryRule('process.name:cmd.exe', { max_signals: 2, from: 'now-9m' }))
    const result = runHunt([rule], BURST, { mode: 'replay' })
    // 10:05 writes the first two, 10:10 (overlapping) skips them and writes the next two
    assert.deepEqual(
      result.alerts.map((a) => field(a, 'kibana.alert.original_time')),
      [
        '2026-11-20T10:01:00.000Z',
        '2026-11-20T10:01:01.000Z',
        '2026-11-20T10:01:02.000Z',
        '2026-11-20T10:01:03.000Z',
      ],
    )
    assert.deepEqual(
      result.warnings.map((w) => w.code),
      ['ERR_DETECT_MAX_SIGNALS', 'ERR_DETECT_MAX_SIGNALS'],
    )
    // 10:05 leaves three of the five events without an alert, 10:10 one
    assert.deepEqual(
      result.rules.map((r) => [r.executions, r.truncatedExecutions, r.droppedMatches]),
      [[2, 2, 4]],
    )
  })

  test('an eql rule asks for the first max_signals events, so the overlap adds nothing', () => {
    const rule = compiled(
      eqlRule('process where process.name == "cmd.exe"', { max_signals: 2, from: 'now-9m' }),
    )
    const result = runHunt([rule], BURST, { mode: 'replay' })
    assert.equal(result.alerts.length, 2)
    assert.equal(result.warnings.length, 2)
    // each execution finds five matches and keeps the first two
    assert.deepEqual(
      result.rules.map((r) => [r.truncatedExecutions, r.droppedMatches]),
      [[2, 6]],
    )
  })

  test('an event in two overlapping windows gives one alert', () => {
    const rule = compiled(queryRule('process.name:cmd.exe', { from: 'now-9m' }))
    const result = runHunt([rule], [processEvent('2026-11-20T10:03:00Z')], { mode: 'replay' })
    assert.equal(result.alerts.length, 1)
    assert.equal(result.rules[0]?.executions, 2)
    assert.deepEqual(result.warnings, [])
  })

  test('without replay every match alerts, whatever max_signals', () => {
    const rule = compiled(queryRule('process.name:cmd.exe', { max_signals: 2 }))
    assert.equal(runHunt([rule], BURST).alerts.length, 5)
  })

  test('a schedule that leaves gaps is reported and misses the events in them', () => {
    const rule = compiled(queryRule('process.name:cmd.exe', { interval: '10m', from: 'now-1m' }))
    const events = [
      processEvent('2026-11-20T10:00:00Z'),
      processEvent('2026-11-20T10:05:00Z'),
      processEvent('2026-11-20T10:09:30Z'),
    ]
    const result = runHunt([rule], events, { mode: 'replay' })
    assert.deepEqual(
      result.alerts.map((a) => field(a, 'kibana.alert.original_time')),
      ['2026-11-20T10:00:00.000Z', '2026-11-20T10:09:30.000Z'],
    )
    assert.deepEqual(
      result.warnings.map((w) => w.code),
      ['ERR_DETECT_SCHEDULE_GAP'],
    )
  })

  test('events years apart are each found by the one window that holds them', () => {
    // 5-minute windows that do not overlap: 3,153,888 executions over the 30 years
    const rule = compiled(queryRule('process.name:cmd.exe', { interval: '5m', from: 'now-5m' }))
    const times = [
      '1996-03-01T00:00:00.000Z',
      '1996-03-01T00:04:59.000Z',
      '1996-03-01T00:05:00.000Z',
      '2011-07-15T12:34:56.789Z',
      '2026-03-01T00:00:00.001Z',
    ]
    const result = runHunt(
      [rule],
      times.map((t) => processEvent(t)),
      { mode: 'replay' },
    )
    assert.deepEqual(
      result.alerts.map((a) => field(a, 'kibana.alert.original_time')),
      times,
    )
    const first = Date.parse(times[0] ?? '')
    const last = Date.parse(times[4] ?? '')
    // the last event is 1 ms past a boundary: the execution an interval later is the last one
    assert.equal(result.rules[0]?.executions, Math.floor((last - first) / 300_000) + 2)
  })

  test('windows use the timestamp override', () => {
    const rule = compiled(
      queryRule('process.name:cmd.exe', {
        timestamp_override: 'event.ingested',
        interval: '10m',
        from: 'now-10m',
      }),
    )
    const late = processEvent('2026-11-20T10:00:00Z', {
      event: { category: ['process'], ingested: '2026-11-20T12:00:00Z' },
    })
    const result = runHunt([rule], [processEvent('2026-11-20T10:00:00Z'), late], { mode: 'replay' })
    assert.equal(result.alerts.length, 2)
    assert.ok(result.rules[0] !== undefined && result.rules[0].executions >= 12)
  })
})
