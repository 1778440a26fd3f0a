import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { findJsonFault } from './json-error.ts'

describe('findJsonFault', () => {
  const cases: [string, number, string][] = [
    ['{"a":}', 5, "unexpected '}', expected a value"],
    ['{"a":1', 6, "unexpected end of input, expected ',' or '}'"],
    ['{"a" 1}', 5, "unexpected '1', expected ':' after the property name"],
    ['{a:1}', 1, "unexpected 'a', expected a property name in double quotes"],
    ['{"a":1}x', 7, "unexpected 'x' after the JSON value"],
    ['{"a":"b\\q"}', 7, "bad escape '\\q' in a string"],
    ['{"a":"\\u12g4"}', 6, "bad unicode escape after '\\u'"],
    ['{"a":"x\ty"}', 7, 'unescaped control character in a string'],
    ['{"a":"abc', 9, 'unterminated string'],
    ['{"a":[1,]}', 8, "unexpected ']', expected a value"],
    ['{"a":tru}', 5, "unexpected 't', expected a value"],
    ['{"a":01}', 6, "unexpected '1', expected ',' or '}'"],
    ['', 0, 'unexpected end of input, expected a value'],
  ]
  for (const [text, offset, message] of cases) {
    test(`locates the fault in ${JSON.stringify(text)}`, () => {
      assert.deepEqual(findJsonFault(text), { offset, message })
      assert.throws(() => JSON.parse(text))
    })
  }

  test('survives deep nesting without a stack overflow', () => {
    const text = '['.repeat(100_000)
    assert.equal(findJsonFault(text).offset, 100_000)
  })
})
