import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { EMPTY_SPAN } from '../syntax/index.ts'
import { parseKqlOrThrow, printKql, printLiteral } from './index.ts'
import type { KqlIs, KqlLiteral, KqlNode } from './index.ts'

// a small deterministic generator, so failures reproduce
function random(seed: number): () => number {
  let state = seed

  return () => {
    state = (state * 1103515245 + 12345) % 2147483648

    return state / 2147483648
  }
}

const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '\t',
  '\n',
  '\\',
  '"',
  '(',
  ')',
  ':',
  '<',
  '>',
  '{',
  '}',
  '*',
  'or',
  'and',
  'not',
  'OR',
  'Not',
  '?',
  '-',
  'é',
  '\u00a0',
  'u0041',
]

function randomText(next: () => number, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(next() * PIECES.length)] ?? ''

  return out
}

function literal(segments: string[], isQuoted: boolean): KqlLiteral {
  return {
    kind: 'literal',
    text: segments.join('*'),
    segments,
    isQuoted,
    type: 'string',
    span: EMPTY_SPAN,
  }
}

function reparsedValue(value: KqlLiteral): KqlLiteral {
  const node = parseKqlOrThrow(`f:${printLiteral(value)}`) as KqlIs

  return node.value as KqlLiteral
}

describe('printLiteral', () => {
  const next = random(7)
  for (let i = 0; i < 120; i++) {
    const text = randomText(next, 1 + Math.floor(next() * 8))
    test(`quoted ${JSON.stringify(text)} prints back to the same value`, () => {
      const value = reparsedValue(literal([text], true))
      assert.deepEqual([value.segments, value.isQuoted], [[text], true])
    })

    const trimmed = text.trim()
    const hasLowerNot = /not[ \u00a0]/.test(trimmed)
    if (trimmed !== '' && !['true', 'false', 'null'].includes(trimmed)) {
      test(`unquoted ${JSON.stringify(trimmed)} prints back to the same value`, () => {
        const value = reparsedValue(literal([trimmed], false))
        assert.deepEqual([value.segments, value.isQuoted], [[trimmed], hasLowerNot])
      })
    }
  }

  test('wildcard runs keep their escapes', () => {
    const value = reparsedValue(literal(['', 'a*b (c)', ' or x'], false))
    assert.deepEqual(value.segments, ['', 'a*b (c)', ' or x'])
  })
})

describe('printKql', () => {
  const cases: KqlNode[] = [
    {
      kind: 'not',
      child: { kind: 'not', child: parseKqlOrThrow('a:1'), span: EMPTY_SPAN },
      span: EMPTY_SPAN,
    },
    {
      kind: 'and',
      children: [parseKqlOrThrow('a:1 or b:2'), parseKqlOrThrow('c:3')],
      span: EMPTY_SPAN,
    },
    {
      kind: 'or',
      children: [parseKqlOrThrow('a:1 and b:2'), parseKqlOrThrow('c:3')],
      span: EMPTY_SPAN,
    },
  ]
  const expected = ['not (not a:1)', '(a:1 or b:2) and c:3', 'a:1 and b:2 or c:3']
  cases.forEach((node, i) => {
    test(`adds only the parentheses precedence needs: ${expected[i] ?? ''}`, () => {
      assert.equal(printKql(node), expected[i])
      assert.equal(printKql(parseKqlOrThrow(printKql(node))), expected[i])
    })
  })
})
