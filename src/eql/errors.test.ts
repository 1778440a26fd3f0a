import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { renderDiagnostic, SourceText } from '../syntax/index.ts'
import { EQL_DIAGNOSTIC_CODES, parseEql } from './index.ts'

// [input, code of the first diagnostic, its start column, reason]
const INVALID: readonly (readonly [string, string, number, string])[] = [
  ['process where', 'ERR_EQL_UNEXPECTED_TOKEN', 14, 'condition missing'],
  ['process where a ==', 'ERR_EQL_UNEXPECTED_TOKEN', 19, 'right operand missing'],
  ['process a == 1', 'ERR_EQL_UNEXPECTED_TOKEN', 9, 'where missing'],
  ['where a == 1', 'ERR_EQL_UNEXPECTED_TOKEN', 1, 'category missing'],
  ['`proc` where true', 'ERR_EQL_UNEXPECTED_TOKEN', 1, 'back-quoted category'],
  ['process where (a == 1', 'ERR_EQL_UNEXPECTED_TOKEN', 22, 'unclosed parenthesis'],
  ['process where a == 1)', 'ERR_EQL_UNEXPECTED_TOKEN', 21, 'stray parenthesis'],
  ['process where a in ()', 'ERR_EQL_UNEXPECTED_TOKEN', 21, 'empty in list'],
  ['process where a not like "x"', 'ERR_EQL_UNEXPECTED_TOKEN', 21, 'not only negates in'],
  ['process where a.sequence == 1', 'ERR_EQL_UNEXPECTED_TOKEN', 17, 'keyword after a dot'],
  ['process where a~ == 1', 'ERR_EQL_UNEXPECTED_TOKEN', 15, 'tilde on a field'],
  ['process where a AND b', 'ERR_EQL_UNEXPECTED_TOKEN', 17, 'keywords are lowercase'],
  ['process where true and', 'ERR_EQL_UNEXPECTED_TOKEN', 23, 'dangling and'],
  ['sequence by a', 'ERR_EQL_UNEXPECTED_TOKEN', 14, 'sequence without steps'],
  [
    'sequence [a where true] until ![b where true]',
    'ERR_EQL_UNEXPECTED_TOKEN',
    31,
    'missing until',
  ],
  ['sample by a ![x where true]', 'ERR_EQL_UNEXPECTED_TOKEN', 13, 'missing step in sample'],
  ['process where true | head 1 2', 'ERR_EQL_UNEXPECTED_TOKEN', 29, 'extra pipe argument'],
  ['process where a == 1 #', 'ERR_EQL_UNEXPECTED_CHARACTER', 22, 'stray character'],
  ['process where a == "abc', 'ERR_EQL_UNTERMINATED_STRING', 20, 'unterminated string'],
  ['process where a == "ab\nc"', 'ERR_EQL_UNTERMINATED_STRING', 20, 'newline in string'],
  ['process where a == """abc', 'ERR_EQL_UNTERMINATED_STRING', 20, 'unterminated raw string'],
  ['process where a == 1 /* x', 'ERR_EQL_UNTERMINATED_COMMENT', 22, 'unterminated comment'],
  ['process where `abc == 1', 'ERR_EQL_UNTERMINATED_IDENTIFIER', 15, 'unterminated back-quote'],
  ['process where a == "a\\qb"', 'ERR_EQL_BAD_ESCAPE', 22, 'unknown escape'],
  ['process where a == "\\u{4}"', 'ERR_EQL_BAD_ESCAPE', 21, 'one hex digit'],
  ['process where a == "\\u{123456789}"', 'ERR_EQL_BAD_ESCAPE', 21, 'nine hex digits'],
  ['process where a == "\\u41"', 'ERR_EQL_BAD_ESCAPE', 21, 'unicode escape without braces'],
  ["process where a == 'x'", 'ERR_EQL_SINGLE_QUOTE', 20, 'single quotes'],
  ['process where a == ?"x"', 'ERR_EQL_ENDGAME_RAW_STRING', 20, 'endgame raw string'],
  ["process where a == ?'x'", 'ERR_EQL_ENDGAME_RAW_STRING', 20, 'endgame single-quoted raw string'],
  ['process where a = 1', 'ERR_EQL_SINGLE_EQUALS', 17, 'single equals'],
  ['process where 1 < a < 3', 'ERR_EQL_CHAINED_COMPARISON', 21, 'chained comparison'],
  [
    'process where a == 99999999999999999999',
    'ERR_EQL_NUMBER_TOO_LARGE',
    20,
    'integer beyond long',
  ],
  ['process where a == 1e999', 'ERR_EQL_NUMBER_TOO_LARGE', 20, 'float overflow'],
  [
    `process where ${'('.repeat(300)}a${')'.repeat(300)}`,
    'ERR_EQL_NESTING_TOO_DEEP',
    214,
    'deep nesting',
  ],
  ['join [a where true] [b where true]', 'ERR_EQL_UNSUPPORTED', 1, 'join'],
  ['process where true | count', 'ERR_EQL_UNSUPPORTED', 22, 'count pipe'],
  ['process where true | unique a', 'ERR_EQL_UNSUPPORTED', 22, 'unique pipe'],
  ['process where true | unique_count a', 'ERR_EQL_UNSUPPORTED', 22, 'unique_count pipe'],
  ['process where true | filter a', 'ERR_EQL_UNSUPPORTED', 22, 'filter pipe'],
  ['process where true | sort a', 'ERR_EQL_UNSUPPORTED', 22, 'sort pipe'],
  ['process where descendant of [a where true]', 'ERR_EQL_UNSUPPORTED', 15, 'descendant of'],
  ['process where child of [a where true]', 'ERR_EQL_UNSUPPORTED', 15, 'child of'],
  ['process where event of [a where true]', 'ERR_EQL_UNSUPPORTED', 15, 'event of'],
  ['process where a[0] == 1', 'ERR_EQL_UNSUPPORTED', 16, 'array index'],
  ['process where wildcard(a, "x*")', 'ERR_EQL_UNSUPPORTED', 15, 'endgame function'],
  ['process where foo(a)', 'ERR_EQL_UNKNOWN_FUNCTION', 15, 'unknown function'],
  ['process where true | first 1', 'ERR_EQL_UNKNOWN_PIPE', 22, 'unknown pipe'],
  ['process where length(a, b) > 1', 'ERR_EQL_FUNCTION_ARITY', 15, 'too many arguments'],
  ['process where length(1) > 1', 'ERR_EQL_ARGUMENT_TYPE', 22, 'number for a string'],
  ['process where length~(a) > 1', 'ERR_EQL_CASE_INSENSITIVE_FUNCTION', 15, 'tilde on length'],
  ['process where 1 + "a" > 1', 'ERR_EQL_OPERAND_TYPE', 19, 'string in arithmetic'],
  ['process where "a"', 'ERR_EQL_OPERAND_TYPE', 15, 'string condition'],
  ['process where not 1', 'ERR_EQL_OPERAND_TYPE', 19, 'not on a number'],
  ['process where a : 1', 'ERR_EQL_PATTERN_TYPE', 19, 'number pattern'],
  ['process where a like b', 'ERR_EQL_PATTERN_TYPE', 22, 'field pattern'],
  ['process where a == b', 'ERR_EQL_FIELD_COMPARISON', 15, 'field to field'],
  ['process where a in ("x", b)', 'ERR_EQL_FIELD_COMPARISON', 26, 'field in a list'],
  [
    'sequence by a * 2 [x where true] [y where true]',
    'ERR_EQL_JOIN_KEY_NOT_FIELD',
    13,
    'expression key',
  ],
  [
    'sequence [x where true] by a [y where true]',
    'ERR_EQL_JOIN_KEY_COUNT',
    30,
    'unequal key counts',
  ],
  [
    'sequence with maxspan=1m by a [x where true] [y where true]',
    'ERR_EQL_BY_AFTER_WITH',
    26,
    'by after with',
  ],
  ['sequence with maxspan=5 [x where true] [y where true]', 'ERR_EQL_TIME_UNIT', 23, 'no unit'],
  [
    'sequence with maxspan=5w [x where true] [y where true]',
    'ERR_EQL_TIME_UNIT',
    24,
    'unknown unit',
  ],
  [
    'sequence with maxspan=5M [x where true] [y where true]',
    'ERR_EQL_TIME_UNIT',
    24,
    'units are lowercase',
  ],
  [
    'sequence with maxspan=0s [x where true] [y where true]',
    'ERR_EQL_MAXSPAN_VALUE',
    23,
    'zero maxspan',
  ],
  [
    'sequence with maxspan=1.5h [x where true] [y where true]',
    'ERR_EQL_MAXSPAN_VALUE',
    23,
    'fractional maxspan',
  ],
  [
    'sequence with maxspan=-1s [x where true] [y where true]',
    'ERR_EQL_MAXSPAN_VALUE',
    23,
    'negative maxspan',
  ],
  [
    'sequence with span=1s [x where true] [y where true]',
    'ERR_EQL_UNKNOWN_OPTION',
    15,
    'unknown sequence option',
  ],
  [
    'sequence [x where true] with count=2 [y where true]',
    'ERR_EQL_UNKNOWN_OPTION',
    30,
    'unknown step option',
  ],
  [
    'sequence [x where true] [y where true] until [z where true] with runs=2',
    'ERR_EQL_UNKNOWN_OPTION',
    61,
    'runs on until',
  ],
  ['sequence [x where true] with runs=0 [y where true]', 'ERR_EQL_RUNS_RANGE', 35, 'runs zero'],
  [
    'sequence [x where true] with runs=101 [y where true]',
    'ERR_EQL_RUNS_RANGE',
    35,
    'runs above 100',
  ],
  [
    'sequence [x where true] with runs=-2 [y where true]',
    'ERR_EQL_RUNS_RANGE',
    35,
    'negative runs',
  ],
  [
    'sequence [x where true] with runs=1.5 [y where true]',
    'ERR_EQL_RUNS_RANGE',
    35,
    'fractional runs',
  ],
  ['sequence [x where true]', 'ERR_EQL_SEQUENCE_STEPS', 1, 'one step'],
  [
    'sequence [x where true] ![y where true]',
    'ERR_EQL_MISSING_WITHOUT_MAXSPAN',
    25,
    'missing without maxspan',
  ],
  [
    'sequence with maxspan=1s ![x where true] ![y where true]',
    'ERR_EQL_MISSING_ONLY',
    1,
    'only missing steps',
  ],
  ['process where true | head', 'ERR_EQL_PIPE_ARGUMENT', 26, 'head without count'],
  ['process where true | head -1', 'ERR_EQL_PIPE_ARGUMENT', 27, 'negative head'],
  ['process where true | tail 1.5', 'ERR_EQL_PIPE_ARGUMENT', 27, 'fractional tail'],
  ['process where true | tail 1, 2', 'ERR_EQL_PIPE_ARGUMENT', 28, 'two tail arguments'],
  [
    'sample by a [x where true] [y where true] | head 1',
    'ERR_EQL_SAMPLE_PIPES',
    43,
    'sample with pipes',
  ],
  ['sample by a [x where true]', 'ERR_EQL_SAMPLE_FILTERS', 1, 'one sample filter'],
  [`sample by a ${'[x where true] '.repeat(6)}`, 'ERR_EQL_SAMPLE_FILTERS', 1, 'six sample filters'],
  ['sample [x where true] [y where true]', 'ERR_EQL_SAMPLE_KEYS', 8, 'sample without keys'],
]

describe('parseEql invalid queries', () => {
  for (const [input, code, column, reason] of INVALID) {
    test(`rejects ${JSON.stringify(input.length > 70 ? `${input.slice(0, 70)}…` : input)} (${reason})`, () => {
      const result = parseEql(input)
      assert.equal(result.ok, false)
      const [first] = result.diagnostics
      assert.equal(first?.code, code, first?.message)
      assert.equal(first.span.start.column, column, first.message)
      assert.match(first.message, /^[a-z"`'(]/)
      assert.doesNotMatch(first.message, /\.$/)
      assert.equal(first.severity, 'error')
    })
  }

  test('lists every code with a one-line description', () => {
    for (const [code, description] of Object.entries(EQL_DIAGNOSTIC_CODES)) {
      assert.match(code, /^ERR_EQL_[A-Z_]+$/)
      assert.ok(description.length > 0 && !description.includes('\n'), code)
    }
  })

  test('covers every diagnostic code', () => {
    const used = new Set(INVALID.map(([, code]) => code))
    assert.deepEqual(
      Object.keys(EQL_DIAGNOSTIC_CODES).filter((code) => !used.has(code)),
      [],
    )
  })
})

describe('diagnostics', () => {
  test('say what was expected and what was found', () => {
    const result = parseEql('process where a == 1 b')
    assert.equal(result.diagnostics[0]?.message, 'expected "|" or end of input but found "b"')
    const end = parseEql('process where a ==')
    assert.equal(end.diagnostics[0]?.message, 'expected an expression but found end of input')
  })

  test('point out upper-case keywords', () => {
    const result = parseEql('process where a AND b')
    assert.equal(
      result.diagnostics[0]?.message,
      'expected "|" or end of input but found "AND"; keywords are lowercase',
    )
  })

  test('suggest close function names', () => {
    const result = parseEql('process where startWith(a, "x")')
    assert.equal(
      result.diagnostics[0]?.message,
      'unknown function "startWith"; did you mean "startsWith"',
    )
  })

  test('render with a caret under the offending text', () => {
    const text = 'process where\n  a = 1'
    const result = parseEql(text, { source: 'q.eql' })
    const [first] = result.diagnostics
    assert.ok(first)
    assert.equal(
      renderDiagnostic(first, { source: new SourceText('q.eql', text) }),
      'q.eql:2:5 ERR_EQL_SINGLE_EQUALS expected "==" but found "="\n2 |   a = 1\n  |     ^',
    )
  })

  test('the lexer collects every error', () => {
    const result = parseEql("process where a == 'x' or b == 'y'")
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.span.start.column]),
      [
        ['ERR_EQL_SINGLE_QUOTE', 20],
        ['ERR_EQL_SINGLE_QUOTE', 32],
      ],
    )
  })

  test('semantic checks collect every problem', () => {
    const result = parseEql('process where length(1) == 1 and a == b and foo() and bar()')
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      [
        'ERR_EQL_ARGUMENT_TYPE',
        'ERR_EQL_FIELD_COMPARISON',
        'ERR_EQL_UNKNOWN_FUNCTION',
        'ERR_EQL_UNKNOWN_FUNCTION',
      ],
    )
  })

  test('the parser stops at the first syntax error', () => {
    const result = parseEql('process where a = 1 and b = 2')
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['ERR_EQL_SINGLE_EQUALS'],
    )
  })

  test('a span covers the offending text', () => {
    const text = 'process where a == "x\\qy" and b'
    const [first] = parseEql(text).diagnostics
    assert.equal(first && text.slice(first.span.start.offset, first.span.end.offset), '\\q')
  })
})
