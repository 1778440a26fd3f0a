import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { lowerRoot } from './case-fold.ts'
import {
  compileAsciiWildcard,
  compileWildcard,
  compileWildcardList,
  matchGlob,
} from './wildcard.ts'

describe('wildcard patterns', () => {
  const table: [pattern: string, value: string, expected: boolean][] = [
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['*', 'anything', true],
    ['**', 'x', true],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['a*', 'abc', true],
    ['*c', 'abc', true],
    ['*b*', 'abc', true],
    ['*x*', 'abc', false],
    ['a*c', 'ac', true],
    ['a*c', 'abbc', true],
    ['ab*bc', 'abc', false],
    ['a*b*c', 'axbxc', true],
    ['a*b*c', 'axcxb', false],
    ['*a*a*', 'aa', true],
    ['*a*a*', 'a', false],
    ['?', 'a', true],
    ['?', '', false],
    ['?', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*?', '', false],
    ['*?', 'x', true],
    ['?*?', 'xy', true],
    ['a*?c', 'abxc', true],
    ['?', '\u{1f600}', true],
    ['??', '\u{1f600}', false],
    ['*\\cmd.exe', 'C:\\Windows\\System32\\cmd.exe', true],
    ['*/x', 'a/b/x', true],
    ['c:\\*\\x', 'c:\\a\\b\\x', true],
    ['\\*', '\\abc', true],
    ['\\*', '*', false],
    ['\\?', '\\x', true],
    ['?:\\windows\\*.exe', 'c:\\windows\\x.exe', true],
    ['?:\\windows\\*.exe', 'c:\\windows.exe', false],
    ['*a?c*x', 'zzabcabdcx', true],
    ['*a?c*x', 'zzabdx', false],
    ['*?b?*', 'ab', false],
    ['*?b?*', 'abc', true],
  ]

  for (const [pattern, value, expected] of table) {
    test(`${JSON.stringify(pattern)} on ${JSON.stringify(value)} is ${expected}`, () => {
      assert.equal(compileWildcard(pattern)(value), expected)
      if (pattern.includes('?') || pattern.includes('*'))
        assert.equal(matchGlob(pattern, value), expected)
      // the ASCII form counts `?` as one unit, which only differs on surrogate pairs
      if (!/[^ -~]/.test(value)) assert.equal(compileAsciiWildcard(pattern)(value), expected)
    })
  }

  test('a list of plain names folds ASCII case and lowers other values', () => {
    const test = compileWildcardList(['CMD.EXE', 'k.exe'], true)
    assert.equal(test('Cmd.Exe'), true)
    assert.equal(test('cmd.ex'), false)
    // the Kelvin sign lower-cases to an ASCII k
    assert.equal(test('\u212a.exe'), true)
    assert.equal(test('\u00e9.exe'), false)
  })

  test('a list matches any pattern, folding case once', () => {
    const test = compileWildcardList(['CMD.EXE', 'power*', '*.PS1'], true)
    assert.equal(test('cmd.exe'), true)
    assert.equal(test('PowerShell.exe'), true)
    assert.equal(test('x.ps1'), true)
    assert.equal(test('x.ps2'), false)
  })

  const maskedTable: [string, string, boolean][] = [
    ['?:\\PerfLogs\\*.exe', 'C:\\perflogs\\x.EXE', true],
    ['?:\\PerfLogs\\*.exe', 'C:\\PerfLogs.exe', false],
    ['?:\\PerfLogs\\*.exe', ':\\PerfLogs\\x.exe', false],
    ['*\\?\\*.dll', 'c:\\a\\B\\X.DLL', true],
    ['*\\?\\*.dll', 'c:\\ab\\x.dll', false],
    ['a?c', 'ABC', true],
    ['a?c', 'AC', false],
  ]

  for (const [pattern, value, expected] of maskedTable) {
    test(`folded ${JSON.stringify(pattern)} on ascii ${JSON.stringify(value)} is ${expected}`, () => {
      assert.equal(compileWildcardList([pattern, 'zz*'], true)(value), expected)
      assert.equal(matchGlob(lowerRoot(pattern), value, true), expected)
    })
  }

  test('a sensitive list keeps case', () => {
    const test = compileWildcardList(['CMD.EXE', 'power*'], false)
    assert.equal(test('cmd.exe'), false)
    assert.equal(test('CMD.EXE'), true)
    assert.equal(test('Power'), false)
  })

  test('the glob walk stays fast on a hostile pattern', () => {
    const started = process.hrtime.bigint()
    assert.equal(matchGlob('*a*a*a*a*a*a*a*b', 'a'.repeat(5_000)), false)
    assert.ok(process.hrtime.bigint() - started < 5_000_000_000n)
  })

  test('agrees with a regular-expression oracle on random patterns, both case modes', () => {
    const alphabet = ['a', 'A', 'b', 'B', '\\', '.', '\u00e9', '\u00c9', '\u212a', 'k', '\u{1f600}']
    let state = 7
    const random = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0

      return state % n
    }

    const word = (extra: readonly string[]): string =>
      Array.from(
        { length: random(6) },
        () => [...alphabet, ...extra][random(alphabet.length + extra.length)],
      ).join('')

    for (let i = 0; i < 3000; i++) {
      const pattern = word(['*', '?'])
      const value = word([])
      const source = Array.from(pattern, (c) =>
        c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\.]/g, '\\$&'),
      ).join('')
      const oracle = new RegExp(`^${source}$`, 'su')
      const message = `${JSON.stringify(pattern)} on ${JSON.stringify(value)}`
      assert.equal(compileWildcardList([pattern], false)(value), oracle.test(value), message)
      assert.equal(
        compileWildcardList([pattern], true)(value),
        compileWildcard(lowerRoot(pattern))(lowerRoot(value)),
        `folded ${message}`,
      )
    }
  })
})
