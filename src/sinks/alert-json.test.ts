import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { alertDocumentJson } from './alert-json.ts'

describe('alertDocumentJson', () => {
  const parameters = { query: 'process where true', tags: ['a', 'b'], nested: { x: [1, null] } }
  const note = `## Triage\n${'"quoted" and \\ back-slashed text '.repeat(8)}`
  const documents: [string, Record<string, unknown>][] = [
    ['an empty document', {}],
    [
      'rule fields, source fields and undefined values',
      {
        '@timestamp': '2026-01-01T00:00:00.000Z',
        process: { name: 'cmd.exe', args: ['/c', 'whoami'] },
        'kibana.alert.rule.parameters': parameters,
        'kibana.alert.rule.note': note,
        'kibana.alert.rule.name': 'short',
        'kibana.alert.rule.building_block_type': undefined,
        'kibana.alert.rule.max_signals': 100,
        'kibana.alert.rule.enabled': true,
        'kibana.alert.rule.meta': null,
        'kibana.alert.reason': 'process event with process cmd.exe',
        skipped: undefined,
      },
    ],
    ['only an undefined value', { 'kibana.alert.rule.setup': undefined }],
    ['keys needing escapes', { 'a"b': 1, 'kibana.alert.rule.\u2028': [note] }],
  ]

  for (const [name, document] of documents) {
    test(`writes ${name} as JSON.stringify does, twice over the same values`, () => {
      assert.equal(alertDocumentJson(document), JSON.stringify(document))
      assert.equal(alertDocumentJson({ ...document }), JSON.stringify(document))
    })
  }

  test('a second rule with other values gets its own text', () => {
    const other = { ...parameters, query: 'network where true' }
    const first = { 'kibana.alert.rule.parameters': parameters }
    const second = { 'kibana.alert.rule.parameters': other }
    assert.equal(alertDocumentJson(first), JSON.stringify(first))
    assert.equal(alertDocumentJson(second), JSON.stringify(second))
  })
})
