import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { LoweredReads } from './lowered-reads.ts'

describe('LoweredReads', () => {
  const cases: [
    title: string,
    event: Record<string, unknown>,
    present: boolean,
    texts: string[],
  ][] = [
    ['a string', { process: { name: 'CMD.exe' } }, true, ['cmd.exe']],
    ['a number', { process: { name: 42 } }, true, ['42']],
    ['a boolean', { process: { name: true } }, true, ['true']],
    ['an array', { process: { name: ['A', 'b', 3] } }, true, ['a', 'b', '3']],
    ['an object value', { process: { name: { x: 1 } } }, false, []],
    ['a missing field', { process: {} }, false, []],
    ['a null', { process: { name: null } }, false, []],
    ['a dotted key', { 'process.name': 'X' }, true, ['x']],
  ]

  for (const [title, event, present, texts] of cases) {
    test(`reads ${title}`, () => {
      const reads = new LoweredReads()
      reads.advance()
      const field = reads.field('process.name')
      assert.equal(field.isPresent(event), present)
      assert.deepEqual(field.texts(event), texts)
    })
  }

  test('one reader per field, refreshed by advance', () => {
    const reads = new LoweredReads()
    assert.equal(reads.field('a'), reads.field('a'))
    reads.advance()
    assert.deepEqual(reads.field('a').texts({ a: 'One' }), ['one'])
    // the same event generation keeps the first read
    assert.deepEqual(reads.field('a').texts({ a: 'Two' }), ['one'])
    reads.advance()
    assert.deepEqual(reads.field('a').texts({ a: 'Two' }), ['two'])
  })

  test('after the last generation, counting starts over with every field forgotten', () => {
    const reads = new LoweredReads(2)
    assert.equal(reads.advance(), false)
    assert.deepEqual(reads.field('a').texts({ a: 'Old' }), ['old'])
    assert.equal(reads.advance(), false)
    assert.equal(reads.advance(), true)
    // generation 1 again: the value read in the first generation 1 must not come back
    assert.equal(reads.generation, 1)
    assert.deepEqual(reads.field('a').texts({ a: 'New' }), ['new'])
  })
})
