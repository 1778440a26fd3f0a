import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseEql } from '../eql/index.ts'
import { parseKql } from '../kql/index.ts'
import { eqlRuleKeys, kqlRuleKeys } from './rule-keys.ts'
import { compiled, eqlRule, processEvent, queryRule, runHunt } from './test-support.ts'

const exact = (field: string, ...values: string[]) => ({ field, kind: 'exact', values })
const prefix = (field: string, ...values: string[]) => ({ field, kind: 'prefix', values })
const suffix = (field: string, ...values: string[]) => ({ field, kind: 'suffix', values })
const contains = (field: string, ...values: string[]) => ({ field, kind: 'contains', values })
const exists = (field: string) => ({ field, kind: 'exists', values: [] })

// forty directories whose names (with the drive's colon and the backslashes) have ten characters
// or more, and forty whose names have fewer
const LONG_DIRS = Array.from({ length: 40 }, (_, i) => `LongDir${String(i)}`)
const SHORT_DIRS = Array.from({ length: 40 }, (_, i) => `Dir${String(i)}`)

function inDirectories(dirs: readonly string[]): string {
  const patterns = dirs.map((dir) => `"?:\\\\${dir}\\\\*.exe"`)

  return `process where event.type == "start" and process.executable : (${patterns.join(', ')})`
}

function infixesOf(dirs: readonly string[]): string[] {
  return dirs.map((dir) => `:\\${dir.toLowerCase()}\\`)
}

const EQL_CASES: readonly [string, unknown][] = [
  ['process where process.name == "Cmd.exe"', [[[exact('process.name', 'cmd.exe')]]]],
  ['process where process.name : "cmd*"', [[[prefix('process.name', 'cmd')]]]],
  [
    'process where process.executable : "?:\\\\Temp\\\\*.exe"',
    [[[contains('process.executable', ':\\temp\\')]]],
  ],
  [
    'process where process.executable : "?:\\\\*\\\\Temp\\\\*.exe"',
    [[[contains('process.executable', '\\temp\\')]]],
  ],
  ['process where process.executable : "?:\\\\*.exe"', [[[suffix('process.executable', '.exe')]]]],
  ['process where process.args : "*-enc*"', [[[contains('process.args', '-enc')]]]],
  ['process where process.args : "*-E*"', [[[exists('process.args')]]]],
  ['process where process.args : "*a?Kali*"', [[[contains('process.args', 'kali')]]]],
  ['process where process.args : "*x\u00e9Kali\u00e9y*"', [[[contains('process.args', 'kali')]]]],
  ['process where process.name regex "a.*"', [[[exists('process.name')]]]],
  ['process where problemchild.prediction == 1', [[[exists('problemchild.prediction')]]]],
  ['process where process.name != "a"', []],
  ['process where not process.name == "a"', []],
  ['process where process.name == null', []],
  [
    'process where process.name == "a" or process.parent.name : "b*"',
    [[[exact('process.name', 'a'), prefix('process.parent.name', 'b')]]],
  ],
  [
    'process where host.os.type == "windows" and process.name : "x.exe" and user.id : "S-1-5-21-*"',
    [
      [
        [exact('process.name', 'x.exe')],
        [prefix('user.id', 's-1-5-21-')],
        [exact('host.os.type', 'windows')],
      ],
    ],
  ],
  ['process where process.name.caseless == "a"', []],
  ['process where process.name : "*\u00e9"', [[[exists('process.name')]]]],
  [
    'sequence [process where process.name == "a"] [network where destination.port == 443]',
    [
      [[exact('process.name', 'a')], [exact('event.category', 'process')]],
      [[exact('destination.port', '443')], [exact('event.category', 'network')]],
    ],
  ],
  ['sequence [any where true] [network where process.name == "a"]', []],
  // a long literal inside a path most Windows events hold is not rare
  [
    'process where process.command_line : "*C:\\\\Windows\\\\*" and process.name in ("a.exe", "b.exe")',
    [
      [
        [exact('process.name', 'a.exe', 'b.exe')],
        [contains('process.command_line', 'c:\\windows\\')],
      ],
    ],
  ],
  [
    'process where process.command_line : "*C:\\\\Windows\\\\Tasks\\\\*" and process.name in ("a.exe", "b.exe")',
    [
      [
        [contains('process.command_line', 'c:\\windows\\tasks\\')],
        [exact('process.name', 'a.exe', 'b.exe')],
      ],
    ],
  ],
  // integer fields key on integers, as the engines compare them
  ['network where destination.port == 23', [[[exact('destination.port', '23')]]]],
  ['network where 23 == destination.port', [[[exact('destination.port', '23')]]]],
  ['network where destination.port in (22, 23.0)', [[[exact('destination.port', '22', '23')]]]],
  ['network where destination.port == 23.5', [[[exists('destination.port')]]]],
  ['network where destination.port == "23"', [[[exists('destination.port')]]]],
  ['network where destination.port in (22, "23")', [[[exists('destination.port')]]]],
  // counts take few values: the name comes first
  [
    'process where process.args_count == 2 and process.name == "a"',
    [[[exact('process.name', 'a')], [exact('process.args_count', '2')]]],
  ],
  // long directory names are rare: forty of them key the rule better than its event.type
  [
    inDirectories(LONG_DIRS),
    [[[contains('process.executable', ...infixesOf(LONG_DIRS))], [exact('event.type', 'start')]]],
  ],
  // shorter ones are not: event.type comes first, the directories are checked on a hit
  [
    inDirectories(SHORT_DIRS),
    [[[exact('event.type', 'start')], [contains('process.executable', ...infixesOf(SHORT_DIRS))]]],
  ],
]

const KQL_CASES: readonly [string, unknown][] = [
  ['process.name:cmd.exe', [[[exact('process.name', 'cmd.exe')]]]],
  [
    'powershell.file.script_block_text:"Invoke-Mimikatz"',
    [[[exists('powershell.file.script_block_text')]]],
  ],
  [
    'process.name:a or event.action:b',
    [[[exact('process.name', 'a'), exact('event.action', 'b')]]],
  ],
  ['not process.name:a', []],
  ['process.name:*', []],
  ['http.response.status_code >= 400', [[[exists('http.response.status_code')]]]],
  ['process.name:(not a)', []],
  ['destination.port:23', [[[exact('destination.port', '23')]]]],
  ['destination.port:(22 or "023")', [[[exact('destination.port', '22', '23')]]]],
  ['destination.port:2*', [[[exists('destination.port')]]]],
  ['destination.port:23.5', [[[exists('destination.port')]]]],
]

describe('rule keys', () => {
  for (const [query, expected] of EQL_CASES) {
    test(`eql ${query} keys on ${JSON.stringify(expected)}`, () => {
      const parsed = parseEql(query)
      assert.ok(parsed.ok)
      assert.deepEqual(eqlRuleKeys(parsed.value, 'event.category'), expected)
    })
  }

  for (const [query, expected] of KQL_CASES) {
    test(`kql ${query} keys on ${JSON.stringify(expected)}`, () => {
      const parsed = parseKql(query)
      assert.ok(parsed.ok)
      assert.deepEqual(kqlRuleKeys(parsed.value), expected)
    })
  }

  test('rules keyed on prefixes, suffixes and present fields still meet the events they match', () => {
    const rules = [
      compiled(eqlRule('process where process.name : "CMD*"'), {}, 0),
      compiled(
        eqlRule('process where process.executable : "*\\\\CMD.exe"', { rule_id: 's' }),
        {},
        1,
      ),
      compiled(queryRule('process.title:*shell*', { rule_id: 'e' }), {}, 2),
      compiled(eqlRule('process where process.name : "other*"', { rule_id: 'o' }), {}, 3),
    ]
    const events = [
      processEvent('2026-11-20T08:00:00Z', {
        process: { name: 'cmd.exe', executable: 'C:\\Windows\\cmd.EXE', title: 'a shell' },
      }),
      processEvent('2026-11-20T08:00:01Z', { process: { name: ['x', 'Cmdline'] } }),
    ]
    assert.deepEqual(
      runHunt(rules, events).rules.map((r) => r.alerts),
      [2, 1, 1, 0],
    )
  })

  test('rules keyed on infixes meet every event holding the infix, in any case or place', () => {
    const rules = [
      compiled(eqlRule('process where process.command_line : "*-EncodedCommand*"'), {}, 0),
      compiled(eqlRule('process where process.args : "*\\\\Temp\\\\*"', { rule_id: 't' }), {}, 1),
      compiled(eqlRule('process where process.args : "*elsewhere*"', { rule_id: 'o' }), {}, 2),
    ]
    const events = [
      processEvent('2026-11-20T08:00:00Z', {
        process: { command_line: 'powershell -encodedcommand AA', args: ['c:\\temp\\x'] },
      }),
      processEvent('2026-11-20T08:00:01Z', {
        process: { command_line: 'x -ENCODEDCOMMAND', args: ['a', 'C:\\TEMP\\'] },
      }),
      processEvent('2026-11-20T08:00:02Z', {
        process: { command_line: '-Encoded Command', args: ['\\Tem\\p'] },
      }),
    ]
    assert.deepEqual(
      runHunt(rules, events).rules.map((r) => r.alerts),
      [2, 2, 0],
    )
  })

  test('rules keyed on integers meet every event whose value the engines read as one', () => {
    const rules = [
      compiled(eqlRule('network where destination.port == 23'), {}, 0),
      compiled(queryRule('destination.port:23', { rule_id: 'k' }), {}, 1),
      compiled(queryRule('destination.port:24', { rule_id: 'o' }), {}, 2),
      compiled(eqlRule('network where destination.port in (24, 25)', { rule_id: 'i' }), {}, 3),
    ]
    const ports: unknown[] = ['23', 23.9, ' 23 ', 2.3e1, '2.3e1', [80, '23'], 24, 'x23', true]
    const events = ports.map((port, i) =>
      processEvent(`2026-11-20T08:00:0${String(i)}Z`, {
        event: { kind: 'event', category: ['network'], type: ['connection'] },
        destination: { port },
      }),
    )
    assert.deepEqual(
      runHunt(rules, events).rules.map((r) => r.alerts),
      [6, 6, 1, 1],
    )
  })

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
