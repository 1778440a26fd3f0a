import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compareCase, fieldValue } from './compare.ts'
import { parseTestFile } from './parse-test-file.ts'
import type { ActualAlert, CaseRun } from './run-case.ts'

const HEADER = 'rule = "r.toml"\n'

function parseOk(text: string) {
  const parsed = parseTestFile('t.test.toml', HEADER + text)
  assert.ok(parsed.ok, JSON.stringify(parsed.diagnostics))

  return parsed.value
}

describe('parseTestFile', () => {
  test('reads tables and json strings as events, with _id and _index taken out', () => {
    const file = parseOk(`events = ['{"_id": "j", "_index": "logs-x", "a": 1}']
[[case]]
alerts = 1
[[case.events]]
_id = "t"
"@timestamp" = 2026-01-01T00:00:00Z
process.name = "cmd.exe"
`)
    const events = [...file.fixtures.events, ...(file.cases[0]?.fixtures.events ?? [])]
    assert.deepEqual(
      events.map((e) => [e.id, e.index, e.source]),
      [
        ['j', 'logs-x', { a: 1 }],
        [
          't',
          undefined,
          { '@timestamp': '2026-01-01T00:00:00.000Z', process: { name: 'cmd.exe' } },
        ],
      ],
    )
  })

  test('flattens nested expected fields into dotted paths', () => {
    const file = parseOk(`[[case]]
[[case.alert]]
events = ["a"]
fields = { "kibana.alert.severity" = "high", process = { name = "x" } }
`)
    assert.deepEqual(
      [...(file.cases[0]?.expected[0]?.fields ?? [])],
      [
        ['kibana.alert.severity', 'high'],
        ['process.name', 'x'],
      ],
    )
  })

  const malformed: [string, string, string][] = [
    ['[[case]\n', 'ERR_TEST_TOML', '2:8'],
    ['nme = 1\n[[case]]\nalerts = 0\n', 'ERR_TEST_UNKNOWN_KEY', '2:1'],
    ['[[case]]\nalerts = -1\n', 'ERR_TEST_TYPE', '3:10'],
    ['replay = "yes"\n[[case]]\nalerts = 0\n', 'ERR_TEST_TYPE', '2:10'],
    ['', 'ERR_TEST_NO_CASES', '1:1'],
  ]
  for (const [text, code, where] of malformed) {
    test(`reports ${code} at ${where} for ${JSON.stringify(text)}`, () => {
      const parsed = parseTestFile('t.test.toml', HEADER + text)
      const diagnostics = parsed.ok
        ? parsed.value.cases.flatMap((c) => c.diagnostics)
        : parsed.diagnostics
      const first = diagnostics[0]
      assert.equal(first?.code, code)
      assert.equal(`${String(first.span.start.line)}:${String(first.span.start.column)}`, where)
    })
  }

  test('keeps a problem on its case so the other cases still run', () => {
    const file = parseOk('[[case]]\nalerts = 0\n[[case]]\nalerts = 0\nbogus = 1\n')
    assert.deepEqual(
      file.cases.map((c) => c.diagnostics.map((d) => d.code)),
      [[], ['ERR_TEST_UNKNOWN_KEY']],
    )
  })
})

function alert(events: string[], document: Record<string, unknown>): ActualAlert {
  return { id: events.join('+'), events, document, buildingBlocks: [] }
}

function run(alerts: ActualAlert[]): CaseRun {
  return { alerts, truncatedExecutions: 0, labels: new Set(), warnings: [] }
}

describe('compareCase', () => {
  const file = parseOk(`[[case]]
[[case.alert]]
events = ["a"]
fields = { "kibana.alert.severity" = "high" }
[[case.alert]]
events = ["b", "c"]
`)
  const testCase = file.cases[0]!

  test('passes when every listed alert is there with its fields', () => {
    const alerts = [alert(['b', 'c'], {}), alert(['a'], { 'kibana.alert.severity': 'high' })]
    assert.deepEqual(compareCase(testCase, run(alerts)), [])
  })

  test('names the field that differs, the missing alert and the unexpected one', () => {
    const wrong = alert(['a'], { 'kibana.alert.severity': 'low' })
    const extra = alert(['z'], {})
    const kinds = compareCase(testCase, run([wrong, extra])).map((m) => m.kind)
    assert.deepEqual(kinds, ['missing', 'field', 'unexpected'])
  })
})

describe('fieldValue', () => {
  const doc = {
    'kibana.alert.severity': 'high',
    process: { parent: { name: 'w3wp.exe' } },
    'a.b': { c: 1 },
  }
  const cases: [string, unknown][] = [
    ['kibana.alert.severity', 'high'],
    ['process.parent.name', 'w3wp.exe'],
    ['a.b.c', 1],
    ['process.name', undefined],
  ]
  for (const [path, value] of cases) {
    test(`reads ${path}`, () => {
      assert.deepEqual(fieldValue(doc, path), value)
    })
  }
})
