import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import { Hunt } from './hunt.ts'
import { derivedEventId, ruleUuid } from './ids.ts'
import {
  compiled,
  eqlRule,
  field,
  processEvent,
  queryRule,
  runHunt,
  TEST_NOW,
} from './test-support.ts'

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

describe('alert documents', () => {
  const rule = compiled(
    queryRule('process.name:cmd.exe', {
      severity: 'high',
      risk_score: 73,
      tags: ['T'],
      timestamp_override: 'event.ingested',
      threat: [
        {
          framework: 'MITRE ATT&CK',
          tactic: { id: 'TA0002', name: 'Execution', reference: 'r' },
          technique: [],
        },
      ],
    }),
  )
  const event = processEvent('2026-11-20T08:00:00.000Z', {
    event: {
      kind: 'event',
      category: ['process'],
      type: ['start'],
      ingested: '2026-11-20T08:00:05Z',
    },
    user: { name: 'bob' },
  })
  const [alert] = runHunt(
    [rule],
    [{ source: event, file: 'a.ndjson', line: 7, index: 'logs-x' }],
  ).alerts

  test('the id is sha256 of index, derived id, version and space:rule uuid', () => {
    const id = derivedEventId('a.ndjson', 7)
    assert.equal(alert?.id, sha256(`logs-x${id}undefineddefault:${ruleUuid(rule.rule.rule_id)}`))
    assert.equal(field(alert, 'kibana.alert.uuid'), alert?.id)
  })

  test('source fields stay, event.kind becomes signal and the original event is flattened', () => {
    assert.deepEqual(alert?.document.event, {
      category: ['process'],
      type: ['start'],
      ingested: '2026-11-20T08:00:05Z',
    })
    assert.equal(field(alert, 'event.kind'), 'signal')
    assert.equal(field(alert, 'kibana.alert.original_event.kind'), 'event')
    assert.deepEqual(field(alert, 'kibana.alert.original_event.category'), ['process'])
    assert.equal(field(alert, 'kibana.alert.original_event.ingested'), '2026-11-20T08:00:05Z')
    assert.deepEqual(alert?.document.user, { name: 'bob' })
  })

  test('times: @timestamp is the run, original_time the event @timestamp', () => {
    assert.equal(field(alert, '@timestamp'), new Date(TEST_NOW).toISOString())
    assert.equal(field(alert, 'kibana.alert.original_time'), '2026-11-20T08:00:00.000Z')
  })

  test('the kibana.alert fields Kibana sets', () => {
    assert.deepEqual(field(alert, 'kibana.alert.ancestors'), [
      { id: derivedEventId('a.ndjson', 7), type: 'event', index: 'logs-x', depth: 0 },
    ])
    assert.equal(field(alert, 'kibana.alert.depth'), 1)
    assert.equal(field(alert, 'kibana.alert.status'), 'active')
    assert.equal(field(alert, 'kibana.alert.workflow_status'), 'open')
    assert.deepEqual(field(alert, 'kibana.space_ids'), ['default'])
    assert.equal(field(alert, 'kibana.alert.severity'), 'high')
    assert.equal(field(alert, 'kibana.alert.risk_score'), 73)
    assert.equal(
      field(alert, 'kibana.alert.reason'),
      'process event with process cmd.exe, by bob on h1 created high alert Test Rule.',
    )
  })

  test('rule fields and parameters', () => {
    assert.equal(field(alert, 'kibana.alert.rule.name'), 'Test Rule')
    assert.equal(field(alert, 'kibana.alert.rule.rule_id'), rule.rule.rule_id)
    assert.equal(field(alert, 'kibana.alert.rule.uuid'), rule.uuid)
    assert.equal(field(alert, 'kibana.alert.rule.type'), 'query')
    assert.equal(field(alert, 'kibana.alert.rule.rule_type_id'), 'siem.queryRule')
    assert.equal(field(alert, 'kibana.alert.rule.from'), 'now-6m')
    assert.equal(field(alert, 'kibana.alert.rule.interval'), '5m')
    assert.equal(field(alert, 'kibana.alert.rule.max_signals'), 100)
    assert.deepEqual(field(alert, 'kibana.alert.rule.tags'), ['T'])
    assert.equal(field(alert, 'kibana.alert.rule.timestamp_override'), 'event.ingested')
    const parameters = field(alert, 'kibana.alert.rule.parameters') as Record<string, unknown>
    assert.equal(parameters.query, 'process.name:cmd.exe')
    assert.equal(parameters.language, 'kuery')
    assert.equal(parameters.name, undefined)
    assert.equal(parameters.provenance, undefined)
  })

  test('an alert read back as input is not alerted on by its own rule', () => {
    const again = runHunt([rule], [alert?.document ?? {}])
    assert.equal(again.alerts.length, 0)
  })

  test('another rule alerting on an alert records it as a signal ancestor one level deeper', () => {
    const other = compiled(queryRule('process.name:cmd.exe', { rule_id: 'other' }))
    const [second] = runHunt(
      [other],
      [
        {
          source: alert?.document ?? {},
          file: 'alerts.ndjson',
          line: 1,
          id: alert?.id ?? '',
          index: '.alerts-security.alerts-default',
        },
      ],
    ).alerts
    assert.equal(field(second, 'kibana.alert.depth'), 2)
    const ancestors = field(second, 'kibana.alert.ancestors') as { type: string; rule?: string }[]
    assert.deepEqual(
      ancestors.map((a) => a.type),
      ['event', 'signal'],
    )
    assert.equal(ancestors[1]?.rule, rule.uuid)
  })
})

describe('running rules over inputs', () => {
  test('index patterns select inputs; unknown indices always run', () => {
    const rule = compiled(queryRule('process.name:cmd.exe', { index: ['logs-endpoint*'] }))
    const source = processEvent('2026-11-20T08:00:00Z')
    const result = runHunt(
      [rule],
      [
        { source, file: 'a', line: 1, index: 'logs-endpoint.events.process-default' },
        { source, file: 'a', line: 2, index: 'winlogbeat-1' },
        { source, file: 'a', line: 3 },
      ],
    )
    assert.deepEqual(
      result.alerts.map(
        (a) => (field(a, 'kibana.alert.ancestors') as { index: string }[])[0]?.index,
      ),
      ['logs-endpoint.events.process-default', 'a'],
    )
  })

  test('the same event read twice gives one alert', () => {
    const rule = compiled(queryRule('process.name:cmd.exe'))
    const source = processEvent('2026-11-20T08:00:00Z')
    const twice = [
      { source, file: 'a', line: 1, id: 'x', index: 'logs-x' },
      { source, file: 'b', line: 9, id: 'x', index: 'logs-x' },
    ]
    assert.equal(runHunt([rule], twice).alerts.length, 1)
  })

  test('the category index still gives every rule its events', () => {
    const rules = [
      compiled(eqlRule('process where process.name == "cmd.exe"'), {}, 0),
      compiled(eqlRule('network where true', { rule_id: 'n' }), {}, 1),
      compiled(
        queryRule('event.category:(process or file) and process.name:cmd.exe', { rule_id: 'q' }),
        {},
        2,
      ),
      compiled(eqlRule('any where process.name == "cmd.exe"', { rule_id: 'a' }), {}, 3),
    ]
    const events = [
      processEvent('2026-11-20T08:00:00Z'),
      processEvent('2026-11-20T08:00:01Z', { event: { category: ['network', 'process'] } }),
      processEvent('2026-11-20T08:00:02Z', { event: { category: 'file' } }),
    ]
    const counts = runHunt(rules, events).rules.map((r) => r.alerts)
    assert.deepEqual(counts, [2, 1, 3, 3])
  })

  test('event_category_override reads the category from another field', () => {
    const rule = compiled(eqlRule('process where true', { event_category_override: 'event.type' }))
    const events = [
      processEvent('2026-11-20T08:00:00Z', { event: { type: 'process' } }),
      processEvent('2026-11-20T08:00:01Z'),
    ]
    assert.equal(runHunt([rule], events).alerts.length, 1)
  })

  test('since and until cut on the override time, falling back to @timestamp', () => {
    const rule = compiled(
      queryRule('process.name:cmd.exe', { timestamp_override: 'event.ingested' }),
    )
    const events = [
      processEvent('2026-11-20T08:00:00Z', {
        event: { category: ['process'], ingested: '2026-11-20T09:00:00Z' },
      }),
      processEvent('2026-11-20T08:30:00Z'),
      processEvent('2026-11-20T07:00:00Z'),
      // a null override is no value, dotted as nested: the event falls back to @timestamp
      processEvent('2026-11-20T08:40:00Z', { 'event.ingested': null }),
    ]
    const since = Date.parse('2026-11-20T08:15:00Z')
    const times = runHunt([rule], events, { since }).alerts.map((a) =>
      field(a, 'kibana.alert.original_time'),
    )
    assert.deepEqual(times, [
      '2026-11-20T08:30:00.000Z',
      '2026-11-20T08:40:00.000Z',
      '2026-11-20T08:00:00.000Z',
    ])
  })

  test('rule filters and exceptions run before the query matches', () => {
    const rule = compiled(
      queryRule('process.name:cmd.exe', {
        filters: [{ meta: { negate: true }, query: { match_phrase: { 'host.name': 'h2' } } }],
      }),
    )
    const events = [
      processEvent('2026-11-20T08:00:00Z'),
      processEvent('2026-11-20T08:00:01Z', { host: { name: 'h2' } }),
    ]
    assert.equal(runHunt([rule], events).alerts.length, 1)
  })

  // the rules test events in batches: more events than a batch, and a span asked before the end
  test('matches every event across batches, in input order, and spans the override times', () => {
    const rule = compiled(
      queryRule('process.name:cmd.exe', { timestamp_override: 'event.ingested' }),
    )
    const hunt = new Hunt([rule], { mode: 'all', now: TEST_NOW })
    const start = Date.parse('2026-11-20T08:00:00Z')
    for (let i = 0; i < 1500; i++) {
      const at = new Date(start + i * 1000).toISOString()
      const ingested = new Date(start + i * 1000 + 3_600_000).toISOString()
      hunt.push({
        source: processEvent(at, { event: { category: ['process'], ingested } }),
        file: 'many.ndjson',
        line: i + 1,
      })
    }

    assert.deepEqual(hunt.span, { first: start, last: start + 1499 * 1000 + 3_600_000 })
    const lines = hunt.finish().alerts.map((a) => field(a, 'kibana.alert.original_time'))
    assert.equal(lines.length, 1500)
    assert.equal(lines[0], new Date(start).toISOString())
    assert.equal(lines[1499], new Date(start + 1499 * 1000).toISOString())
  })
})
