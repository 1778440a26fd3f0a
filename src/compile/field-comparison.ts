import type { Field, Literal } from '../eql/ast.ts'
import type { ComparisonOperator } from './compare.ts'
import { holds } from './compare.ts'
import type { CompileContext } from './context.ts'
import { reportError } from './context.ts'
import { parseDateRange } from './date.ts'
import type { FieldKind, FieldRead } from './field.ts'
import { compileFieldRead } from './field.ts'
import { ipRange } from './ip.ts'
import { compareUtf8 } from './string-order.ts'
import type { Scalar } from './value.ts'
import { stringify } from './value.ts'

/** Tests one (non-null) scalar of a field against a literal. */
export type ScalarTest = (scalar: Scalar) => boolean

/**
 * A `field <op> literal` comparison prepared for the field's type. `test` answers the operator
 * for one value (for `!=` it answers `==`: a multi-valued field differs from a literal only
 * when no value equals it, as a Lucene `must_not term` decides).
 */
export interface FieldComparison {
  readonly field: FieldRead
  readonly op: ComparisonOperator
  readonly isNullLiteral: boolean
  readonly test: ScalarTest
}

type Ordering = Exclude<ComparisonOperator, '!='>

/** Compiles `field op literal`, with the literal converted once to the field's type. */
export function compileFieldComparison(
  field: Field,
  op: ComparisonOperator,
  literal: Literal,
  context: CompileContext,
): FieldComparison {
  const read = compileFieldRead(field.path)
  const isNullLiteral = literal.value === null
  const ordering: Ordering = op === '!=' ? '==' : op
  const test = isNullLiteral ? never : testFor(read.kind, ordering, literal, context)

  return { field: read, op, isNullLiteral, test }
}

const never: ScalarTest = () => false

function testFor(
  kind: FieldKind,
  op: Ordering,
  literal: Literal,
  context: CompileContext,
): ScalarTest {
  const value = literal.value as string | number | boolean
  switch (kind) {
    case 'string':
      return stringTest(stringify(value, literal.isInteger ? 'int' : 'float'), op)
    case 'int':
    case 'float':
      return numberTest(asNumber(value), op)
    case 'boolean':
      return booleanTest(asBoolean(value), op)
    case 'date':
      return dateTest(value, op, literal, context)
    case 'ip':
      return ipTest(value, op, literal, context)
    case 'json':
      return jsonTest(value, literal, op)
  }
}

function stringTest(expected: string, op: Ordering): ScalarTest {
  if (op === '==') return (s) => s === expected

  return (s) => typeof s === 'string' && holds(compareUtf8(s, expected), op)
}

function numberTest(expected: number | undefined, op: Ordering): ScalarTest {
  if (expected === undefined) return never

  return (s) => typeof s === 'number' && holds(s - expected, op)
}

function booleanTest(expected: boolean | undefined, op: Ordering): ScalarTest {
  if (expected === undefined) return never

  const n = Number(expected)

  return (s) => typeof s === 'boolean' && holds(Number(s) - n, op)
}

function dateTest(
  value: string | number | boolean,
  op: Ordering,
  literal: Literal,
  context: CompileContext,
): ScalarTest {
  const range = typeof value === 'boolean' ? null : parseDateRange(value)
  if (range === null) {
    reportError(
      context,
      'ERR_EQL_DATE_LITERAL',
      `cannot parse "${String(value)}" as a date`,
      literal.span,
    )

    return never
  }

  return boundsTest(range, op, isNumber)
}

// an ip literal may be a CIDR block, which `==` treats as a range (as a term query on ip does)
function ipTest(
  value: string | number | boolean,
  op: Ordering,
  literal: Literal,
  context: CompileContext,
): ScalarTest {
  const range = typeof value === 'string' ? ipRange(value) : null
  if (range === null) {
    reportError(
      context,
      'ERR_EQL_IP_LITERAL',
      `cannot parse "${String(value)}" as an ip address`,
      literal.span,
    )

    return never
  }

  return boundsTest(range, op, isString)
}

// a literal that covers a range (a partial date, a CIDR block): `==` tests inclusion, `<`/`>=`
// compare with its start, `<=`/`>` with its end
function boundsTest<T extends number | string>(
  range: { readonly low: T; readonly high: T },
  op: Ordering,
  isValue: (s: Scalar) => s is T,
): ScalarTest {
  const { low, high } = range
  switch (op) {
    case '==':
      return (s) => isValue(s) && s >= low && s <= high
    case '<':
      return (s) => isValue(s) && s < low
    case '<=':
      return (s) => isValue(s) && s <= high
    case '>':
      return (s) => isValue(s) && s > high
    case '>=':
      return (s) => isValue(s) && s >= low
  }
}

function isNumber(s: Scalar): s is number {
  return typeof s === 'number'
}

function isString(s: Scalar): s is string {
  return typeof s === 'string'
}

// a field outside ECS is typed per value: a string value is a keyword, a number a long/double
function jsonTest(value: string | number | boolean, literal: Literal, op: Ordering): ScalarTest {
  const text = stringTest(stringify(value, literal.isInteger ? 'int' : 'float'), op)
  const number = numberTest(asNumber(value), op)
  const boolean = booleanTest(asBoolean(value), op)

  return (s) => {
    if (typeof s === 'string') return text(s)

    return typeof s === 'number' ? number(s) : boolean(s)
  }
}

const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/

/** A literal as a number, when a numeric field would accept it. */
export function asNumber(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value)

  return undefined
}

/** A literal as a boolean, when a boolean field would accept it. */
export function asBoolean(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'

  return undefined
}
