import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { loadJsonRules, loadNdjsonRules } from './load-json.ts'
import { querySpanInFile } from './query-origin.ts'
import { positionOf, readFixture } from './test-fixtures.ts'

describe('kibana export loader', () => {
  const { path, text } = readFixture('json/export.ndjson')
  const { rules, diagnostics } = loadNdjsonRules(path, text)

  test('loads the rules and skips the summary, exception lists and items', () => {
    assert.deepEqual(
      rules.map((r) => [r.rule_id, r.type, r.provenance.line]),
      [
        ['7c2d8e10-2222-4b3c-8d4e-000000000001', 'eql', 1],
        ['7c2d8e10-2222-4b3c-8d4e-000000000002', 'query', 2],
      ],
    )
  })

  test('reports the broken line and the wrong field type at their lines', () => {
    const found = diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column])
    const line3 = text.split('\n')[2] ?? ''
    assert.deepEqual(found, [
      ['ERR_RULE_JSON_SYNTAX', 3, line3.length + 1],
      ['ERR_RULE_FIELD_TYPE', 4, positionOf(text, 4, '"100"').column],
    ])
    assert.equal(diagnostics[1]?.message, '"max_signals" must be an integer, got string "100"')
  })

  test('keeps api fields and applies defaults', () => {
    const [eql, query] = rules
    assert.ok(eql?.type === 'eql' && query?.type === 'query')
    assert.equal(eql.version, 3)
    assert.deepEqual(eql.exceptions_list, [
      {
        id: 'endpoint_list',
        list_id: 'endpoint_list',
        type: 'endpoint',
        namespace_type: 'agnostic',
      },
    ])
    assert.equal(eql.threat[0]?.technique[0]?.subtechnique[0]?.id, 'T1059.001')
    assert.equal(query.enabled, false)
    assert.equal(query.interval, '5m')
    assert.equal(query.from, 'now-6m')
    assert.equal(query.rule_name_override, 'message')
    assert.deepEqual(query.severity_mapping, [
      { field: 'event.severity', operator: 'equals', value: '4', severity: 'high' },
    ])
    assert.deepEqual(query.alert_suppression, {
      group_by: ['user.name'],
      duration: { value: 1, unit: 'h' },
      missing_fields_strategy: 'suppress',
    })
  })

  test('maps query positions through json escapes', () => {
    const origin = rules[0]?.provenance.query
    assert.ok(origin?.positions !== undefined)
    // "process.name" starts the second query line, after the \n escape and two spaces
    const query = rules[0]?.type === 'eql' ? rules[0].query : ''
    const offset = query.indexOf('process.name')
    const span = querySpanInFile(
      { start: { offset, line: 2, column: 3 }, end: { offset: offset + 12, line: 2, column: 15 } },
      origin,
    )
    assert.equal(span.start.line, 1)
    assert.equal(span.start.column, positionOf(text, 1, 'process.name').column)
  })
})

describe('single rule json loader', () => {
  test('loads a pretty-printed threat match rule', () => {
    const { path, text } = readFixture('json/threat-match.json')
    const { rules, diagnostics } = loadJsonRules(path, text)
    assert.deepEqual(diagnostics, [])
    const rule = rules[0]
    assert.ok(rule?.type === 'threat_match')
    assert.deepEqual(rule.threat_index, ['logs-ti_*'])
    assert.equal(rule.threat_indicator_path, 'threat.indicator')
    assert.deepEqual(rule.threat_mapping, [
      { entries: [{ field: 'destination.ip', type: 'mapping', value: 'threat.indicator.ip' }] },
    ])
    const at = rule.provenance.positions.get('risk_score')?.start
    assert.deepEqual({ line: at?.line, column: at?.column }, positionOf(text, 10, '99'))
  })

  test('reports a syntax error with line and column', () => {
    // kept inline: a broken .json fixture would trip the repository's prettier check
    const text = '{\n  "rule_id": "x",\n  "name": oops\n}\n'
    const { diagnostics } = loadJsonRules('not-json.json', text)
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.span.start.line, d.span.start.column]),
      [['ERR_RULE_JSON_SYNTAX', 'invalid json: unexpected "o"', 3, 11]],
    )
  })

  test('loads an array of rules and reports a non-object item', () => {
    const good =
      '{"rule_id":"a","name":"n","description":"d","type":"query","severity":"low","risk_score":1}'
    const { rules, diagnostics } = loadJsonRules('list.json', `[${good}, 7]`)
    assert.equal(rules.length, 1)
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.span.start.column]),
      [['ERR_RULE_FIELD_TYPE', good.length + 4]],
    )
  })
})

describe('saved object export loader', () => {
  test('turns camelCase params into the rule model', () => {
    const { path, text } = readFixture('json/saved-objects.ndjson')
    const { rules, diagnostics } = loadNdjsonRules(path, text)
    assert.deepEqual(diagnostics, [])
    const rule = rules[0]
    assert.ok(rule?.type === 'eql')
    assert.equal(rule.rule_id, '7c2d8e10-2222-4b3c-8d4e-000000000006')
    assert.equal(rule.name, 'Saved Object EQL')
    assert.equal(rule.interval, '10m')
    assert.equal(rule.max_signals, 50)
    assert.equal(rule.risk_score, 21)
    assert.equal(rule.timestamp_override, 'event.ingested')
  })

  test('points saved object diagnostics into attributes.params', () => {
    const line =
      '{"type":"alert","attributes":{"name":"n","params":{"ruleId":"r","type":"query","description":"d","severity":"low","riskScore":"x"}}}'
    const { diagnostics } = loadNdjsonRules('so.ndjson', line)
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.span.start.column]),
      [['ERR_RULE_FIELD_TYPE', line.indexOf('"x"') + 1]],
    )
  })
})
