import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { compileGlob } from './glob.ts'
import { splitClauses } from './query-string.ts'

describe('splitClauses (M9)', () => {
  const cases: [string[], unknown[]][] = [
    [
      ['', 'S3 Browser', ''],
      [
        { kind: 'glob', segments: ['', 'S3'] },
        { kind: 'glob', segments: ['Browser', ''] },
      ],
    ],
    [
      ['', ' curl', ''],
      [{ kind: 'exists' }, { kind: 'glob', segments: ['curl', ''] }],
    ],
    [
      ['foo bar baz', ''],
      [
        { kind: 'terms', text: 'foo bar' },
        { kind: 'glob', segments: ['baz', ''] },
      ],
    ],
    [
      ['a\n', 'b'],
      [
        { kind: 'terms', text: 'a' },
        { kind: 'glob', segments: ['', 'b'] },
      ],
    ],
    [['', '', ''], [{ kind: 'glob', segments: ['', '', ''] }]],
  ]
  for (const [segments, clauses] of cases) {
    test(`${JSON.stringify(segments.join('*'))} splits into ${clauses.length} clauses`, () => {
      assert.deepEqual(splitClauses(segments), clauses)
    })
  }
})

describe('compileGlob', () => {
  const cases: [string[], string, boolean][] = [
    [['abc'], 'abc', true],
    [['abc'], 'abcd', false],
    [['', 'b', ''], 'abc', true],
    [['a', ''], 'abc', true],
    [['', 'c'], 'abc', true],
    [['a', 'c'], 'ac', true],
    [['ab', 'bc'], 'abc', false],
    [['a', 'b', 'c'], 'a-b-c', true],
    [['a', 'b', 'c'], 'a-c-b', false],
    [['', '.', ''], 'x\ny.z', true],
    [['(', '[', '$'], '(x[y$', true],
    [['', '?', ''], 'a?b', true],
    [['', '?', ''], 'ab', false],
  ]
  for (const [segments, value, expected] of cases) {
    test(`${JSON.stringify(segments.join('*'))} on ${JSON.stringify(value)} is ${expected}`, () => {
      assert.equal(compileGlob(segments)(value), expected)
    })
  }
})
