import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { compileEql } from './compile-query.ts'
import type { CompiledQuery, SequencePlan } from './plan.ts'
import { parseQueryText } from './test-support.ts'

function compile(text: string, categoryField?: string): CompiledQuery {
  const result = compileEql(
    parseQueryText(text),
    categoryField === undefined ? {} : { categoryField },
  )
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '))

  return result.value
}

function sequence(text: string): SequencePlan {
  const { plan } = compile(text)
  if (plan.kind !== 'sequence') throw new Error('not a sequence')

  return plan
}

describe('event queries', () => {
  const cases: [query: string, event: Record<string, unknown>, expected: boolean][] = [
    ['process where true', { event: { category: ['process'] } }, true],
    ['process where true', { event: { category: 'process' } }, true],
    ['process where true', { event: { category: ['network', 'process'] } }, true],
    ['process where true', { event: { category: ['Process'] } }, false],
    ['process where true', {}, false],
    ['any where true', {}, true],
    ['"my-category" where true', { event: { category: 'my-category' } }, true],
    [
      'process where process.name : "cmd.exe"',
      { event: { category: ['process'] }, process: { name: 'CMD.EXE' } },
      true,
    ],
    [
      'process where process.name : "cmd.exe"',
      { event: { category: ['file'] }, process: { name: 'cmd.exe' } },
      false,
    ],
    ['process where not process.name : "cmd.exe"', { event: { category: ['process'] } }, true],
  ]

  for (const [query, event, expected] of cases) {
    test(`${query} on ${JSON.stringify(event)} is ${expected}`, () => {
      const { plan } = compile(query)
      assert.equal(plan.kind, 'event')
      if (plan.kind === 'event') assert.equal(plan.filter.matches(event), expected)
    })
  }

  test('a custom category field is read instead of event.category', () => {
    const { plan, prefilter } = compile('process where true', 'event_type')
    if (plan.kind !== 'event') throw new Error('not an event query')

    assert.equal(plan.filter.matches({ event_type: 'process' }), true)
    assert.equal(plan.filter.matches({ event: { category: 'process' } }), false)
    assert.equal(prefilter, null)
  })

  test('pipes are copied', () => {
    const { plan } = compile('process where true | head 5 | tail 2')
    assert.deepEqual(plan.kind === 'event' ? plan.pipes : [], [
      { name: 'head', count: 5 },
      { name: 'tail', count: 2 },
    ])
  })
})

describe('sequences and samples', () => {
  test('runs expand into identical steps and maxspan is in ms', () => {
    const plan = sequence(
      'sequence by user.name with maxspan=5m [process where true] with runs=3 [file where true]',
    )
    assert.equal(plan.steps.length, 4)
    assert.equal(plan.maxspanMs, 300_000)
    assert.equal(plan.keyCount, 1)
    assert.equal(plan.steps[0], plan.steps[2])
    assert.equal(plan.steps[3]?.filter.category, 'file')
  })

  test('shared keys come before step keys', () => {
    const plan = sequence('sequence by a [process where true] by b [process where true] by c')
    assert.equal(plan.keyCount, 2)
    assert.deepEqual(plan.steps[1]?.keys({ a: 'x', c: 'z' }), [['x', 'z']])
  })

  test('until and missing steps compile', () => {
    const plan = sequence(
      'sequence with maxspan=1h [process where true] ![file where true] until [network where true]',
    )
    assert.equal(plan.steps[1]?.isMissing, true)
    assert.equal(plan.until?.filter.category, 'network')
    assert.deepEqual(plan.until?.keys({}), [[]])
  })

  test('samples carry their keys', () => {
    const { plan } = compile(
      'sample by host.name [process where true] by user.name [file where true] by user.name',
    )
    assert.equal(plan.kind, 'sample')
    if (plan.kind === 'sample') {
      assert.equal(plan.keyCount, 2)
      assert.deepEqual(plan.filters[1]?.keys({ host: { name: 'h' }, user: { name: 'u' } }), [
        ['h', 'u'],
      ])
    }
  })
})

describe('compile diagnostics', () => {
  const cases: [query: string, code: string, offset: number][] = [
    // regex errors point at the offending character inside the pattern
    ['process where process.name regex "a(b"', 'ERR_EQL_REGEX_SYNTAX', 35],
    ['process where x regex """a)"""', 'ERR_EQL_REGEX_SYNTAX', 26],
    ['process where x regex "a\\\\b\\\\"', 'ERR_EQL_REGEX_SYNTAX', 22],
    ['process where x regex ("ok", "a&b")', 'ERR_EQL_REGEX_UNSUPPORTED', 31],
    ['process where @timestamp > "soon"', 'ERR_EQL_DATE_LITERAL', 27],
  ]

  for (const [query, code, offset] of cases) {
    test(`${query} reports ${code} at offset ${offset}`, () => {
      const result = compileEql(parseQueryText(query))
      assert.equal(result.ok, false)
      assert.equal(result.diagnostics[0]?.code, code)
      assert.equal(result.diagnostics[0]?.span.start.offset, offset)
    })
  }
})
