import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import {
  compileFieldAccessor,
  ecsField,
  ecsFieldType,
  getFieldValue,
  getFieldValues,
} from './index.ts'

describe('getFieldValues', () => {
  const cases: [string, Record<string, unknown>, string, unknown[]][] = [
    ['nested objects', { process: { name: 'cmd.exe' } }, 'process.name', ['cmd.exe']],
    ['a dotted key', { 'process.name': 'cmd.exe' }, 'process.name', ['cmd.exe']],
    [
      'a mix of both',
      { process: { 'parent.name': 'w3wp.exe' } },
      'process.parent.name',
      ['w3wp.exe'],
    ],
    [
      'an array leaf',
      { event: { category: ['process', 'file'] } },
      'event.category',
      ['process', 'file'],
    ],
    ['arrays of objects', { a: [{ b: 1 }, { b: [2, 3] }] }, 'a.b', [1, 2, 3]],
    ['a missing field', { process: {} }, 'process.name', []],
    ['a null leaf', { process: { name: null } }, 'process.name', []],
    ['an empty array', { process: { args: [] } }, 'process.args', []],
    ['an object is not a leaf', { process: { name: { x: 1 } } }, 'process.name', []],
    ['both shapes at once', { a: { b: 1 }, 'a.b': 2 }, 'a.b', [2, 1]],
  ]

  for (const [title, event, path, expected] of cases) {
    test(`reads ${title}`, () => {
      assert.deepEqual(getFieldValues(event, path), expected)
      // the compiled accessor takes the first shape that resolves; a document holding the same
      // field in two shapes at once is documented in docs/limitations.md (ERR_ECS_MIXED_SHAPE)
      if (title !== 'both shapes at once') {
        assert.deepEqual([...compileFieldAccessor(path)(event)].sort(), [...expected].sort())
      }
    })
  }

  test('getFieldValue unwraps a single value', () => {
    assert.equal(getFieldValue({ a: { b: 'x' } }, 'a.b'), 'x')
    assert.equal(getFieldValue({ a: {} }, 'a.b'), undefined)
    assert.deepEqual(getFieldValue({ a: { b: ['x', 'y'] } }, 'a.b'), ['x', 'y'])
  })

  test('getFieldValue finds no value in a null, dotted or nested', () => {
    assert.equal(getFieldValue({ 'a.b': null }, 'a.b'), undefined)
    assert.equal(getFieldValue({ a: { b: null } }, 'a.b'), undefined)
    assert.equal(getFieldValue({ 'a.b': null, a: { b: 'x' } }, 'a.b'), 'x')
  })
})

describe('ecs field types', () => {
  const cases: [string, string | undefined][] = [
    ['source.ip', 'ip'],
    ['@timestamp', 'date'],
    ['process.pid', 'long'],
    ['process.command_line', 'wildcard'],
    ['process.command_line.text', 'match_only_text'],
    ['event.category', 'keyword'],
    ['not.an.ecs.field', undefined],
  ]

  for (const [name, type] of cases) {
    test(`${name} is ${String(type)}`, () => {
      assert.equal(ecsFieldType(name), type)
    })
  }

  test('event.category is documented as an array', () => {
    assert.equal(ecsField('event.category')?.isArray, true)
  })
})
