import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Alert } from '../detect/index.ts'
import { ALERT_BULK_SINK } from './alert-bulk.ts'
import { ALERT_CSV_SINK } from './alert-csv.ts'
import { ALERT_NDJSON_SINK } from './alert-ndjson.ts'
import { ALERT_TABLE_SINK } from './alert-table.ts'

const ALERT: Alert = {
  id: 'abc',
  rulePosition: 0,
  document: {
    '@timestamp': '2026-12-01T00:00:00.000Z',
    host: { name: 'h1' },
    'kibana.alert.uuid': 'abc',
    'kibana.alert.rule.name': 'Rule, "quoted"',
    'kibana.alert.severity': 'high',
    'kibana.alert.reason': 'process event created high alert R.',
  },
}

const text = (pieces: Iterable<string>): string => [...pieces].join('')

describe('alert sinks', () => {
  test('ndjson writes one document per line', () => {
    assert.deepEqual(JSON.parse(text(ALERT_NDJSON_SINK.render([ALERT]))), ALERT.document)
  })

  test('bulk writes a create action for the alerts index, then the document', () => {
    const lines = text(ALERT_BULK_SINK.render([ALERT])).split('\n')
    assert.deepEqual(JSON.parse(lines[0] ?? ''), {
      create: { _index: '.alerts-security.alerts-default', _id: 'abc' },
    })
    assert.deepEqual(JSON.parse(lines[1] ?? ''), ALERT.document)
    assert.equal(lines[2], '')
  })

  test('csv quotes cells with commas and quotes, and reads nested fields', () => {
    const rows = text(ALERT_CSV_SINK.render([ALERT])).split('\r\n')
    assert.equal(
      rows[1],
      'abc,,"Rule, ""quoted""",,high,,,,h1,,,process event created high alert R.',
    )
  })

  test('the table cuts lines to the width and writes nothing for no alerts', () => {
    const lines = text(ALERT_TABLE_SINK.render([ALERT], { width: 50 }))
      .trimEnd()
      .split('\n')
    assert.equal(lines.length, 2)
    assert.ok(lines.every((line) => line.length <= 50))
    assert.equal(text(ALERT_TABLE_SINK.render([])), '')
  })
})
