import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { Expression, FunctionName } from '../eql/ast.ts'
import { EMPTY_SPAN } from '../syntax/index.ts'
import { compileExpression } from './compile-expression.ts'
import { evaluateText, parseValue } from './test-support.ts'

describe('function edge cases', () => {
  const table: [expression: string, expected: unknown, event?: Record<string, unknown>][] = [
    ['between("C:\\\\Windows\\\\System32\\\\cmd.exe", "System32\\\\", ".exe")', 'cmd'],
    ['between("C:\\\\Windows\\\\System32\\\\cmd.exe", "system32\\\\", ".exe")', ''],
    ['between~("C:\\\\Windows\\\\System32\\\\cmd.exe", "system32\\\\", ".EXE")', 'cmd'],
    ['between("", "a", "b")', ''],
    ['between("abcabc", "a", "c", true)', 'bcab'],
    ['between("abc", "c", "a", true)', ''],
    ['cidrMatch("10.1.2.3", "10.0.0.0/8")', true],
    ['cidrMatch("11.1.2.3", "10.0.0.0/8")', false],
    ['cidrMatch("192.168.1.5", "10.0.0.0/8", "192.168.0.0/16")', true],
    ['cidrMatch("2001:db8::1", "2001:db8::/32")', true],
    ['cidrMatch("2001:db9::1", "2001:db8::/32")', false],
    ['cidrMatch("::ffff:10.1.1.1", "10.0.0.0/8")', true],
    ['cidrMatch("10.1.1.1", "0.0.0.0/0")', true],
    ['cidrMatch("not an ip", "10.0.0.0/8")', false],
    ['cidrMatch(null, "10.0.0.0/8")', null],
    ['cidrMatch("10.0.0.1", "10.0.0.0/8", null)', null],
    ['cidrMatch(ip, "10.0.0.0/8")', [false, true], { ip: ['1.1.1.1', '10.0.0.9'] }],
    ['concat("a", 1, true, 2.5)', 'a1true2.5'],
    ['concat(x, "!")', 'x!', { x: 'x' }],
    ['concat(x, "!")', null, {}],
    ['endsWith("abc", "")', true],
    ['endsWith~("abc", "BC")', true],
    ['startsWith("", "")', true],
    ['stringContains("abc", "")', false],
    ['stringContains("", "a")', false],
    ['stringContains("abc", "b")', true],
    ['stringContains("abc", "B")', false],
    ['stringContains~("abc", "B")', true],
    ['stringContains(null, "a")', null],
    ['indexOf("foobar", "o", -5)', 1],
    ['indexOf("foobar", "o", 3)', null],
    ['indexOf("foobar", "", 2)', 2],
    ['indexOf("foobar", "")', 0],
    ['indexOf("foobar", "o", 7)', null],
    ['indexOf("foobar", "", 6)', 6],
    ['indexOf~("FOOBAR", "b")', 3],
    ['length("")', 0],
    ['length(x)', null, {}],
    ['length(x)', 4, { x: 4624 }],
    ['number(" 42 ")', 42],
    ['number("4.5e1")', 45],
    ['number("abc")', null],
    ['number("0x1F")', 31],
    ['number("-0x10")', -16],
    ['number("ff", 16)', 255],
    ['number("12", null)', 12],
    ['number("19", 8)', null],
    ['number(null)', null],
    ['string(2.0)', '2.0'],
    ['string(5)', '5'],
    ['string(false)', 'false'],
    ['string(x)', '3', { x: 3 }],
    ['substring("hello", 1, 1)', ''],
    ['substring("hello", 4, 2)', ''],
    ['substring("hello", -2)', 'lo'],
    ['substring("hello", 10)', ''],
    ['add(4, 0.5)', 4.5],
    ['add(null, 4)', null],
    ['subtract(2, 5)', -3],
    ['multiply(3, 0.5)', 1.5],
    ['divide(10, 4)', 2],
    ['divide(-10, 4)', -2],
    ['divide(10, 4.0)', 2.5],
    ['divide(10, 0)', null],
    ['divide(x, 2)', 2, { x: 5 }],
    ['divide(x, 2)', 2.75, { x: 5.5 }],
    ['modulo(-10, -6)', -4],
    ['modulo(10, -6)', 4],
    ['modulo(10, 0)', null],
    ['modulo(5.5, 2)', 1.5],
    ['7 / 2', 3],
    ['7 / 2.0', 3.5],
    ['-x', -3, { x: 3 }],
    ['-x', null, {}],
    ['x + 1', [2, 3], { x: [1, 2] }],
  ]

  for (const [expression, expected, event] of table) {
    test(`${expression}${event === undefined ? '' : ` with ${JSON.stringify(event)}`} is ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(evaluateText(expression, event), expected)
    })
  }

  const rejected: [expression: string, code: string][] = [
    ['cidrMatch(ip, "10.0.0.0/99")', 'ERR_EQL_CIDR'],
    ['cidrMatch(ip, "banana")', 'ERR_EQL_CIDR'],
  ]

  for (const [expression, code] of rejected) {
    test(`${expression} is rejected with ${code}`, () => {
      const compiled = compileExpression(parseValue(expression))
      assert.equal(compiled.ok, false)
      assert.equal(compiled.diagnostics[0]?.code, code)
    })
  }
})

describe('function checks on hand-built trees', () => {
  const literal = (value: string | number | boolean | null): Expression => ({
    kind: 'Literal',
    value,
    isInteger: typeof value === 'number' && Number.isInteger(value),
    span: EMPTY_SPAN,
  })
  const call = (name: FunctionName, args: Expression[]): Expression => ({
    kind: 'FunctionCall',
    name,
    isCaseInsensitive: false,
    args,
    span: EMPTY_SPAN,
  })
  const cases: [title: string, expr: Expression, code: string][] = [
    ['number() without arguments', call('number', []), 'ERR_EQL_FUNCTION_ARITY'],
    [
      'add with three arguments',
      call('add', [literal(1), literal(2), literal(3)]),
      'ERR_EQL_FUNCTION_ARITY',
    ],
    ['number(1)', call('number', [literal(1)]), 'ERR_EQL_ARGUMENT_TYPE'],
    [
      'startsWith("FOO", 123)',
      call('startsWith', [literal('FOO'), literal(123)]),
      'ERR_EQL_ARGUMENT_TYPE',
    ],
  ]

  for (const [title, expr, code] of cases) {
    test(`${title} is rejected with ${code}`, () => {
      const compiled = compileExpression(expr)
      assert.equal(compiled.ok, false)
      assert.equal(compiled.diagnostics[0]?.code, code)
    })
  }
})
