import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ipKey } from './ip.ts'

describe('ip keys', () => {
  const table: [string, string | null][] = [
    ['1.2.3.4', '00000000000000000000ffff01020304'],
    ['255.255.255.255', '00000000000000000000ffffffffffff'],
    ['010.0.0.1', '00000000000000000000ffff0a000001'],
    ['256.1.1.1', null],
    ['0001.2.3.4', null],
    ['1.2.3', null],
    ['1.2.3.4.', null],
    ['1..2.3', null],
    ['1.2.3.4 ', null],
    ['', null],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['::1.2.3', null],
  ]

  for (const [text, expected] of table) {
    test(`${JSON.stringify(text)} is ${String(expected)}`, () => {
      assert.equal(ipKey(text), expected)
    })
  }
})
