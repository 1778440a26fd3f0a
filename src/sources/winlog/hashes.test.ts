import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { parseHashes, parseHashesShared } from './hashes.ts'

const HASHES = 'SHA1=AB12,MD5=CD34,IMPHASH=EF56'

describe('shared Sysmon hashes', () => {
  test('gives what parseHashes gives for a repeated value, one frozen object', () => {
    const first = parseHashesShared(HASHES)
    assert.deepEqual(first, parseHashes(HASHES))
    assert.equal(parseHashesShared(HASHES), first)
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first?.order))
  })

  test('remembers a value that does not parse as such', () => {
    assert.equal(parseHashesShared('SHA1'), undefined)
    assert.equal(parseHashesShared('SHA1'), undefined)
  })
})
