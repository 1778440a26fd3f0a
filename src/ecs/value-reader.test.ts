import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { compileValueReader } from './index.ts'

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
    ]

  for (const [title, event, path, expected] of cases) {
    test(`reads ${title}`, () => {
      assert.deepEqual(compileValueReader(path)(event), expected)
    })
  }

  test('returns the event array itself when it is already flat (no copy)', () => {
    const tags = ['a', 'b']
    assert.equal(compileValueReader('tags')({ tags }), tags)
  })
})
