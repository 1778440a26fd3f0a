import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { cacheReadsOf, compileValueReader, mayHoldRoot } from './index.ts'

describe('compileValueReader', () => {
  const cases: [title: string, event: Record<string, unknown>, path: string, expected: unknown][] =
    [
      ['a nested value', { process: { name: 'cmd.exe' } }, 'process.name', 'cmd.exe'],
      ['a top-level value', { pid: 4 }, 'pid', 4],
      ['a missing leaf', { process: {} }, 'process.name', undefined],
      ['a missing parent', {}, 'process.name', undefined],
      ['a primitive where an object is expected', { process: 'x' }, 'process.name', undefined],
      ['a null leaf', { process: { name: null } }, 'process.name', undefined],
      ['an empty array', { tags: [] }, 'tags', undefined],
      ['a one-element array', { tags: ['a'] }, 'tags', 'a'],
      ['an array', { tags: ['a', 'b'] }, 'tags', ['a', 'b']],
      ['an array with nulls', { tags: ['a', null, 'b'] }, 'tags', ['a', 'b']],
      ['nested arrays', { tags: [['a'], ['b', 'c']] }, 'tags', ['a', 'b', 'c']],
      ['arrays of objects', { a: [{ b: 1 }, { b: 2 }] }, 'a.b', [1, 2]],
      ['a fully dotted key', { 'process.name': 'x' }, 'process.name', 'x'],
      ['a partly dotted key', { process: { 'parent.name': 'y' } }, 'process.parent.name', 'y'],
      ['a dotted parent key', { 'process.parent': { name: 'z' } }, 'process.parent.name', 'z'],
      ['an object leaf', { process: { name: { x: 1 } } }, 'process.name', undefined],
      ['false', { flag: false }, 'flag', false],
      ['zero', { n: 0 }, 'n', 0],
      // the dot check is made per top-level key: a dotted key elsewhere changes nothing
      ['beside a dotted key under another root', { a: { 'b.c': 1 }, x: { y: 2 } }, 'x.y', 2],
      ['a dotted key deep under its root', { a: { b: [{ 'c.d': 3 }] } }, 'a.b.c.d', 3],
      ['a dotted top-level key and a nested one', { 'a.b': { c: 4 }, x: 1 }, 'a.b.c', 4],
    ]

  for (const [title, event, path, expected] of cases) {
    test(`reads ${title}`, () => {
      assert.deepEqual(compileValueReader(path)(event), expected)
    })

    test(`reads ${title} the same while the event's reads are cached`, () => {
      const read = compileValueReader(path)
      cacheReadsOf(event)
      try {
        assert.deepEqual(read(event), expected)
        // the second read comes from the cache
        assert.deepEqual(read(event), expected)
      } finally {
        cacheReadsOf(null)
      }
    })
  }

  test('a cached read belongs to its event: the next event is read afresh', () => {
    const read = compileValueReader('process.name')
    const first = { process: { name: 'a' } }
    const second = { process: { name: 'b' } }
    cacheReadsOf(first)
    assert.equal(read(first), 'a')
    // an event other than the cached one is read directly
    assert.equal(read(second), 'b')
    cacheReadsOf(second)
    assert.equal(read(second), 'b')
    cacheReadsOf(null)
    second.process.name = 'c'
    assert.equal(read(second), 'c')
  })

  test('dotted keys deep inside arrays of objects still count while cached', () => {
    const event = { hits: [{ 'a.b': 1 }], x: { y: 2 } }
    cacheReadsOf(event)
    try {
      assert.deepEqual(compileValueReader('hits.a.b')(event), 1)
      assert.equal(compileValueReader('x.y')(event), 2)
    } finally {
      cacheReadsOf(null)
    }
  })

  test('an absent top-level key holds no field only when no top-level key has a dot', () => {
    const cases: [event: Record<string, unknown>, root: string, expected: boolean][] = [
      [{ process: {} }, 'process', true],
      [{ host: { 'os.type': 'windows' } }, 'process', false],
      [{ 'process.name': 'cmd.exe' }, 'process', true],
      [{ host: {} }, 'process', false],
    ]
    for (const [event, root, expected] of cases) {
      cacheReadsOf(event)
      try {
        assert.equal(mayHoldRoot(event, root), expected, JSON.stringify(event))
      } finally {
        cacheReadsOf(null)
      }
      // an event whose reads are not cached may always hold it
      assert.equal(mayHoldRoot(event, root), true)
    }
  })

  test('returns the event array itself when it is already flat (no copy)', () => {
    const tags = ['a', 'b']
    assert.equal(compileValueReader('tags')({ tags }), tags)
  })
})
