import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formatIpKey, ipKey, ipText } from './ip.ts'

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

describe('ip text', () => {
  // the printed text: canonical dotted IPv4 is returned as it is, the rest goes through the key
  const table: [string, string | null][] = [
    ['1.2.3.4', '1.2.3.4'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['10.0.0.1', '10.0.0.1'],
    ['010.0.0.1', '10.0.0.1'],
    ['1.02.3.4', '1.2.3.4'],
    ['0.00.1.2', '0.0.1.2'],
    ['256.1.1.1', null],
    ['1.2.3', null],
    ['1.2.3.4.5', null],
    ['1.2.3.4 ', null],
    ['1.2.3.', null],
    ['', null],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['FE80::1', 'fe80::1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
  ]

  for (const [text, expected] of table) {
    test(`${JSON.stringify(text)} prints as ${String(expected)}`, () => {
      assert.equal(ipText(text), expected)
      const key = ipKey(text)
      assert.equal(ipText(text), key === null ? null : formatIpKey(key))
    })
  }
})
