import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { KQL_DIAGNOSTIC_CODES, parseKql, parseKqlOrThrow, printKql } from './index.ts'
import type { KqlIs, KqlLiteral, KqlNode } from './index.ts'

function printed(query: string): string {
  return printKql(parseKqlOrThrow(query))
}

function firstValue(query: string): KqlLiteral {
  const node = parseKqlOrThrow(query)
  assert.equal(node.kind, 'is')
  const value = node.value
  assert.equal(value.kind, 'literal')

  return value
}

describe('parseKql accepts the Kibana grammar', () => {
  const cases: [string, string][] = [
    ['process.name:cmd.exe', 'process.name:cmd.exe'],
    ['process.name : cmd.exe', 'process.name:cmd.exe'],
    ['process.name:"cmd.exe"', 'process.name:"cmd.exe"'],
    ['a:1 or b:2 and not c:3', 'a:1 or b:2 and not c:3'],
    ['(a:1 or b:2) and c:3', '(a:1 or b:2) and c:3'],
    ['a:1 OR b:2 AnD NoT c:3', 'a:1 or b:2 and not c:3'],
    ['not (a:1 or b:2)', 'not (a:1 or b:2)'],
    ['not (not a:1)', 'not (not a:1)'],
    ['f:(not (not a))', 'f:(not (not a))'],
    ['f:(x or y and z)', 'f:(x or y and z)'],
    ['f:((x or y) and z)', 'f:((x or y) and z)'],
    ['f:(* and not (a or b))', 'f:(* and not (a or b))'],
    ['f:(not a)', 'f:(not a)'],
    ['destination.port >= 5800', 'destination.port >= 5800'],
    ['destination.port<10', 'destination.port < 10'],
    ['@timestamp > "now-1d"', '@timestamp > "now-1d"'],
    ['f <= 1 and g > 2', 'f <= 1 and g > 2'],
    ['f:*', 'f:*'],
    ['*:*', '*:*'],
    ['file.hash.*:*', 'file.hash.*:*'],
    ['process.*:value', 'process.*:value'],
    ['f:*foo*', 'f:*foo*'],
    ['f:**', 'f:**'],
    ['a:{ b:1 and c:2 }', 'a:{ b:1 and c:2 }'],
    ['a:{b:{c:1}}', 'a:{ b:{ c:1 } }'],
    ['mimikatz', 'mimikatz'],
    ['"lsass dump"', '"lsass dump"'],
    ['*mimi*', '*mimi*'],
    ['f:cmd.exe powershell.exe', 'f:cmd.exe powershell.exe'],
    ['f:a\\:b', 'f:a\\:b'],
    ['f:\\(git', 'f:\\(git'],
    ['f:\\*', 'f:\\*'],
    ['f:a\\\\b', 'f:a\\\\b'],
    ['f:\\"x\\"', 'f:\\"x\\"'],
    ['f:\\{\\}\\<\\>', 'f:\\{\\}\\<\\>'],
    ['f:a \\or b', 'f:a \\or b'],
    ['f:a \\AND b', 'f:a \\AND b'],
    ['f:\\NOT x', 'f:\\NOT x'],
    ['f:"can not"', 'f:"can not"'],
    ['f:true', 'f:true'],
    ['f:"true"', 'f:"true"'],
    ['f:null', 'f:null'],
    ['f:(true or "Enabled")', 'f:(true or "Enabled")'],
    ['f:"a\\"b"', 'f:"a\\"b"'],
    ['f:"C:\\Windows\\System32"', 'f:"C:\\\\Windows\\\\System32"'],
    ['f:"tab\\there"', 'f:"tab\\there"'],
    ['"quoted field":x', '"quoted field":x'],
    ['f:-c', 'f:-c'],
    ['f:(-c or --header)', 'f:(-c or --header)'],
    ['f:[CVE-2020-0601]', 'f:[CVE-2020-0601]'],
    ['f:/api/v1/secrets?limit*', 'f:/api/v1/secrets?limit*'],
    ['f:#not-a-comment // nor this', 'f:#not-a-comment // nor this'],
    ['f:1 or', 'f:1 \\or'],
    ['a:1\nand\nb:2', 'a:1 and b:2'],
    ['a:1\u00a0or\u00a0b:2', 'a:1 or b:2'],
    ['  a:1  ', 'a:1'],
    ['', ''],
    ['   ', ''],
    ['or a:1', 'or a:1'],
  ]
  for (const [query, expected] of cases) {
    test(`${JSON.stringify(query)} prints as ${JSON.stringify(expected)}`, () => {
      assert.equal(printed(query), expected)
    })

    test(`${JSON.stringify(query)} prints to text that parses to the same tree`, () => {
      const once = printed(query)
      assert.equal(printed(once), once)
    })
  }
})

describe('parseKql reads literals as Kibana does', () => {
  const cases: [string, string, readonly string[], KqlLiteral['type'], boolean][] = [
    [
      'f:"C:\\Program Files\\LogicMonitor\\Agent\\tmp"',
      'C:\\Program Files\\LogicMonitor\\Agent\tmp',
      ['C:\\Program Files\\LogicMonitor\\Agent\tmp'],
      'string',
      true,
    ],
    ['f:"\\u0000"', '\u0000', ['\u0000'], 'string', true],
    ['f:"WinRAR\\uninstall"', 'WinRAR\\uninstall', ['WinRAR\\uninstall'], 'string', true],
    ['f:"a*b"', 'a*b', ['a*b'], 'string', true],
    ['f:a*b', 'a*b', ['a', 'b'], 'string', false],
    ['f:a\\*b', 'a*b', ['a*b'], 'string', false],
    ['f:*', '*', ['', ''], 'string', false],
    ['f:true', 'true', ['true'], 'boolean', false],
    ['f:True', 'True', ['True'], 'string', false],
    ['f:null', 'null', ['null'], 'null', false],
    ['f:443', '443', ['443'], 'string', false],
    ['f:  spaced value  ', 'spaced value', ['spaced value'], 'string', false],
    ['f:\\u0041B', 'AB', ['AB'], 'string', false],
    ['f:a\\nb', 'a\nb', ['a\nb'], 'string', false],
    ['f:\\not', 'ot', ['ot'], 'string', false],
    ['f:x\\tab', 'x\tab', ['x\tab'], 'string', false],
    ['f:*a b\n c*', '*a b\n c*', ['', 'a b\n c', ''], 'string', false],
  ]
  for (const [query, text, segments, type, isQuoted] of cases) {
    test(`${JSON.stringify(query)} has value ${JSON.stringify(text)}`, () => {
      const value = firstValue(query)
      assert.deepEqual(
        { text: value.text, segments: value.segments, type: value.type, isQuoted: value.isQuoted },
        { text, segments, type, isQuoted },
      )
    })
  }

  test('spans point at the trimmed value', () => {
    const value = firstValue('f:  abc  ')
    assert.deepEqual([value.span.start.column, value.span.end.column], [5, 8])
  })

  test('value lists keep and/or/not with precedence', () => {
    const node = parseKqlOrThrow('f:(a or b and not c)') as KqlIs
    assert.equal(node.value.kind, 'valueOr')
    const [, right] = node.value.kind === 'valueOr' ? node.value.children : []
    assert.equal(right?.kind, 'valueAnd')
  })

  test('or binds loosest and not tightest', () => {
    const node: KqlNode = parseKqlOrThrow('a:1 or b:2 and not c:3')
    assert.equal(node.kind, 'or')
    const kinds = node.kind === 'or' ? node.children.map((c) => c.kind) : []
    assert.deepEqual(kinds, ['is', 'and'])
  })
})

describe('parseKql rejects invalid queries with a positioned code', () => {
  const cases: [string, string, number][] = [
    ['f:"unclosed', 'ERR_KQL_UNCLOSED_QUOTE', 3],
    ['a:1 and b:"x\\"', 'ERR_KQL_UNCLOSED_QUOTE', 11],
    ['(a:1 or b:2', 'ERR_KQL_UNCLOSED_PAREN', 1],
    ['f:(a or b', 'ERR_KQL_UNCLOSED_PAREN', 3],
    ['a:{ b:1', 'ERR_KQL_UNCLOSED_BRACE', 3],
    ['a:1)', 'ERR_KQL_UNMATCHED_CLOSE', 4],
    ['f:', 'ERR_KQL_MISSING_VALUE', 2],
    ['f:   ', 'ERR_KQL_MISSING_VALUE', 2],
    ['f >= ', 'ERR_KQL_MISSING_VALUE', 4],
    ['a:1 and ', 'ERR_KQL_DANGLING_OPERATOR', 5],
    ['a:1 or ', 'ERR_KQL_DANGLING_OPERATOR', 5],
    ['not ', 'ERR_KQL_DANGLING_OPERATOR', 1],
    ['f:(a or )', 'ERR_KQL_DANGLING_OPERATOR', 6],
    ['f:a\\b', 'ERR_KQL_INVALID_ESCAPE', 4],
    ['f:a\\', 'ERR_KQL_INVALID_ESCAPE', 4],
    ['f:\\u12', 'ERR_KQL_INVALID_ESCAPE', 3],
    ['not(a:1)', 'ERR_KQL_SYNTAX', 4],
    ['process.name:cannot be', 'ERR_KQL_SYNTAX', 17],
    ['f:not x', 'ERR_KQL_SYNTAX', 3],
    ['f:(a b) c', 'ERR_KQL_SYNTAX', 9],
    ['f < (1)', 'ERR_KQL_SYNTAX', 5],
    ['f:"a" "b"', 'ERR_KQL_SYNTAX', 7],
    ['not not a:1', 'ERR_KQL_SYNTAX', 5],
    [`${'('.repeat(300)}a:1${')'.repeat(300)}`, 'ERR_KQL_TOO_DEEP', 201],
    [`f:${'('.repeat(300)}a`, 'ERR_KQL_TOO_DEEP', 203],
    [`${'a:{ '.repeat(300)}b:1`, 'ERR_KQL_TOO_DEEP', 803],
  ]
  for (const [query, code, column] of cases) {
    test(`${JSON.stringify(query).slice(0, 60)} fails with ${code} at column ${column}`, () => {
      const result = parseKql(query, { source: 'rule.toml' })
      assert.equal(result.ok, false)
      const [first] = result.diagnostics
      assert.equal(first?.code, code, first?.message)
      assert.equal(first.span.start.column, column, first.message)
      assert.equal(first.source, 'rule.toml')
      assert.ok(code in KQL_DIAGNOSTIC_CODES)
    })
  }

  test('parseKqlOrThrow throws a QueryError with the diagnostics', () => {
    assert.throws(() => parseKqlOrThrow('f:'), {
      name: 'QueryError',
      code: 'ERR_KQL_MISSING_VALUE',
    })
  })

  test('a value ending in a keyword parses with a warning', () => {
    const result = parseKql('a:1 and')
    assert.ok(result.ok)
    assert.equal(result.diagnostics[0]?.code, 'ERR_KQL_KEYWORD_IN_VALUE')
    assert.equal(result.diagnostics[0].severity, 'warning')
  })
})

describe('parseKql refuses Lucene syntax', () => {
  const lucene = [
    'f:[1 TO 5]',
    'f:[* TO 5]',
    'f:{1 TO 5}',
    '_exists_:process.name',
    '+process.name:cmd.exe',
    '-process.name:cmd.exe',
    'a:1 && b:2',
    'a:1 || b:2',
    'user.name:jon~',
    'user.name:jon~2',
    '"foo bar"~5',
    'title:quick^2',
    'f:/ab.*c/',
    'f:/[a-z]+/',
  ]
  for (const query of lucene) {
    test(`${JSON.stringify(query)} is ERR_KQL_LUCENE_UNSUPPORTED`, () => {
      const result = parseKql(query)
      assert.equal(result.ok, false)
      assert.equal(result.diagnostics[0]?.code, 'ERR_KQL_LUCENE_UNSUPPORTED')
    })
  }

  const kql = [
    'f:-c',
    'f:*~/.ssh/*',
    'f:/etc/passwd',
    'f:"[1 TO 5]"',
    'f:"a && b"',
    'f:C\\:\\\\$WINDOWS.~BT\\\\*',
    'f:a^b',
    'f:backup.txt~',
    'f:C\\\\x~1',
  ]
  for (const query of kql) {
    test(`${JSON.stringify(query)} is ordinary KQL`, () => {
      assert.equal(parseKql(query).ok, true)
    })
  }

  test('a rule in language lucene is refused whatever its text', () => {
    const result = parseKql('process.name:cmd.exe', { language: 'lucene' })
    assert.equal(result.diagnostics[0]?.code, 'ERR_KQL_LUCENE_UNSUPPORTED')
  })
})
