import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { toIndexedIp } from './indexed.ts'
import { compareIp, isInCidr, parseCidr, parseIp } from './ip.ts'

function hex(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('hex')
}

describe('parseIp', () => {
  const cases: [string, string | null][] = [
    ['10.1.2.3', '00000000000000000000ffff0a010203'],
    ['::ffff:10.1.2.3', '00000000000000000000ffff0a010203'],
    ['::1', '00000000000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['FE80::1', 'fe800000000000000000000000000001'],
    ['2001:db8:0:0:0:0:0:1', '20010db8000000000000000000000001'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['256.1.1.1', null],
    ['010.001.2.3', '00000000000000000000ffff0a010203'],
    ['1.2.3.4 ', null],
    ['1.2.3.4\n', null],
    ['1.2.3.', null],
    ['.1.2.3', null],
    ['1..2.3', null],
    ['1.2.3.0004', null],
    ['1.2.3.4.5', null],
    ['\u0661.2.3.4', null],
    ['::ffff:1.2.3.256', null],
    ['1.2.3', null],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7:8:9', null],
    ['12345::', null],
    ['host.example', null],
    ['', null],
  ]
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)} is ${expected ?? 'not an address'}`, () => {
      assert.equal(hex(parseIp(text)), expected)
    })
  }
})

describe('parseCidr and isInCidr', () => {
  const cases: [string, string, boolean][] = [
    ['10.0.0.0/8', '10.255.0.1', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['fe80::/10', 'febf::1', true],
    ['fe80::/10', 'fec0::1', false],
    ['10.1.2.3/32', '10.1.2.3', true],
    ['::/0', '8.8.8.8', true],
  ]
  for (const [block, address, expected] of cases) {
    test(`${address} in ${block} is ${expected}`, () => {
      const cidr = parseCidr(block)
      const ip = parseIp(address)
      assert.ok(cidr !== null && ip !== null)
      assert.equal(isInCidr(ip, cidr), expected)
    })
  }

  test('rejects prefixes past the address length', () => {
    assert.equal(parseCidr('10.0.0.0/33'), null)
    assert.equal(parseCidr('::/129'), null)
  })

  test('orders addresses by their bytes', () => {
    assert.ok(compareIp(parseIp('10.0.0.2')!, parseIp('10.0.0.10')!) < 0)
  })
})

describe('ip field values', () => {
  test('parse the same as parseIp however many addresses alternate', () => {
    // more addresses than the parse memo holds, in a repeating order, so entries are evicted
    const addresses = Array.from({ length: 11 }, (_, i) => `10.0.${String(i)}.1`)
    addresses.push('::1', 'not an address', '2001:db8::7')
    for (let round = 0; round < 3; round++) {
      for (const text of addresses) assert.equal(hex(toIndexedIp(text)), hex(parseIp(text)))
    }

    assert.equal(toIndexedIp(42), null)
  })
})
