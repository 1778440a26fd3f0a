import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import objectHash from 'object-hash'
import type { AlertSuppression } from '../rules/index.ts'
import type { Alert } from './alert-types.ts'
import { compileRules } from './compile-rules.ts'
import {
  compiled,
  eqlRule,
  field,
  processEvent,
  queryRule,
  runHunt,
  TEST_NOW,
} from './test-support.ts'

const SUPPRESS: AlertSuppression = { group_by: ['host.name'], missing_fields_strategy: 'suppress' }

function suppressing(suppression: Partial<AlertSuppression> = {}, fields = {}) {
  return compiled(
    queryRule('event.category:process', {
      alert_suppression: { ...SUPPRESS, ...suppression },
      ...fields,
    }),
  )
}

// a process event at `time` on `host` (no host.name when undefined)
function on(host: unknown, time: string, more: Record<string, unknown> = {}) {
  const event = processEvent(time, more)
  const hostFields = { os: { type: 'windows' }, ...(host === undefined ? {} : { name: host }) }

  return { ...event, host: hostFields }
}

function suppressionOf(alert: Alert | undefined) {
  return {
    terms: field(alert, 'kibana.alert.suppression.terms'),
    docs: field(alert, 'kibana.alert.suppression.docs_count'),
    start: field(alert, 'kibana.alert.suppression.start'),
    end: field(alert, 'kibana.alert.suppression.end'),
  }
}

const term = (name: string, value: unknown) => ({ field: name, value })

describe('alert suppression of custom query rules, over the whole input', () => {
  test('one alert per host, from its earliest event, counting the others', () => {
    const events = [
      on('h1', '2026-11-20T08:00:02Z'),
      on('h1', '2026-11-20T08:00:01Z'),
      on('h2', '2026-11-20T08:00:03Z'),
      on('h1', '2026-11-20T08:00:09Z'),
      on(undefined, '2026-11-20T08:00:04Z'),
    ]
    const { alerts } = runHunt([suppressing()], events)

    assert.deepEqual(alerts.map(suppressionOf), [
      {
        terms: [term('host.name', 'h1')],
        docs: 2,
        start: '2026-11-20T08:00:01.000Z',
        end: '2026-11-20T08:00:09.000Z',
      },
      {
        terms: [term('host.name', 'h2')],
        docs: 0,
        start: '2026-11-20T08:00:03.000Z',
        end: '2026-11-20T08:00:03.000Z',
      },
      {
        terms: [term('host.name', null)],
        docs: 0,
        start: '2026-11-20T08:00:04.000Z',
        end: '2026-11-20T08:00:04.000Z',
      },
    ])
    assert.equal(field(alerts[0], 'kibana.alert.original_time'), '2026-11-20T08:00:01.000Z')
  })

  test('ids: the instance hashes the terms and rule; the alert its event, terms and times', () => {
    const rule = suppressing()
    const { alerts } = runHunt([rule], [on('h1', '2026-11-20T08:00:01Z')])
    const alert = alerts[0]
    const terms = [term('host.name', 'h1')]
    // two Date objects, as Kibana's bucket has: object-hash writes a repeated object as a reference
    const start = new Date('2026-11-20T08:00:01Z')
    const end = new Date('2026-11-20T08:00:01Z')
    const id = objectHash([
      'mem.ndjson',
      sourceId(alert),
      'undefined',
      `default:${rule.uuid}`,
      terms,
      start,
      end,
    ])

    assert.equal(
      field(alert, 'kibana.alert.instance.id'),
      objectHash([terms, rule.uuid, 'default']),
    )
    assert.equal(alert?.id, id)
    assert.equal(field(alert, 'kibana.alert.uuid'), id)
  })

  test('doNotSuppress: an event without the field is an ordinary alert, written first', () => {
    const events = [on('h1', '2026-11-20T08:00:01Z'), on(undefined, '2026-11-20T08:00:02Z')]
    const { alerts } = runHunt([suppressing({ missing_fields_strategy: 'doNotSuppress' })], events)

    assert.equal(alerts.length, 2)
    assert.equal(field(alerts[0], 'kibana.alert.suppression.terms'), undefined)
    assert.deepEqual(field(alerts[1], 'kibana.alert.suppression.terms'), [term('host.name', 'h1')])
  })

  test('every combination of the values is a bucket, in the aggregation order', () => {
    const rule = suppressing({ group_by: ['host.name', 'destination.port'] })
    const events = [
      on(['b', 'a'], '2026-11-20T08:00:01Z', { destination: { port: '443' } }),
      on('a', '2026-11-20T08:00:02Z', { destination: { port: 80 } }),
      on('a', '2026-11-20T08:00:03Z'),
    ]
    const { alerts } = runHunt([rule], events)

    assert.deepEqual(
      alerts.map((a) => [field(a, 'kibana.alert.suppression.terms'), suppressionOf(a).docs]),
      [
        [[term('host.name', 'a'), term('destination.port', 80)], 0],
        [[term('host.name', 'a'), term('destination.port', 443)], 0],
        [[term('host.name', 'a'), term('destination.port', null)], 0],
        [[term('host.name', 'b'), term('destination.port', 443)], 0],
      ],
    )
  })

  test('addresses are terms as Elasticsearch prints them', () => {
    const rule = suppressing({ group_by: ['source.ip'] })
    const events = [
      on('h', '2026-11-20T08:00:01Z', { source: { ip: '::ffff:10.0.0.1' } }),
      on('h', '2026-11-20T08:00:02Z', { source: { ip: '10.0.0.1' } }),
    ]
    const { alerts } = runHunt([rule], events)

    assert.equal(alerts.length, 1)
    assert.deepEqual(suppressionOf(alerts[0]).terms, [term('source.ip', '10.0.0.1')])
    assert.equal(suppressionOf(alerts[0]).docs, 1)
  })

  test('addresses are ordered by their bytes, not their text', () => {
    const rule = suppressing({ group_by: ['source.ip'] })
    const ips = ['10.0.0.10', '10.0.0.9', '::1', '10.0.0.100']
    const events = ips.map((ip) => on('h', '2026-11-20T08:00:01Z', { source: { ip } }))
    const { alerts } = runHunt([rule], events)

    assert.deepEqual(
      alerts.map((a) => suppressionOf(a).terms),
      ['::1', '10.0.0.9', '10.0.0.10', '10.0.0.100'].map((ip) => [term('source.ip', ip)]),
    )
  })

  test('a sequence rule asking for suppression is named in one warning', () => {
    const sequence = 'sequence [process where true] [process where true]'
    const rules = [
      eqlRule(sequence, { alert_suppression: SUPPRESS, name: 'E1' }),
      eqlRule('process where true', { alert_suppression: SUPPRESS, rule_id: 'e', name: 'E2' }),
      queryRule('event.category:process', { alert_suppression: SUPPRESS, rule_id: 'q' }),
    ]
    const { diagnostics } = compileRules(rules, { now: TEST_NOW })

    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [
        [
          'ERR_DETECT_SUPPRESSION_UNSUPPORTED',
          'alert suppression is not applied to sequences: 1 sequence rule write every alert ("E1")',
        ],
      ],
    )
  })
})

// replayed every 5 minutes with a minute of look-back: executions at 08:05 (07:59 to 08:05) and
// 08:10 (08:04 to 08:10); the event at 08:04:30 is in both windows
const REPLAYED = [
  on('h1', '2026-11-20T08:00:30Z'),
  on('h1', '2026-11-20T08:03:00Z'),
  on('h1', '2026-11-20T08:04:30Z'),
  on('h1', '2026-11-20T08:09:00Z'),
]
const SCHEDULE = { interval: '5m', from: 'now-6m', to: 'now' }

describe('alert suppression of custom query rules, replayed', () => {
  test('per execution: a bucket counts no event an earlier bucket counted', () => {
    const { alerts } = runHunt([suppressing({}, SCHEDULE)], REPLAYED, { mode: 'replay' })

    assert.deepEqual(alerts.map(suppressionOf), [
      {
        terms: [term('host.name', 'h1')],
        docs: 2,
        start: '2026-11-20T08:00:30.000Z',
        end: '2026-11-20T08:04:30.000Z',
      },
      {
        terms: [term('host.name', 'h1')],
        docs: 0,
        start: '2026-11-20T08:09:00.000Z',
        end: '2026-11-20T08:09:00.000Z',
      },
    ])
  })

  test('with a duration, later buckets join the open alert', () => {
    const rule = suppressing({ duration: { value: 1, unit: 'h' } }, SCHEDULE)
    const { alerts } = runHunt([rule], REPLAYED, { mode: 'replay' })

    assert.deepEqual(alerts.map(suppressionOf), [
      {
        terms: [term('host.name', 'h1')],
        docs: 3,
        start: '2026-11-20T08:00:30.000Z',
        end: '2026-11-20T08:09:00.000Z',
      },
    ])
  })

  test('a duration shorter than the schedule leaves each execution its own alert', () => {
    const rule = suppressing({ duration: { value: 1, unit: 'm' } }, SCHEDULE)
    const { alerts } = runHunt([rule], REPLAYED, { mode: 'replay' })

    assert.deepEqual(
      alerts.map((a) => suppressionOf(a).docs),
      [2, 0],
    )
  })

  test('max_signals cuts the buckets after one more, with its warning', () => {
    const events = ['h4', 'h3', 'h1', 'h2'].map((host) => on(host, '2026-11-20T08:01:00Z'))
    const rule = suppressing({}, { ...SCHEDULE, max_signals: 2 })
    const result = runHunt([rule], events, { mode: 'replay' })

    assert.deepEqual(
      result.alerts.map((a) => suppressionOf(a).terms),
      [[term('host.name', 'h1')], [term('host.name', 'h2')], [term('host.name', 'h3')]],
    )
    assert.deepEqual(
      result.warnings.map((w) => w.code),
      ['ERR_DETECT_MAX_SIGNALS'],
    )
  })
})

function eqlSuppressing(suppression: Partial<AlertSuppression> = {}, fields = {}) {
  return compiled(
    eqlRule('process where true', {
      alert_suppression: { ...SUPPRESS, ...suppression },
      ...fields,
    }),
  )
}

describe('alert suppression of single-event EQL rules', () => {
  test('one alert per instance, from the earliest event, under its own id', () => {
    const rule = eqlSuppressing()
    const events = [
      on('h1', '2026-11-20T08:00:02Z'),
      on('h1', '2026-11-20T08:00:01Z'),
      on('h2', '2026-11-20T08:00:03Z'),
      on('h1', '2026-11-20T08:00:09Z'),
    ]
    const { alerts } = runHunt([rule], events)
    const terms = [term('host.name', ['h1'])]

    assert.deepEqual(alerts.map(suppressionOf), [
      {
        terms,
        docs: 2,
        start: '2026-11-20T08:00:01.000Z',
        end: '2026-11-20T08:00:09.000Z',
      },
      {
        terms: [term('host.name', ['h2'])],
        docs: 0,
        start: '2026-11-20T08:00:03.000Z',
        end: '2026-11-20T08:00:03.000Z',
      },
    ])
    assert.equal(
      field(alerts[0], 'kibana.alert.instance.id'),
      objectHash([terms, rule.uuid, 'default']),
    )
    assert.equal(field(alerts[0], 'kibana.alert.original_time'), '2026-11-20T08:00:01.000Z')
    assert.equal(field(alerts[0], 'kibana.alert.uuid'), alerts[0]?.id)
  })

  test('the values of a field make one term, sorted; a missing one is null', () => {
    const events = [
      on(['b', 'a'], '2026-11-20T08:00:01Z'),
      on(['a', 'b'], '2026-11-20T08:00:02Z'),
      on(undefined, '2026-11-20T08:00:03Z'),
    ]
    const { alerts } = runHunt([eqlSuppressing()], events)

    assert.deepEqual(
      alerts.map((a) => [suppressionOf(a).terms, suppressionOf(a).docs]),
      [
        [[term('host.name', ['a', 'b'])], 1],
        [[term('host.name', null)], 0],
      ],
    )
  })

  test('doNotSuppress: an event without the field is an ordinary alert', () => {
    const events = [on('h1', '2026-11-20T08:00:01Z'), on(undefined, '2026-11-20T08:00:02Z')]
    const { alerts } = runHunt(
      [eqlSuppressing({ missing_fields_strategy: 'doNotSuppress' })],
      events,
    )

    assert.deepEqual(
      alerts.map((a) => suppressionOf(a).terms),
      [undefined, [term('host.name', ['h1'])]],
    )
  })

  test('replayed: an event counted by an earlier execution is not counted again', () => {
    const { alerts } = runHunt([eqlSuppressing({}, SCHEDULE)], REPLAYED, { mode: 'replay' })

    assert.deepEqual(
      alerts.map((a) => [suppressionOf(a).docs, suppressionOf(a).end]),
      [
        [2, '2026-11-20T08:04:30.000Z'],
        [0, '2026-11-20T08:09:00.000Z'],
      ],
    )
  })

  test('replayed with a duration: later executions join the open alert', () => {
    const rule = eqlSuppressing({ duration: { value: 1, unit: 'h' } }, SCHEDULE)
    const { alerts } = runHunt([rule], REPLAYED, { mode: 'replay' })

    assert.deepEqual(
      alerts.map((a) => [suppressionOf(a).docs, suppressionOf(a).end]),
      [[3, '2026-11-20T08:09:00.000Z']],
    )
  })
})

function sourceId(alert: Alert | undefined): unknown {
  const ancestors = field(alert, 'kibana.alert.ancestors') as { id: string }[] | undefined

  return ancestors?.[0]?.id
}
