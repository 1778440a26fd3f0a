import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { Field } from '../eql/ast.ts'
import { EMPTY_SPAN } from '../syntax/index.ts'
import { compileJoinKeys } from './join-keys.ts'

function field(spec: string): Field {
  const isOptional = spec.startsWith('?')

  return { kind: 'Field', path: isOptional ? spec.slice(1) : spec, isOptional, span: EMPTY_SPAN }
}

describe('join key extraction', () => {
  const cases: [keys: string[], event: Record<string, unknown>, expected: unknown][] = [
    [[], {}, [[]]],
    [['a'], { a: 'x' }, [['x']]],
    [['a'], {}, null],
    [['a'], { a: null }, null],
    [['a'], { a: [] }, null],
    [['a'], { a: [null] }, null],
    [['?a'], {}, [[null]]],
    [['?a'], { a: null }, [[null]]],
    [['a'], { a: ['x', 'y', 'x'] }, [['x'], ['y']]],
    [['a'], { a: ['x', null] }, [['x']]],
    [
      ['a', 'b'],
      { a: ['x', 'y'], b: [1, 2] },
      [
        ['x', 1],
        ['x', 2],
        ['y', 1],
        ['y', 2],
      ],
    ],
    [['a', 'b', 'c'], { a: 'x', b: 2, c: true }, [['x', 2, true]]],
    [
      ['a', 'b'],
      { a: 'x', b: ['p', 'q'] },
      [
        ['x', 'p'],
        ['x', 'q'],
      ],
    ],
    [['a', 'b'], { a: 'x' }, null],
    [['a', '?b'], { a: 'x' }, [['x', null]]],
    [['a.b'], { a: [{ b: 1 }, { b: 2 }] }, [[1], [2]]],
    [['a.b'], { 'a.b': 'dotted' }, [['dotted']]],
    // outside ECS the JSON type is kept: a long 5 and a keyword "5" are different keys
    [['a'], { a: 5 }, [[5]]],
    [['a'], { a: '5' }, [['5']]],
    // ECS types normalise: a keyword number is its text, a long's text its number
    [['user.name'], { user: { name: 5 } }, [['5']]],
    [['process.pid'], { process: { pid: '42' } }, [[42]]],
    [['process.pid'], { process: { pid: ['42', 42] } }, [[42]]],
    [['source.ip'], { source: { ip: '::FFFF:10.0.0.1' } }, [['10.0.0.1']]],
    [
      ['source.ip'],
      { source: { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' } },
      [['2001:db8::1']],
    ],
    [['@timestamp'], { '@timestamp': '2020-01-01T00:00:00Z' }, [[1577836800000]]],
  ]

  for (const [keys, event, expected] of cases) {
    test(`by ${keys.join(', ') || '(none)'} on ${JSON.stringify(event)} gives ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(compileJoinKeys(keys.map(field))(event), expected)
    })
  }

  test('equal keys are identical primitives', () => {
    const extract = compileJoinKeys([field('user.name')])
    const [first] = extract({ user: { name: 'bob' } }) ?? []
    const [second] = extract({ user: { name: 'bob' } }) ?? []
    assert.ok(first?.[0] === second?.[0])
  })
})
