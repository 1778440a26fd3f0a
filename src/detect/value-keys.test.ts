import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseEql } from '../eql/index.ts'
import { parseKql } from '../kql/index.ts'
import { compiled, eqlRule, processEvent, queryRule, runHunt } from './test-support.ts'
import { eqlValueKey, kqlValueKey } from './value-keys.ts'

const EQL_CASES: readonly [string, unknown][] = [
  ['process where process.name == "Cmd.exe"', { field: 'process.name', values: ['cmd.exe'] }],
  [
    'process where process.name : ("a.exe", "B.exe") and host.os.type == "windows"',
    { field: 'process.name', values: ['a.exe', 'b.exe'] },
  ],
  ['process where host.os.type == "windows"', { field: 'host.os.type', values: ['windows'] }],
  ['process where process.name : "*.exe"', null],
  ['process where process.name != "a"', null],
  ['process where not process.name == "a"', null],
  [
    'process where process.name in ("a", "b") or process.name == "c"',
    { field: 'process.name', values: ['a', 'b', 'c'] },
  ],
  ['process where process.name == "a" or process.parent.name == "b"', null],
  [
    'process where ?process.pe.original_file_name in ("X")',
    { field: 'process.pe.original_file_name', values: ['x'] },
  ],
  ['network where source.ip == "10.0.0.1"', null],
  ['process where process.name.caseless == "a"', null],
  ['process where process.name regex "a.*"', null],
  ['sequence [process where process.name == "a"] [process where process.name == "b"]', null],
]

const KQL_CASES: readonly [string, unknown][] = [
  ['process.name:cmd.exe', { field: 'process.name', values: ['cmd.exe'] }],
  ['event.action:(A or b) and process.name:x', { field: 'process.name', values: ['x'] }],
  ['message:hello', null],
  ['process.name:*.exe', null],
  ['not process.name:a', null],
  ['process.name:a or event.action:b', null],
  ['event.action:"Add member"', { field: 'event.action', values: ['add member'] }],
]

describe('value keys', () => {
  for (const [query, expected] of EQL_CASES) {
    test(`eql ${query} keys on ${JSON.stringify(expected)}`, () => {
      const parsed = parseEql(query)
      assert.ok(parsed.ok)
      assert.deepEqual(eqlValueKey(parsed.value), expected)
    })
  }

  for (const [query, expected] of KQL_CASES) {
    test(`kql ${query} keys on ${JSON.stringify(expected)}`, () => {
      const parsed = parseKql(query)
      assert.ok(parsed.ok)
      assert.deepEqual(kqlValueKey(parsed.value), expected)
    })
  }

  test('keyed rules still meet events whose value differs in case or sits in an array', () => {
    const rules = [
      compiled(eqlRule('process where process.name : "cmd.exe"'), {}, 0),
      compiled(queryRule('process.name:CMD.EXE', { rule_id: 'k' }), {}, 1),
      compiled(eqlRule('process where process.name == "other.exe"', { rule_id: 'o' }), {}, 2),
    ]
    const events = [
      processEvent('2026-11-20T08:00:00Z', { process: { name: 'CMD.EXE' } }),
      processEvent('2026-11-20T08:00:01Z', { process: { name: ['x', 'cmd.exe'] } }),
    ]
    assert.deepEqual(
      runHunt(rules, events).rules.map((r) => r.alerts),
      [2, 1, 0],
    )
  })
})
