import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { matchesText } from './test-support.ts'

type Case = readonly [condition: string, event: Record<string, unknown>, expected: boolean]

const NAME = { process: { name: 'cmd.exe' } }
const MISSING = { process: {} }
const NULLED = { process: { name: null } }
const MULTI = { tags: ['alpha', 'Beta'] }
const EMPTY = { tags: [] }

describe('equality', () => {
  const cases: Case[] = [
    ['process.name == "cmd.exe"', NAME, true],
    ['process.name == "CMD.EXE"', NAME, false],
    ['process.name == "cmd*"', NAME, false],
    ['process.name == "cmd*"', { process: { name: 'cmd*' } }, true],
    ['"cmd.exe" == process.name', NAME, true],
    ['process.name == "cmd.exe"', MISSING, false],
    ['process.name == "cmd.exe"', NULLED, false],
    ['tags == "Beta"', MULTI, true],
    ['tags == "beta"', MULTI, false],
    ['tags == "alpha"', EMPTY, false],
    ['process.name != "cmd.exe"', NAME, false],
    ['process.name != "other"', NAME, true],
    // must_not semantics: an event lacking the field matches a negation
    ['process.name != "cmd.exe"', MISSING, true],
    ['process.name != "cmd.exe"', NULLED, true],
    ['tags != "alpha"', MULTI, false],
    ['tags != "gamma"', MULTI, true],
    ['process.name == null', MISSING, true],
    ['process.name == null', NULLED, true],
    ['process.name == null', NAME, false],
    ['tags == null', EMPTY, true],
    ['process.name != null', NAME, true],
    ['process.name != null', MISSING, false],
    ['null == process.name', MISSING, true],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }
})

describe('ordering', () => {
  const cases: Case[] = [
    ['n > 5', { n: 6 }, true],
    ['n > 5', { n: 5 }, false],
    ['n >= 5', { n: 5 }, true],
    ['n < 5', { n: 4.5 }, true],
    ['n <= -1', { n: -1 }, true],
    ['5 < n', { n: 6 }, true],
    ['n > 5', {}, false],
    ['n < 5', {}, false],
    ['not (n > 5)', {}, true],
    ['not (n > 5)', { n: 6 }, false],
    ['n > 5', { n: [1, 9] }, true],
    ['n < 5', { n: [7, 9] }, false],
    ['n > null', { n: 1 }, false],
    ['s < "b"', { s: 'a' }, true],
    ['s < "B"', { s: 'a' }, false],
    ['s <= "System Idle Process"', { s: 'system idle process' }, false],
    ['s >= "abc"', { s: 'abd' }, true],
    // UTF-8 byte order: U+1F600 (a surrogate pair) sorts after U+FF5E
    ['s > "\uff5e"', { s: '\u{1f600}' }, true],
    ['s < "\uff5e"', { s: '\u{1f600}' }, false],
    // a number against a keyword (JSON string) compares as text; against a long, as numbers
    ['s > 5', { s: '10' }, false],
    ['n > "5"', { n: 10 }, true],
    ['n == "10"', { n: 10 }, true],
    ['s == 10', { s: '10' }, true],
    ['n == "ten"', { n: 10 }, false],
    ['b == true', { b: true }, true],
    ['b == "true"', { b: true }, true],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }
})

describe('wildcard and pattern matching', () => {
  const cases: Case[] = [
    ['process.name : "CMD.exe"', NAME, true],
    ['process.name : "c*"', NAME, true],
    ['process.name : "*.EXE"', NAME, true],
    ['process.name : "*d.e*"', NAME, true],
    ['process.name : "c?d.exe"', NAME, true],
    ['process.name : "c?.exe"', NAME, false],
    ['process.name : ("x", "y*", "*exe")', NAME, true],
    ['process.name : ("x", "y*")', NAME, false],
    ['process.name : "cmd.exe"', MISSING, false],
    ['tags : "b*"', MULTI, true],
    ['process.name like "cmd.*"', NAME, true],
    ['process.name like "CMD.*"', NAME, false],
    ['process.name like~ "CMD.*"', NAME, true],
    ['p : "C:\\\\Windows\\\\*"', { p: 'c:\\windows\\system32' }, true],
    [
      'p : "*\\\\MACHINE\\\\SAM\\\\SAM\\\\*\\\\Account"',
      { p: 'HKLM\\MACHINE\\SAM\\SAM\\DOMAINS\\Account' },
      true,
    ],
    ['p : "a\\\\*"', { p: 'a\\xyz' }, true],
    ['p : "a\\\\*"', { p: 'a*' }, false],
    ['p : ""', { p: '' }, true],
    ['p : ""', { p: 'x' }, false],
    ['p : "*"', { p: '' }, true],
    ['p : "?"', { p: '\u{1f600}' }, true],
    ['p : "??"', { p: '\u{1f600}' }, false],
    ['n : "12*"', { n: 123 }, true],
    ['not process.name : "cmd*"', MISSING, true],
    ['process.name regex "c.d\\\\.exe"', NAME, true],
    ['process.name regex "C.*"', NAME, false],
    ['process.name regex~ "C.*"', NAME, true],
    ['process.name regex ("x", "cmd.+")', NAME, true],
    ['process.name regex "cmd"', NAME, false],
    ['process.name regex "\\\\w.*"', NAME, false],
    ['process.name regex "\\\\w.*"', { process: { name: 'word' } }, true],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }
})

describe('membership', () => {
  const cases: Case[] = [
    ['process.name in ("a", "cmd.exe")', NAME, true],
    ['process.name in ("A", "CMD.EXE")', NAME, false],
    ['process.name in~ ("A", "CMD.EXE")', NAME, true],
    ['process.name in~ ("cmd*")', NAME, false],
    ['process.name in~ ("cmd*")', { process: { name: 'CMD*' } }, true],
    ['process.name in ("cmd.exe")', MISSING, false],
    ['process.name not in ("cmd.exe")', NAME, false],
    ['process.name not in ("x")', NAME, true],
    ['process.name not in ("x")', MISSING, true],
    ['process.name not in~ ("CMD.EXE")', NAME, false],
    ['tags in ("beta", "Beta")', MULTI, true],
    ['tags not in ("alpha")', MULTI, false],
    ['n in (1, 2, 3)', { n: 2 }, true],
    ['n in (1, 2, 3)', { n: 4 }, false],
    ['n in ("2")', { n: 2 }, true],
    ['s in (2)', { s: '2' }, true],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }
})

describe('logic and null', () => {
  const cases: Case[] = [
    ['a == 1 and b == 2', { a: 1, b: 2 }, true],
    ['a == 1 and b == 2', { a: 1 }, false],
    ['a == 1 or b == 2', { b: 2 }, true],
    ['a == 1 or b == 2 or c == 3', { c: 3 }, true],
    ['not (a == 1 and b == 2)', { a: 1 }, true],
    ['null == (exit_code > -1)', {}, true],
    ['null == (exit_code > -1)', { exit_code: 0 }, false],
    ['(exit_code > -1) == true', { exit_code: 0 }, true],
    ['(exit_code > -1) != true', {}, false],
    ['not null', {}, false],
    ['null', {}, false],
    ['true', {}, true],
    ['not false', {}, true],
    ['null and false', {}, false],
    ['null or true', {}, true],
    ['flag', { flag: true }, true],
    ['flag', { flag: false }, false],
    ['flag', {}, false],
    ['?flag', {}, false],
    ['not flag', {}, true],
    ['?x == ?y', {}, true],
    ['serial / 2 == 41', { serial: 82 }, true],
    ['serial / 2 == 41', { serial: 83 }, true],
    ['serial / 2.0 == 41', { serial: 83 }, false],
    ['-serial == -5', { serial: 5 }, true],
    ['serial % 3 == 2', { serial: 5 }, true],
    ['serial * 2 + 1 == 11', { serial: 5 }, true],
    ['serial / 0 == null', { serial: 5 }, true],
    ['length(name) > 2', { name: 'abc' }, true],
    ['length(name) > 2', {}, false],
    ['not length(name) > 2', {}, true],
    ['length(tags) == 4', { tags: ['ab', 'cdef'] }, true],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }
})
