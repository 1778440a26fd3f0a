import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { addressBytes, unwrapV4Mapped } from './addresses.ts'

describe('unwrapV4Mapped', () => {
  const cases: [string, string][] = [
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['[::ffff:10.1.2.3]:445', '10.1.2.3'],
    ['[::ffff:10.1.2.3]', '10.1.2.3'],
    ['fe80::ffff:10.1.2.3', 'fe80::ffff:10.1.2.3'],
    ['::ffff:10.1.2.3 and more', '::ffff:10.1.2.3 and more'],
    ['-', '-'],
  ]
  for (const [ip, expected] of cases) {
    test(`${ip} → ${expected}`, () => {
      assert.equal(unwrapV4Mapped(ip), expected)
    })
  }
})

describe('addressBytes', () => {
  const cases: [string, string | undefined][] = [
    ['192.168.0.1', 'c0a80001'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:db8::8:800:200c:417a', '20010db80000000000080800200c417a'],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['not an address', undefined],
  ]
  for (const [ip, hex] of cases) {
    test(ip, () => {
      assert.equal(addressBytes(ip)?.toString('hex'), hex)
    })
  }
})
