import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Expression, Query } from './index.ts'
import { parseEql, parseEqlOrThrow, printEql } from './index.ts'
import { QueryError } from '../syntax/index.ts'
import { withoutSpans } from './test-helpers.ts'

function parseOk(text: string): Query {
  const result = parseEql(text)
  assert.ok(
    result.ok,
    result.ok ? '' : result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '),
  )

  return result.value
}

function conditionOf(text: string): Expression {
  const query = parseOk(text)
  assert.equal(query.kind, 'EventQuery')

  return query.filter.condition
}

// [input, canonical printEql output, reason]
const VALID: readonly (readonly [string, string, string])[] = [
  ['process where true', 'process where true', 'bare boolean condition'],
  ['any where network.protocol == "http"', 'any where network.protocol == "http"', 'any category'],
  ['"my-category" where x == 1', '"my-category" where x == 1', 'quoted category'],
  ['"""raw cat""" where x == 1', '"raw cat" where x == 1', 'raw-string category'],
  [
    'process where a != 1 and b < 2 or c <= 3',
    'process where a != 1 and b < 2 or c <= 3',
    'and/or',
  ],
  [
    'process where a > 1.5 and b >= -2',
    'process where a > 1.5 and b >= -2',
    'floats and negatives',
  ],
  ['process where a == 1e3', 'process where a == 1000.0', 'exponent float'],
  ['process where a == .5E-1', 'process where a == 0.05', 'leading-dot float'],
  ['process where a == 2.', 'process where a == 2.0', 'trailing-dot float'],
  ['process where a : "x*"', 'process where a : "x*"', 'wildcard match'],
  ['process where a : ("x*", "y?")', 'process where a : ("x*", "y?")', 'match list'],
  [
    'process where a like~ "X" and b like ("y")',
    'process where a like~ "X" and b like "y"',
    'like',
  ],
  [
    'process where a regex ".*" and b regex~ (".", "..")',
    'process where a regex ".*" and b regex~ (".", "..")',
    'regex',
  ],
  ['process where a in ("x", 1, null)', 'process where a in ("x", 1, null)', 'in list'],
  ['process where a not in~ ("x")', 'process where a not in~ ("x")', 'not in~'],
  ['process where not a in~ ("x")', 'process where not a in~ ("x")', 'not before in~'],
  ['process where ?a.b == null', 'process where ?a.b == null', 'optional field'],
  [
    'process where `my-field`.`a``b` == 1',
    'process where `my-field`.`a``b` == 1',
    'back-quoted names',
  ],
  ['process where `sequence` == 1', 'process where `sequence` == 1', 'keyword as quoted field'],
  ['process where @timestamp > 0', 'process where @timestamp > 0', '@timestamp'],
  [
    'process where a == "\\n\\r\\t\\\\\\"\\u{41}\\u{1F600}"',
    'process where a == "\\n\\r\\t\\\\\\"A😀"',
    'escapes',
  ],
  [
    'process where a == """C:\\raw\\"""',
    'process where a == "C:\\\\raw\\\\"',
    'raw string keeps backslashes',
  ],
  ['process where a == """x""""', 'process where a == "x\\""', 'raw string with trailing quote'],
  ['process where a == "it\\\'s"', 'process where a == "it\'s"', 'escaped single quote'],
  [
    'process // comment\n where /* block /* nested */ */ a == 1',
    'process where a == 1',
    'comments',
  ],
  [
    'process where STARTSWITH~(a, "x")',
    'process where startsWith~(a, "x")',
    'function names are case-insensitive',
  ],
  ['process where -a < 0', 'process where -a < 0', 'unary minus on a field'],
  ['process where +1 == 1', 'process where 1 == 1', 'unary plus'],
  [
    'process where a + b * c - d / e % f == 0',
    'process where a + b * c - d / e % f == 0',
    'arithmetic',
  ],
  ['process where (a + b) * c == 0', 'process where (a + b) * c == 0', 'parenthesised sum'],
  ['process where a - (b - c) == 0', 'process where a - (b - c) == 0', 'right-nested difference'],
  ['process where (a or b) and c', 'process where (a or b) and c', 'parenthesised or'],
  ['process where a or (b or c)', 'process where a or (b or c)', 'explicit grouping is kept'],
  ['process where not not a', 'process where not not a', 'double not'],
  [
    'process where a == 1 | head 5 | tail 2',
    'process where a == 1 | head 5 | tail 2',
    'chained pipes',
  ],
  ['process where true | head 0', 'process where true | head 0', 'head 0'],
  [
    'sequence [a where true] [b where true]',
    'sequence [a where true] [b where true]',
    'plain sequence',
  ],
  [
    'sequence by k with maxspan=5m [a where true] [b where true]',
    'sequence by k with maxspan=5m [a where true] [b where true]',
    'shared by',
  ],
  [
    'sequence with maxspan = 30 s [a where true] by x [b where true] by y',
    'sequence with maxspan=30s [a where true] by x [b where true] by y',
    'spaced maxspan',
  ],
  [
    'sequence with maxspan=500ms [a where true] [b where true]',
    'sequence with maxspan=500ms [a where true] [b where true]',
    'ms',
  ],
  [
    'sequence with maxspan=2h [a where true] [b where true]',
    'sequence with maxspan=2h [a where true] [b where true]',
    'hours',
  ],
  [
    'sequence with maxspan=1d [a where true] [b where true]',
    'sequence with maxspan=1d [a where true] [b where true]',
    'days',
  ],
  [
    'sequence [a where true] with runs=3',
    'sequence [a where true] with runs=3',
    'runs expands one step',
  ],
  [
    'sequence [a where true] by x with runs = 2 [b where true] by y',
    'sequence [a where true] by x with runs=2 [b where true] by y',
    'runs with by',
  ],
  [
    'sequence by k [a where true] [b where true] until [c where true] | tail 3',
    'sequence by k [a where true] [b where true] until [c where true] | tail 3',
    'until and pipe',
  ],
  [
    'sequence with maxspan=1h [a where true] ![b where true] [c where true]',
    'sequence with maxspan=1h [a where true] ![b where true] [c where true]',
    'missing step',
  ],
  [
    'sequence with maxspan=1h ![a where true] by k with runs=2 [c where true] by k',
    'sequence with maxspan=1h ![a where true] by k with runs=2 [c where true] by k',
    'leading missing step with runs',
  ],
  [
    'sample by h [a where true] [b where true]',
    'sample by h [a where true] [b where true]',
    'sample',
  ],
  [
    'sample [a where true] by h [b where true] by h',
    'sample [a where true] by h [b where true] by h',
    'per-filter sample keys',
  ],
  [
    'sample by ?x, y [a where true] [b where true] [c where true] [d where true] [e where true]',
    'sample by ?x, y [a where true] [b where true] [c where true] [d where true] [e where true]',
    'five filters',
  ],
  ['process where (a + b) in (1, 2)', 'process where (a + b) in (1, 2)', 'parenthesised subject'],
  ['process where ?a == ?b', 'process where ?a == ?b', 'optional fields may be compared'],
  [
    'process where length(a) == length(b)',
    'process where length(a) == length(b)',
    'calls on fields may be compared',
  ],
]

describe('parseEql valid queries', () => {
  for (const [input, expected, reason] of VALID) {
    test(`parses ${JSON.stringify(input)} (${reason})`, () => {
      const query = parseOk(input)
      const printed = printEql(query)
      assert.equal(printed, expected)
      assert.deepEqual(withoutSpans(parseOk(printed)), withoutSpans(query))
    })
  }
})

// [input, fully parenthesised shape]
const PRECEDENCE: readonly (readonly [string, string])[] = [
  ['a or b and c', 'or(a, and(b, c))'],
  ['a and b or c', 'or(and(a, b), c)'],
  ['not a and b', 'and(not(a), b)'],
  ['not a or b', 'or(not(a), b)'],
  ['not a == 1', 'not(==(a, 1))'],
  ['a == 1 and b', 'and(==(a, 1), b)'],
  ['a + 1 == b * 2', '==(+(a, 1), *(b, 2))'],
  ['a + b * c == 0', '==(+(a, *(b, c)), 0)'],
  ['a - b - c == 0', '==(-(-(a, b), c), 0)'],
  ['a / b % c == 0', '==(%(/(a, b), c), 0)'],
  ['-a * b == 0', '==(*(neg(a), b), 0)'],
  ['a or b or c', 'or(a, b, c)'],
  ['a and b and c or d', 'or(and(a, b, c), d)'],
  ['a : "x" or b in (1)', 'or(:(a), in(b))'],
]

function shape(expression: Expression): string {
  switch (expression.kind) {
    case 'Literal':
      return String(expression.value)
    case 'Field':
      return expression.path
    case 'Not':
      return `not(${shape(expression.operand)})`
    case 'Negate':
      return `neg(${shape(expression.operand)})`
    case 'Logical':
      return `${expression.operator}(${expression.operands.map(shape).join(', ')})`
    case 'Comparison':
    case 'Arithmetic':
      return `${expression.operator}(${shape(expression.left)}, ${shape(expression.right)})`
    case 'Match':
      return `${expression.operator}(${shape(expression.subject)})`
    case 'In':
      return `in(${shape(expression.subject)})`
    case 'FunctionCall':
      return `${expression.name}(${expression.args.map(shape).join(', ')})`
  }
}

describe('operator precedence', () => {
  for (const [input, expected] of PRECEDENCE) {
    test(`groups ${input} as ${expected}`, () => {
      const query = parseEql(`process where ${input}`)
      assert.ok(query.ok || query.diagnostics.every((d) => d.code === 'ERR_EQL_OPERAND_TYPE'))
      const condition = query.ok ? query.value : undefined
      if (condition?.kind === 'EventQuery')
        assert.equal(shape(condition.filter.condition), expected)
      else {
        // a + (b : "x") fails the operand check but the grouping still shows in the message
        assert.match(query.diagnostics[0]?.message ?? '', /operand of "\+" must be a number/)
      }
    })
  }
})

describe('syntax tree details', () => {
  test('attaches a predicate to the primary before it, as the es grammar does', () => {
    const text = 'process where a + b in (1, 2) == true'
    const result = parseEql(text)
    assert.ok(!result.ok)
    const operand = result.diagnostics.find((d) => d.message.startsWith('operand of "+"'))
    const span = operand?.span
    assert.equal(span && text.slice(span.start.offset, span.end.offset), 'b in (1, 2)')
  })

  test('keeps whether a number was written as an integer', () => {
    const condition = conditionOf('process where a == 2 and b == 2.0')
    assert.equal(condition.kind, 'Logical')
    const [first, second] = condition.kind === 'Logical' ? condition.operands : []
    assert.deepEqual(first?.kind === 'Comparison' ? first.right : undefined, {
      kind: 'Literal',
      value: 2,
      isInteger: true,
      span: {
        start: { offset: 19, line: 1, column: 20 },
        end: { offset: 20, line: 1, column: 21 },
      },
    })
    assert.equal(
      second?.kind === 'Comparison' && second.right.kind === 'Literal' && second.right.isInteger,
      false,
    )
  })

  test('folds a minus before a number into a negative literal', () => {
    const condition = conditionOf('process where a == -5')
    assert.ok(condition.kind === 'Comparison')
    assert.deepEqual(withoutSpans(condition.right), { kind: 'Literal', value: -5, isInteger: true })
    assert.equal(condition.right.span.start.column, 20)
  })

  test('builds sequence steps with runs, keys and missing flags', () => {
    const query = parseOk(
      'sequence by a with maxspan=2m [x where true] by b with runs=3 ![y where true] by c',
    )
    assert.ok(query.kind === 'SequenceQuery')
    assert.deepEqual(
      query.joinKeys.map((k) => k.path),
      ['a'],
    )
    assert.deepEqual(withoutSpans(query.maxspan ?? query), {
      kind: 'Duration',
      value: 2,
      unit: 'm',
      milliseconds: 120_000,
    })
    assert.deepEqual(
      query.steps.map((s) => [s.runs, s.isMissing, s.joinKeys[0]?.path]),
      [
        [3, false, 'b'],
        [1, true, 'c'],
      ],
    )
  })

  test('spans cover the text of each node', () => {
    const text = 'process where process.name : ("a", "b") and ?x.y == 1'
    const condition = conditionOf(text)
    assert.ok(condition.kind === 'Logical')
    const slice = (e: Expression): string => text.slice(e.span.start.offset, e.span.end.offset)
    assert.deepEqual(condition.operands.map(slice), ['process.name : ("a", "b")', '?x.y == 1'])
  })

  test('names the source in diagnostics', () => {
    const result = parseEql('process where a = 1', { source: 'rules/x.toml' })
    assert.equal(result.diagnostics[0]?.source, 'rules/x.toml')
  })

  test('parseEqlOrThrow throws a QueryError carrying the diagnostics', () => {
    assert.throws(
      () => parseEqlOrThrow('process where'),
      (e: unknown) => e instanceof QueryError && e.code === 'ERR_EQL_UNEXPECTED_TOKEN',
    )
    assert.equal(parseEqlOrThrow('process where true').kind, 'EventQuery')
  })
})
