import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { parseKqlOrThrow } from '../../kql/index.ts'
import { compileKql } from './index.ts'
import type { CompileKqlOptions } from './index.ts'

const NOW = Date.parse('2026-03-15T10:00:00Z')

const SPEC: NonNullable<CompileKqlOptions['fieldSpec']> = (name) =>
  name === 'x.float' ? { type: 'float' } : name === 'x.flag' ? { type: 'boolean' } : undefined

function matches(query: string, event: Record<string, unknown>): boolean {
  const compiled = compileKql(parseKqlOrThrow(query), { now: NOW, fieldSpec: SPEC })
  assert.ok(compiled.ok, JSON.stringify(compiled.diagnostics))

  return compiled.value.matches(event)
}

type Case = [string, Record<string, unknown>, boolean]

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const [query, event, expected] of cases) {
      test(`${JSON.stringify(query)} on ${JSON.stringify(event).slice(0, 90)} is ${expected}`, () => {
        assert.equal(matches(query, event), expected)
      })
    }
  })
}

table('keyword fields (term, wildcard, D3, D5)', [
  ['process.name:cmd.exe', { process: { name: 'cmd.exe' } }, true],
  ['process.name:cmd.exe', { process: { name: ' cmd.exe' } }, false],
  ['process.name:"cmd.exe"', { 'process.name': 'cmd.exe' }, true],
  ['process.pid:42 and event.code:42', { event: { code: 42 }, process: { pid: 42 } }, true],
  ['event.code:true', { event: { code: true } }, true],
  ['process.name:cmd*', { process: { name: 'cmd.exe' } }, true],
  ['process.name:CMD*', { process: { name: 'cmd.exe' } }, false],
  ['process.name:*.e?e', { process: { name: 'cmd.exe' } }, false],
  ['process.name:*.e?e', { process: { name: 'cmd.e?e' } }, true],
  ['process.name:c*d*e', { process: { name: 'cmd.exe' } }, true],
  ['process.name:c*d*x', { process: { name: 'cmd.exe' } }, false],
  ['process.name:*', { process: { name: 'x'.repeat(1025) } }, false],
  ['process.name:*', { process: { name: 'x'.repeat(1024) } }, true],
  ['process.args:a and process.args:b', { process: { args: ['a', 'b'] } }, true],
  ['process.args:(a and b)', { process: { args: ['a'] } }, false],
  ['process.name < "b"', { process: { name: 'abc' } }, true],
  ['process.name < "b"', { process: { name: 'bcd' } }, false],
  ['process.name >= "\u{1F600}"', { process: { name: '\uffff' } }, false],
])

table('normalised and constant keyword fields (M4, M5)', [
  ['process.name.caseless:cmd.exe', { process: { name: 'CMD.EXE' } }, true],
  ['process.name.caseless:CMD.exe', { process: { name: 'cmd.EXE' } }, true],
  ['process.name.caseless:*POWERSHELL*', { process: { name: 'x\\PowerShell.exe' } }, true],
  ['data_stream.dataset:okta.*', { data_stream: { dataset: 'okta.system' } }, true],
  ['data_stream.dataset:okta', { data_stream: { dataset: 'okta.system' } }, false],
])

table('wildcard-typed fields (M6, M9)', [
  ['process.command_line:"whoami /all"', { process: { command_line: 'whoami /all' } }, true],
  ['process.command_line:whoami', { process: { command_line: 'whoami /all' } }, false],
  ['process.command_line:WHOAMI*', { process: { command_line: 'whoami /all' } }, false],
  ['process.command_line:*curl*', { process: { command_line: 'sh -c curl x' } }, true],
  ['process.command_line:*/all', { process: { command_line: 'whoami /all' } }, true],
  ['process.command_line:(*x* or *y*)', { process: { command_line: 'abc' } }, false],
  ['process.command_line:foo bar*', { process: { command_line: 'foo' } }, true],
  ['process.command_line:foo bar*', { process: { command_line: 'bark' } }, true],
  ['process.command_line:foo bar*', { process: { command_line: 'foo bark' } }, false],
  ['process.command_line:*', { process: { command_line: 'x'.repeat(5000) } }, true],
])

table('text fields and multi-fields (M7, M8, D6)', [
  ['message:Segfault', { message: 'kernel: segfault at 0' }, true],
  ['message:"segfault at"', { message: 'kernel: segfault at 0' }, true],
  ['message:"at segfault"', { message: 'kernel: segfault at 0' }, false],
  ['message:"segfault at"', { message: ['kernel: segfault', 'at 0'] }, false],
  ['message:"   "', { message: 'anything' }, false],
  ['message:*FAULT', { message: 'kernel: segfault at 0' }, true],
  ['message:*fault*at*', { message: 'kernel: segfault at 0' }, false],
  ['message:* foo*', { message: 'no such words' }, true],
  [
    'process.command_line.text:whoami',
    { process: { command_line: 'C:\\Windows\\whoami.exe /all' } },
    false,
  ],
  [
    'process.command_line.text:all',
    { process: { command_line: 'C:\\Windows\\whoami.exe /all' } },
    true,
  ],
  [
    'process.command_line.text:"whoami.exe all"',
    { process: { command_line: 'C:\\Windows\\whoami.exe /ALL' } },
    true,
  ],
  ['x.message:hello', { x: { message: 'Hello world' } }, true],
  ['x.command_line:hello', { x: { command_line: 'hello world' } }, false],
  ['x.command_line.text:hello', { x: { command_line: 'hello world' } }, true],
  ['message > "m"', { message: 'a zebra' }, true],
])

table('ip fields (M10)', [
  ['source.ip:10.1.2.3', { source: { ip: '10.1.2.3' } }, true],
  ['source.ip:"::ffff:10.1.2.3"', { source: { ip: '10.1.2.3' } }, true],
  ['source.ip:"2001:db8::1"', { source: { ip: '2001:0DB8:0:0:0:0:0:1' } }, true],
  ['source.ip:"2001:db8::/32"', { source: { ip: '2001:db8:ffff::1' } }, true],
  ['source.ip:"2001:db8::/32"', { source: { ip: '2001:db9::1' } }, false],
  ['source.ip:0.0.0.0/0', { source: { ip: '8.8.8.8' } }, true],
  ['source.ip:0.0.0.0/0', { source: { ip: '::1' } }, false],
  ['source.ip:192.168.0.0/16', { source: { ip: ['8.8.8.8', '192.168.1.1'] } }, true],
  ['source.ip:10.0.0.0/8', { source: { ip: 'host.example' } }, false],
  ['source.ip >= 10.0.0.5 and source.ip < 10.0.0.9', { source: { ip: '10.0.0.7' } }, true],
  ['src_ip:10.0.0.0/8', { src_ip: '10.9.9.9' }, true],
  ['not source.ip:10.0.0.0/8', { source: { ip: '300.1.1.1' } }, true],
])

table('date fields (M12, M13)', [
  ['@timestamp:"2024-01-01"', { '@timestamp': '2024-01-01T23:59:59.999Z' }, true],
  ['@timestamp:"2024-01-01"', { '@timestamp': '2024-01-02T00:00:00Z' }, false],
  ['@timestamp:2024-01', { '@timestamp': '2024-01-31T12:00:00Z' }, true],
  ['@timestamp > "2024-01-01"', { '@timestamp': '2024-01-01T12:00:00Z' }, false],
  ['@timestamp >= "2024-01-01"', { '@timestamp': '2024-01-01T00:00:00Z' }, true],
  ['@timestamp <= "2024-01-01"', { '@timestamp': '2024-01-01T23:00:00Z' }, true],
  ['@timestamp < "2024-01-01"', { '@timestamp': '2024-01-01T00:00:00Z' }, false],
  ['@timestamp:"2024-01-01T10:00:00+02:00"', { '@timestamp': '2024-01-01T08:00:00Z' }, true],
  ['@timestamp:1704067200000', { '@timestamp': 1704067200000 }, true],
  ['@timestamp:1704067200000', { '@timestamp': '2024-01-01T00:00:00.000Z' }, true],
  ['@timestamp > "now-1h"', { '@timestamp': '2026-03-15T09:30:00Z' }, true],
  ['@timestamp > "now-1h"', { '@timestamp': '2026-03-15T08:30:00Z' }, false],
  ['@timestamp < "now/d"', { '@timestamp': '2026-03-14T23:59:59Z' }, true],
  ['@timestamp < "now/d"', { '@timestamp': '2026-03-15T00:00:01Z' }, false],
  ['@timestamp >= "2024-01-31||+1M/d"', { '@timestamp': '2024-02-29T00:00:00Z' }, true],
  ['@timestamp:*', { '@timestamp': 'yesterday' }, false],
  ['x.timestamp >= "2024-01-01"', { x: { timestamp: '2024-06-01' } }, true],
])

table('numeric and boolean fields (M11, M14, D3)', [
  ['destination.port:443', { destination: { port: 443 } }, true],
  ['destination.port:"443"', { destination: { port: '443' } }, true],
  ['destination.port:443', { destination: { port: 443.7 } }, true],
  ['destination.port:443.5', { destination: { port: 443 } }, false],
  ['destination.port > 442.5', { destination: { port: 443 } }, true],
  ['destination.port:1e3', { destination: { port: 1000 } }, true],
  ['destination.port:*', { destination: { port: 'n/a' } }, false],
  ['not destination.port:80', { destination: { port: 'n/a' } }, true],
  ['x.float:0.1', { x: { float: 0.10000000149011612 } }, true],
  ['x.float:0.1', { x: { float: 0.1 } }, true],
  ['x.flag:true', { x: { flag: 'true' } }, true],
  ['x.flag:false', { x: { flag: '' } }, true],
  ['x.flag:"false"', { x: { flag: false } }, true],
  ['x.flag:true', { x: { flag: 1 } }, false],
  [
    'process.code_signature.trusted:true',
    { process: { code_signature: { trusted: [false, true] } } },
    true,
  ],
])

table('unmapped fields are typed by their values (dynamic mapping)', [
  ['custom.field:abc', { custom: { field: 'abc' } }, true],
  ['custom.field:ABC', { custom: { field: 'abc' } }, false],
  ['custom.field:12', { custom: { field: 12 } }, true],
  ['custom.field:12', { custom: { field: 12.0 } }, true],
  ['custom.field:12', { custom: { field: '12' } }, true],
  ['custom.field:012', { custom: { field: '12' } }, false],
  ['custom.field:true', { custom: { field: true } }, true],
  ['custom.field > 5', { custom: { field: 10 } }, true],
  ['custom.field > 5', { custom: { field: '10' } }, false],
  ['custom.field:*', { custom: { field: { deeper: 1 } } }, true],
  ['custom.field:*', { custom: { field: {} } }, false],
  ['custom.field:a*', { custom: { field: 'abc' } }, true],
  ['custom.field:1*', { custom: { field: 12 } }, false],
])

table('not, missing fields and arrays (N1–N3)', [
  ['not user.id:"S-1-5-18"', {}, true],
  ['not user.id:"S-1-5-18"', { user: { id: ['S-1-5-18', 'x'] } }, false],
  ['not process.name:(a or b)', { process: {} }, true],
  ['user.id:*', { user: { id: null } }, false],
  ['user.id:*', { user: { id: [null] } }, false],
  ['user.id:*', { user: { id: [null, 'x'] } }, true],
  [
    'dns.answers.data:b and dns.answers.type:A',
    {
      dns: {
        answers: [
          { data: 'a', type: 'A' },
          { data: 'b', type: 'CNAME' },
        ],
      },
    },
    true,
  ],
  ['*:*', {}, true],
  ['', {}, true],
  ['a:1 and not (b:2 or c:3)', { a: 1, c: 3 }, false],
])

table('nested queries (N5, T10)', [
  [
    'threat.enrichments:{ indicator.ip:"1.2.3.4" and matched.field:source.ip }',
    {
      threat: { enrichments: [{ indicator: { ip: '1.2.3.4' }, matched: { field: 'source.ip' } }] },
    },
    true,
  ],
  [
    'threat.enrichments:{ indicator.ip:"1.2.3.4" and matched.field:source.ip }',
    {
      threat: {
        enrichments: [{ indicator: { ip: '1.2.3.4' } }, { matched: { field: 'source.ip' } }],
      },
    },
    false,
  ],
  ['p:{ not x:1 }', { p: [] }, false],
  ['p:{ not x:1 }', { p: [{ x: 1 }, { x: 2 }] }, true],
  ['not p:{ x:1 }', { p: [{ x: 2 }] }, true],
  ['p:{ x:1 }', { p: { x: 1 } }, true],
  ['a:{ b:{ c:1 } }', { a: [{ b: [{ c: 2 }, { c: 1 }] }] }, true],
  ['p:{ *:1 }', { p: [{ y: 1 }] }, true],
  // dotted keys expand into one object, as Elasticsearch indexes them
  ['p.q:{ x:1 and y:2 }', { 'p.q.x': 1, 'p.q.y': 2 }, true],
  ['p.q:{ x:1 and y:2 }', { p: { 'q.x': 1, 'q.y': 2 } }, true],
  ['p.q:{ x:1 and y:2 }', { 'p.q.x': 1, 'p.q.z': 2 }, false],
])

table('wildcard field names (G16)', [
  ['process.*:cmd.exe', { process: { name: 'cmd.exe' } }, true],
  ['process.*:cmd.exe', { process: { parent: { name: 'cmd.exe' } } }, true],
  ['process.*:cmd.exe', { file: { name: 'cmd.exe' } }, false],
  ['*.ip:10.0.0.0/8', { source: { ip: '10.0.0.1' } }, true],
  ['*.ip:10.0.0.0/8', { destination: { ip: 'not-an-ip' } }, false],
  ['process.command_line.*:whoami', { process: { command_line: 'run whoami now' } }, true],
  ['file.hash.* >= "b"', { file: { hash: { md5: 'c0' } } }, true],
  ['Process.*:cmd.exe', { process: { name: 'cmd.exe' } }, false],
])

table('free text (T7)', [
  ['"ran mimikatz"', { message: 'they ran Mimikatz today' }, true],
  ['"ran mimikatz"', { process: { name: 'ran mimikatz' } }, true],
  ['*katz*', { process: { name: 'mimikatz.exe' } }, true],
  ['*KATZ*', { event: { action: 'mimikatz.exe' } }, false],
  ['*KATZ*', { message: 'ran mimikatz' }, true],
  ['443', { destination: { port: 443 } }, false],
  ['*', {}, true],
])

describe('clauses Elasticsearch rejects fail the compile', () => {
  const cases: [string, string, number][] = [
    ['destination.port:https', 'ERR_KQL_INVALID_NUMBER', 18],
    ['destination.port > abc', 'ERR_KQL_INVALID_NUMBER', 20],
    ['source.ip:host.example', 'ERR_KQL_INVALID_IP', 11],
    ['source.ip:10.*', 'ERR_KQL_WILDCARD_UNSUPPORTED', 11],
    ['@timestamp:yesterday', 'ERR_KQL_INVALID_DATE', 12],
    ['@timestamp:2024*', 'ERR_KQL_WILDCARD_UNSUPPORTED', 12],
    ['process.code_signature.trusted:True', 'ERR_KQL_INVALID_BOOLEAN', 32],
    ['process.name:null', 'ERR_KQL_NULL_VALUE', 14],
    ['null', 'ERR_KQL_NULL_VALUE', 1],
    ['process.*:(a or null)', 'ERR_KQL_NULL_VALUE', 17],
    ['threat.enrichments.indicator.ip:"1.2.3.4"', 'ERR_KQL_NESTED_FIELD', 1],
    ['process.name:{ x:1 }', 'ERR_KQL_NESTED_FIELD', 1],
  ]
  for (const [query, code, column] of cases) {
    test(`${JSON.stringify(query)} is ${code} at column ${column}`, () => {
      const compiled = compileKql(parseKqlOrThrow(query), { source: 'r.toml' })
      assert.equal(compiled.ok, false)
      assert.equal(compiled.diagnostics[0]?.code, code)
      assert.equal(compiled.diagnostics[0].span.start.column, column)
      assert.equal(compiled.diagnostics[0].source, 'r.toml')
    })
  }

  test('every problem is reported, not only the first', () => {
    const compiled = compileKql(parseKqlOrThrow('destination.port:x or source.ip:y'))
    assert.deepEqual(
      compiled.diagnostics.map((d) => d.code),
      ['ERR_KQL_INVALID_NUMBER', 'ERR_KQL_INVALID_IP'],
    )
  })
})

describe('evaluation is safe on any parsed line', () => {
  test('a reused, mutated event object is read afresh on every call', () => {
    const compiled = compileKql(parseKqlOrThrow('process.name:(a or b) and message:hello'))
    assert.ok(compiled.ok)
    const event: Record<string, unknown> = { process: { name: 'a' }, message: 'hello' }
    assert.equal(compiled.value.matches(event), true)
    event.process = { name: 'c' }
    assert.equal(compiled.value.matches(event), false)
  })

  test('deeply nested input neither throws nor matches below the depth limit', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 20000; i++) deep = [deep]
    let objects: unknown = { v: 'x' }
    for (let i = 0; i < 20000; i++) objects = { a: objects }
    for (const query of ['x', 'a.*:x', 'process.name:x', 'labels:*', 'a:*']) {
      const compiled = compileKql(parseKqlOrThrow(query))
      assert.ok(compiled.ok)
      assert.equal(
        compiled.value.matches({ process: { name: deep }, labels: deep, a: objects }),
        false,
        query,
      )
    }
  })

  test('dotted keys, nested objects and their mixes read the same field', () => {
    const shapes = [
      { 'process.parent.name': 'x' },
      { process: { 'parent.name': 'x' } },
      { 'process.parent': { name: 'x' } },
      { process: [{ parent: { name: ['y', 'x'] } }] },
    ]
    for (const event of shapes)
      assert.equal(matches('process.parent.name:x', event), true, JSON.stringify(event))
  })

  test('inherited object properties are not fields', () => {
    assert.equal(matches('constructor:*', {}), false)
    assert.equal(matches('toString:*', { a: 1 }), false)
  })
})
