import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { jsonPathKey, jsonStringOffsets, parseJsonSpans } from './json-spans.ts'

const TEXT = '{"a": [1, {"b": "x\\ny"}], "c": null, "d": -1.5e3, "e": "\\u00e9!"}'

describe('json with spans', () => {
  const parsed = parseJsonSpans(TEXT)

  test('parses the same value as JSON.parse', () => {
    assert.ok(parsed.ok)
    assert.deepEqual(parsed.value, JSON.parse(TEXT))
  })

  const SPANS = [
    [['a'], '[1, {"b": "x\\ny"}]'],
    [['a', 0], '1'],
    [['a', 1, 'b'], '"x\\ny"'],
    [['c'], 'null'],
    [['d'], '-1.5e3'],
  ] as const

  for (const [path, raw] of SPANS) {
    test(`records ${JSON.stringify(path)} as ${raw}`, () => {
      assert.ok(parsed.ok)
      const range = parsed.spans.get(jsonPathKey(path))
      assert.equal(TEXT.slice(range?.start, range?.end), raw)
    })
  }

  test('maps decoded characters of an escaped string to their offsets', () => {
    assert.ok(parsed.ok)
    const range = parsed.spans.get(jsonPathKey(['e']))
    assert.ok(range)
    const start = TEXT.indexOf('"\\u00e9')
    assert.deepEqual(jsonStringOffsets(TEXT, range), [start + 1, start + 7])
  })

  const ERRORS = [
    ['{"a": }', 6, 'unexpected "}"'],
    ['{"a": 1,', 8, 'unexpected end of json, expected a quoted key'],
    ['{"a": "b', 8, 'unterminated string'],
    ['[1 2]', 3, 'expected ",", got "2"'],
    ['{"a": 1} x', 9, 'unexpected "x" after the json value'],
    ['{"a": "\\q"}', 7, 'bad escape "\\q"'],
    ['['.repeat(300), 257, 'json nested deeper than 256 levels'],
  ] as const

  for (const [text, offset, message] of ERRORS) {
    test(`reports ${text} at offset ${offset}`, () => {
      assert.deepEqual(parseJsonSpans(text), { ok: false, offset, message })
    })
  }
})
