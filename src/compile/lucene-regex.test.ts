import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { RE2JS } from 're2js'

import { translateLuceneRegex } from './lucene-regex.ts'

function matches(pattern: string, value: string, isCaseInsensitive = false): boolean {
  const translated = translateLuceneRegex(pattern)
  if (!translated.ok) throw new Error(translated.message)

  const flags = RE2JS.DOTALL | (isCaseInsensitive ? RE2JS.CASE_INSENSITIVE : 0)

  return RE2JS.compile(translated.re2, flags).matches(value)
}

describe('lucene regex translation', () => {
  const table: [pattern: string, value: string, expected: boolean][] = [
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['ab.', 'abz', true],
    ['ab.', 'ab\n', true],
    ['ab.', 'ab\u{1f600}', true],
    ['abc?', 'ab', true],
    ['ab+', 'abbb', true],
    ['ab*', 'a', true],
    ['a{2}', 'aa', true],
    ['a{2,}', 'aaaa', true],
    ['a{2,3}', 'aaaa', false],
    ['a|b', 'b', true],
    ['(ab)+', 'abab', true],
    ['()', '', true],
    ['', '', true],
    ['[abc]', 'b', true],
    ['[a-c]x', 'cx', true],
    ['[^a-c]', 'd', true],
    ['[^a-c]', 'a', false],
    ['[]a]', ']', true],
    ['[.]', 'x', false],
    ['"a.b"', 'a.b', true],
    ['"a.b"', 'axb', false],
    ['john"@smith.com"', 'john@smith.com', true],
    ['a\\.b', 'a.b', true],
    ['a\\\\b', 'a\\b', true],
    ['\\d', 'd', true],
    ['\\d', '1', false],
    ['\\w+', 'www', true],
    ['\\s', ' ', false],
    ['*a', '*a', true],
    ['|a', '|a', true],
    ['a^b$', 'a^b$', true],
    ['.*?net1.*?', 'c:\\net1 localgroup', true],
    ['a+?', '', true],
    ['@', 'anything at all', true],
    ['@x', 'abcx', true],
    ['#', '', false],
    ['a#|b', 'b', true],
    ['<1-10>', '7', true],
    ['<1-10>', '10', true],
    ['<1-10>', '11', false],
    ['<1-10>', '007', true],
    ['<01-10>', '07', true],
    ['<01-10>', '7', false],
    ['<10-1>', '5', true],
    ['x<0-255>', 'x255', true],
    ['x<0-255>', 'x256', false],
    ['<5-1234>', '999', true],
    ['<5-1234>', '4', false],
    ['<5-1234>', '1235', false],
  ]

  for (const [pattern, value, expected] of table) {
    test(`${JSON.stringify(pattern)} on ${JSON.stringify(value)} is ${expected}`, () => {
      assert.equal(matches(pattern, value), expected)
    })
  }

  test('case-insensitive translation matches other case', () => {
    assert.equal(matches('.*?NET1[ ]+localgroup.*?', 'net1  LOCALGROUP x', true), true)
  })

  const errors: [pattern: string, code: string, offset: number][] = [
    ['a(b', 'ERR_EQL_REGEX_SYNTAX', 1],
    ['a)', 'ERR_EQL_REGEX_SYNTAX', 1],
    ['[ab', 'ERR_EQL_REGEX_SYNTAX', 3],
    ['a{x}', 'ERR_EQL_REGEX_SYNTAX', 2],
    ['a{3,2}', 'ERR_EQL_REGEX_SYNTAX', 1],
    ['[z-a]', 'ERR_EQL_REGEX_SYNTAX', 1],
    ['"abc', 'ERR_EQL_REGEX_SYNTAX', 0],
    ['a\\', 'ERR_EQL_REGEX_SYNTAX', 2],
    ['a|', 'ERR_EQL_REGEX_SYNTAX', 2],
    ['a&b', 'ERR_EQL_REGEX_UNSUPPORTED', 1],
    ['~a', 'ERR_EQL_REGEX_UNSUPPORTED', 0],
    ['<name>', 'ERR_EQL_REGEX_UNSUPPORTED', 0],
    ['<1-x>', 'ERR_EQL_REGEX_SYNTAX', 0],
    ['a{1001}', 'ERR_EQL_REGEX_UNSUPPORTED', 1],
  ]

  for (const [pattern, code, offset] of errors) {
    test(`${JSON.stringify(pattern)} fails with ${code} at ${offset}`, () => {
      const translated = translateLuceneRegex(pattern)
      assert.equal(translated.ok, false)
      if (!translated.ok) {
        assert.equal(translated.code, code)
        assert.equal(translated.offset, offset)
      }
    })
  }

  test('a hostile pattern runs in linear time', () => {
    const value = `${'a'.repeat(20_000)}!`
    const started = process.hrtime.bigint()
    assert.equal(matches('(a+)+', value), false)
    assert.equal(matches('(a|aa)*b', value), false)
    // generous bound: backtracking would take astronomically long, not seconds
    assert.ok(process.hrtime.bigint() - started < 5_000_000_000n)
  })
})
