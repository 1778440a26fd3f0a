import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { parseEql } from '../eql/index.ts'
import type { Expression } from '../eql/index.ts'
import { parseKql } from '../kql/index.ts'
import { orderConjuncts, orderKqlConjuncts } from './conjunct-order.ts'

function operandsOf(condition: string): readonly Expression[] {
  const parsed = parseEql(`any where ${condition}`)
  assert.ok(parsed.ok)
  const query = parsed.value
  assert.equal(query.kind, 'EventQuery')
  const expr = query.kind === 'EventQuery' ? query.filter.condition : null
  assert.equal(expr?.kind, 'Logical')

  return expr?.kind === 'Logical' ? expr.operands : []
}

describe('orderConjuncts', () => {
  const cases: [condition: string, expected: string[]][] = [
    [
      'host.os.type == "windows" and event.type == "start" and process.name : "cmd.exe"',
      ['process.name : "cmd.exe"', 'host.os.type == "windows"', 'event.type == "start"'],
    ],
    [
      'not process.name : "a" and process.args == "-x" and length(process.name) > 2',
      ['process.args == "-x"', 'not process.name : "a"', 'length(process.name) > 2'],
    ],
    ['a == 1 and b == 2', ['a == 1', 'b == 2']],
  ]

  for (const [condition, expected] of cases) {
    test(`orders ${condition}`, () => {
      const operands = operandsOf(condition)
      const texts = condition.split(' and ')
      assert.deepEqual(orderConjuncts(operands, texts), expected)
    })
  }
})

describe('orderKqlConjuncts', () => {
  test('orders host.os.type:windows and not a:1 and process.name:cmd.exe and b > 2', () => {
    const parsed = parseKql('host.os.type:windows and not a:1 and process.name:cmd.exe and b > 2')
    assert.ok(parsed.ok)
    const node = parsed.value
    assert.equal(node.kind, 'and')
    const children = node.kind === 'and' ? node.children : []
    const names = ['host.os.type', 'not a', 'process.name', 'b']
    assert.deepEqual(orderKqlConjuncts(children, names), [
      'process.name',
      'b',
      'host.os.type',
      'not a',
    ])
  })
})
