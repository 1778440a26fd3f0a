import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { powershellTokens, standardTokens } from './analysis.ts'

describe('standardTokens', () => {
  // expectations from doc M7 (checked there against Lucene 8.7 StandardAnalyzer)
  const cases: [string, string[]][] = [
    ['beacon-chain', ['beacon', 'chain']],
    ['[CVE-2020-0601]', ['cve', '2020', '0601']],
    ['foo:bar', ['foo:bar']],
    ['System.Reflection.Emit.OpCodes', ['system.reflection.emit.opcodes']],
    ['C:\\Windows\\System32\\cmd.exe', ['c', 'windows', 'system32', 'cmd.exe']],
    ['libc.so.6', ['libc.so', '6']],
    ['a_b', ['a_b']],
    ["c's", ["c's"]],
    ['3.14', ['3.14']],
    ['1,000', ['1,000']],
    ['bash: foo: Command Not Found', ['bash', 'foo', 'command', 'not', 'found']],
    ['end.', ['end']],
    ['東京 abc', ['東', '京', 'abc']],
    ['Déjà vu', ['déjà', 'vu']],
    ['___', []],
    ['', []],
  ]
  for (const [text, tokens] of cases) {
    test(`${JSON.stringify(text)} gives ${JSON.stringify(tokens)}`, () => {
      assert.deepEqual(standardTokens(text), tokens)
    })
  }

  test('cuts tokens longer than 255 characters', () => {
    assert.deepEqual(
      standardTokens('a'.repeat(300)).map((t) => t.length),
      [255, 45],
    )
  })
})

describe('powershellTokens', () => {
  const cases: [string, string[]][] = [
    [
      '[System.Reflection.Emit.OpCodes]::Ldarg',
      ['system', 'reflection', 'emit', 'opcodes', 'ldarg'],
    ],
    ['New-InMemoryModule -ModuleName', ['new-inmemorymodule', '-modulename']],
    ['$psenum = Get-PSEnum', ['psenum', 'get-psenum']],
    ['Déjà', ['d', 'j']],
  ]
  for (const [text, tokens] of cases) {
    test(`${JSON.stringify(text)} gives ${JSON.stringify(tokens)}`, () => {
      assert.deepEqual(powershellTokens(text), tokens)
    })
  }
})
