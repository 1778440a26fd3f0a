import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { parse } from 'smol-toml'
import { listFunctions, parseEql, printEql } from './index.ts'
import { findCorpus } from './test-helpers.ts'

function check(expression: string): readonly string[] {
  return parseEql(`process where ${expression}`).diagnostics.map((d) => d.code)
}

// [call, reason]; each call is valid and used in a boolean position
const VALID_CALLS: readonly (readonly [string, string])[] = [
  ['add(a, 1) == 2', 'add'],
  ['between(a, "x", "y") == "z"', 'between'],
  ['between~(a, "x", "y", true) == "z"', 'between~ with greedy'],
  ['cidrMatch(source.ip, "10.0.0.0/8", "192.168.0.0/16")', 'cidrMatch, several ranges'],
  ['cidrmatch(source.ip, "::1/128")', 'cidrMatch lower-case'],
  ['concat(a) == "x"', 'concat one value'],
  ['concat(a, 1, true, null, "s") == "x"', 'concat mixed values'],
  ['divide(a, 2) == 1', 'divide'],
  ['endsWith(a, "x")', 'endsWith'],
  ['endsWith~(a, "X")', 'endsWith~'],
  ['indexOf(a, "x") == 0', 'indexOf'],
  ['indexOf~(a, "x", 2) == 3', 'indexOf~ with start'],
  ['length(a) > 1', 'length'],
  ['modulo(a, 3) == 1', 'modulo'],
  ['multiply(a, 2.5) > 1', 'multiply'],
  ['number(a) == 1', 'number'],
  ['number("0x1f", 16) == 31', 'number with base'],
  ['startsWith(a, "x")', 'startsWith'],
  ['startswith~(a, "x")', 'startsWith~ lower-case'],
  ['string(a) == "1"', 'string'],
  ['string(1) == "1"', 'string of a number'],
  ['stringContains(a, "x")', 'stringContains'],
  ['stringContains~(a, "x")', 'stringContains~'],
  ['substring(a, 1) == "x"', 'substring'],
  ['substring(a, -3, -1) == "x"', 'substring negative offsets'],
  ['subtract(a, 1) == 0', 'subtract'],
  ['length(concat(a, b)) > indexOf(c, "d")', 'nested calls'],
  ['startsWith(a, null)', 'null arguments are allowed'],
]

// [call, expected code, reason]
const INVALID_CALLS: readonly (readonly [string, string, string])[] = [
  ['add(a) == 1', 'ERR_EQL_FUNCTION_ARITY', 'add needs two'],
  ['add(a, 1, 2) == 1', 'ERR_EQL_FUNCTION_ARITY', 'add takes two'],
  ['add("a", 1) == 1', 'ERR_EQL_ARGUMENT_TYPE', 'add of a string'],
  ['between(a, "x") == ""', 'ERR_EQL_FUNCTION_ARITY', 'between needs three'],
  ['between(a, "x", "y", b) == ""', 'ERR_EQL_ARGUMENT_TYPE', 'greedy must be a constant'],
  ['between(a, "x", "y", 1) == ""', 'ERR_EQL_ARGUMENT_TYPE', 'greedy must be boolean'],
  ['cidrMatch(source.ip)', 'ERR_EQL_FUNCTION_ARITY', 'cidrMatch needs a range'],
  ['cidrMatch(source.ip, b)', 'ERR_EQL_ARGUMENT_TYPE', 'ranges must be constants'],
  ['cidrMatch(source.ip, 10)', 'ERR_EQL_ARGUMENT_TYPE', 'ranges must be strings'],
  [
    'cidrMatch~(source.ip, "10.0.0.0/8")',
    'ERR_EQL_CASE_INSENSITIVE_FUNCTION',
    'cidrMatch has no ~',
  ],
  ['concat() == ""', 'ERR_EQL_FUNCTION_ARITY', 'concat needs a value'],
  ['divide(a, "2") == 1', 'ERR_EQL_ARGUMENT_TYPE', 'divide by a string'],
  ['endsWith(a)', 'ERR_EQL_FUNCTION_ARITY', 'endsWith needs two'],
  ['endsWith(a, 1)', 'ERR_EQL_ARGUMENT_TYPE', 'endsWith a number'],
  ['indexOf(a, "x", "1") == 1', 'ERR_EQL_ARGUMENT_TYPE', 'start must be an integer'],
  ['indexOf(a, "x", 1.5) == 1', 'ERR_EQL_ARGUMENT_TYPE', 'start must not be a float'],
  ['length() == 1', 'ERR_EQL_FUNCTION_ARITY', 'length needs one'],
  ['length(true) == 1', 'ERR_EQL_ARGUMENT_TYPE', 'length of a boolean'],
  ['modulo(a, true) == 1', 'ERR_EQL_ARGUMENT_TYPE', 'modulo by a boolean'],
  ['multiply~(a, 2) == 1', 'ERR_EQL_CASE_INSENSITIVE_FUNCTION', 'multiply has no ~'],
  ['number() == 1', 'ERR_EQL_FUNCTION_ARITY', 'number needs one'],
  ['number(1) == 1', 'ERR_EQL_ARGUMENT_TYPE', 'number of a number'],
  ['number(true) == 1', 'ERR_EQL_ARGUMENT_TYPE', 'number of a boolean'],
  ['number("1", "10") == 1', 'ERR_EQL_ARGUMENT_TYPE', 'base must be an integer'],
  ['startsWith()', 'ERR_EQL_FUNCTION_ARITY', 'startsWith needs two'],
  ['startsWith(1, "FOO")', 'ERR_EQL_ARGUMENT_TYPE', 'startsWith of a number'],
  ['startsWith("FOO", 123)', 'ERR_EQL_ARGUMENT_TYPE', 'startsWith a number'],
  ['string() == ""', 'ERR_EQL_FUNCTION_ARITY', 'string needs one'],
  ['string~(a) == ""', 'ERR_EQL_CASE_INSENSITIVE_FUNCTION', 'string has no ~'],
  ['stringContains(a, "x", "y")', 'ERR_EQL_FUNCTION_ARITY', 'stringContains takes two'],
  ['substring(a) == ""', 'ERR_EQL_FUNCTION_ARITY', 'substring needs a start'],
  ['substring(a, "1") == ""', 'ERR_EQL_ARGUMENT_TYPE', 'start must be a number'],
  ['subtract(a, b, c) == 0', 'ERR_EQL_FUNCTION_ARITY', 'subtract takes two'],
  ['length(a == 1) > 0', 'ERR_EQL_ARGUMENT_TYPE', 'a comparison is not a string'],
  ['add(length(a), concat(b)) > 0', 'ERR_EQL_ARGUMENT_TYPE', 'a call result of the wrong type'],
  ['lenght(a) > 0', 'ERR_EQL_UNKNOWN_FUNCTION', 'misspelled'],
  ['arrayContains(a, "x")', 'ERR_EQL_UNSUPPORTED', 'endgame array function'],
]

describe('functions', () => {
  for (const [call, reason] of VALID_CALLS) {
    test(`accepts ${call} (${reason})`, () => {
      assert.deepEqual(check(call), [])
    })
  }

  for (const [call, code, reason] of INVALID_CALLS) {
    test(`rejects ${call} with ${code} (${reason})`, () => {
      assert.deepEqual(check(call).slice(0, 1), [code])
    })
  }

  test('every function is exercised by a valid call', () => {
    const used = VALID_CALLS.map(([call]) => call.toLowerCase())
    for (const signature of listFunctions()) {
      const name = signature.name.toLowerCase()
      assert.ok(
        used.some((call) => call.includes(`${name}(`) || call.includes(`${name}~(`)),
        name,
      )
    }
  })

  test('stores the canonical name and the ~ flag', () => {
    const result = parseEql('process where STRINGCONTAINS~(a, "x")')
    assert.ok(result.ok)
    assert.equal(printEql(result.value), 'process where stringContains~(a, "x")')
  })
})

interface FoldSuite {
  readonly [section: string]: {
    readonly fold?: { readonly tests?: readonly { readonly expression: string }[] }
    readonly verifier?: { readonly failures?: readonly { readonly expression: string }[] }
  }
}

describe('elasticsearch string function tests', () => {
  const dir = findCorpus('eql/elastic-elasticsearch/unit-test-resources')
  test('accepts every fold expression and rejects every verifier failure', (t) => {
    if (dir === undefined) {
      t.skip('shared corpus not found (../shared/corpus/eql/elastic-elasticsearch)')

      return
    }

    const suite = parse(readFileSync(join(dir, 'test_string_functions.toml'), 'utf8')) as FoldSuite
    const sections = Object.values(suite)
    const folds = sections.flatMap((s) => s.fold?.tests ?? []).map((f) => f.expression)
    const failures = sections.flatMap((s) => s.verifier?.failures ?? []).map((f) => f.expression)
    // compared with null so the expression is a boolean condition whatever its type
    const rejected = folds.filter((e) => !parseEql(`process where (${e}) == null`).ok)
    const accepted = failures.filter((e) => parseEql(`process where (${e}) == null`).ok)
    assert.deepEqual({ rejected, accepted }, { rejected: [], accepted: [] })
    t.diagnostic(`${folds.length} fold expressions, ${failures.length} verifier failures`)
  })
})
