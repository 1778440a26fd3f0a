import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { isBulkActionLine } from './event-decoder.ts'

describe('isBulkActionLine', () => {
  const cases: [line: string, expected: boolean][] = [
    ['{"index":{"_index":"logs"}}', true],
    ['{"create":{}}', true],
    ['{"update":{"_id":"1"}}', true],
    ['{"delete":{"_id":"1"}}', true],
    [' { "index" : {}}', true],
    ['{"@timestamp":"2026-01-01T00:00:00Z"}', false],
    ['{"indexed":true}', false],
    ['{"id":"x"}', false],
    ['{"event":{"action":"index"}}', false],
  ]

  for (const [line, expected] of cases) {
    test(`${line} is ${expected ? '' : 'not '}an action line`, () => {
      assert.equal(isBulkActionLine(line), expected)
    })
  }
})
