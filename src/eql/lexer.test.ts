import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { lexEql } from './lexer.ts'

function kinds(text: string): string[] {
  return lexEql(text).tokens.map((t) => `${t.kind}:${String(t.value)}`)
}

// [input, expected tokens as kind:value, reason]
const TOKENS: readonly (readonly [string, readonly string[], string])[] = [
  ['a.b', ['name:a', 'op:.', 'name:b', 'eof:'], 'dotted name'],
  ['@timestamp', ['name:@timestamp', 'eof:'], '@ starts a name'],
  ['`a``b`', ['quoted:a`b', 'eof:'], 'doubled back-quote'],
  [
    'in~ like~ regex~ in like',
    ['keyword:in~', 'keyword:like~', 'keyword:regex~', 'keyword:in', 'keyword:like', 'eof:'],
    'keywords',
  ],
  ['startsWith~(', ['name:startsWith~', 'op:(', 'eof:'], 'tilde name'],
  ['_x~', ['name:_x', 'invalid:~', 'eof:'], 'tilde needs a letter-initial name'],
  [
    '1 2.5 .5 1e3 1E-2 3.',
    ['number:1', 'number:2.5', 'number:0.5', 'number:1000', 'number:0.01', 'number:3', 'eof:'],
    'numbers',
  ],
  ['5m', ['number:5', 'name:m', 'eof:'], 'time unit splits'],
  [
    '== != <= >= < > = : ![ [ ] ( ) , | ? + - * / %',
    [
      'op:==',
      'op:!=',
      'op:<=',
      'op:>=',
      'op:<',
      'op:>',
      'op:=',
      'op::',
      'op:![',
      'op:[',
      'op:]',
      'op:(',
      'op:)',
      'op:,',
      'op:|',
      'op:?',
      'op:+',
      'op:-',
      'op:*',
      'op:/',
      'op:%',
      'eof:',
    ],
    'operators',
  ],
  ['"a\\tb"', ['string:a\tb', 'eof:'], 'escape'],
  ['"""a\\tb"""', ['string:a\\tb', 'eof:'], 'raw string keeps backslashes'],
  ['""""""', ['string:', 'eof:'], 'empty raw string'],
  ['"""a"""""', ['string:a""', 'eof:'], 'raw string absorbs two trailing quotes'],
  ['a // c\nb', ['name:a', 'name:b', 'eof:'], 'line comment'],
  ['a /* x /* y */ z */ b', ['name:a', 'name:b', 'eof:'], 'nested block comment'],
  ['a/b', ['name:a', 'op:/', 'name:b', 'eof:'], 'division is not a comment'],
]

describe('lexEql', () => {
  for (const [input, expected, reason] of TOKENS) {
    test(`lexes ${JSON.stringify(input)} (${reason})`, () => {
      assert.deepEqual(kinds(input), expected)
    })
  }

  test('marks integers apart from floats', () => {
    const [int, float, exp] = lexEql('7 7.0 7e0').tokens
    assert.deepEqual([int?.isInteger, float?.isInteger, exp?.isInteger], [true, false, false])
  })

  test('records offsets of each token', () => {
    const tokens = lexEql('ab  "c"').tokens
    assert.deepEqual(
      tokens.map((t) => [t.start, t.end]),
      [
        [0, 2],
        [4, 7],
        [7, 7],
      ],
    )
  })

  test('collects every error and keeps going', () => {
    const result = lexEql('\'a\' # "b\\x" ?"c"')
    assert.deepEqual(
      result.errors.map((e) => [e.code, e.start]),
      [
        ['ERR_EQL_SINGLE_QUOTE', 0],
        ['ERR_EQL_UNEXPECTED_CHARACTER', 4],
        ['ERR_EQL_BAD_ESCAPE', 8],
        ['ERR_EQL_ENDGAME_RAW_STRING', 12],
      ],
    )
    assert.equal(result.tokens.at(-1)?.kind, 'eof')
  })

  test('decodes unicode escapes of 2 to 8 hex digits', () => {
    assert.deepEqual(kinds('"\\u{41}\\u{00000042}\\u{1f600}"'), ['string:AB😀', 'eof:'])
  })

  test('rejects code points above U+10FFFF', () => {
    assert.equal(lexEql('"\\u{110000}"').errors[0]?.code, 'ERR_EQL_BAD_ESCAPE')
  })
})
