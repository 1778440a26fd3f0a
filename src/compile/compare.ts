import { compareUtf8 } from './string-order.ts'
import type { Scalar, Value } from './value.ts'

/** An EQL comparison operator. */
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>='

/** Applies an ordering operator to the sign of a comparison. */
export function holds(sign: number, op: ComparisonOperator): boolean {
  switch (op) {
    case '==':
      return sign === 0
    case '!=':
      return sign !== 0
    case '<':
      return sign < 0
    case '<=':
      return sign <= 0
    case '>':
      return sign > 0
    case '>=':
      return sign >= 0
  }
}

/** Swaps the sides of an operator: `lit < field` is `field > lit`. */
export function flipOperator(op: ComparisonOperator): ComparisonOperator {
  switch (op) {
    case '<':
      return '>'
    case '<=':
      return '>='
    case '>':
      return '<'
    case '>=':
      return '<='
    case '==':
    case '!=':
      return op
  }
}

/**
 * Compares two computed scalars with three-valued logic, as Elasticsearch's script comparisons
 * do: any null operand gives null (literal `== null` checks are compiled apart); numbers compare numerically, strings
 * in UTF-8 byte order, booleans false < true; values of different types are never equal and
 * have no order (null).
 */
export function compareScalars(a: Scalar, b: Scalar, op: ComparisonOperator): boolean | null {
  if (a === null || b === null) return null

  if (typeof a !== typeof b) {
    if (op === '==') return false

    return op === '!=' ? true : null
  }

  if (typeof a === 'string') return holds(compareUtf8(a, b as string), op)

  return holds(Number(a) - Number(b), op)
}

/**
 * {@link compareScalars} over values that may be multi-valued: true when any pair holds, else
 * null when any pair is null, else false.
 */
export function compareValues(a: Value, b: Value, op: ComparisonOperator): boolean | null {
  if (!Array.isArray(a) && !Array.isArray(b)) return compareScalars(a as Scalar, b as Scalar, op)

  const left = toList(a)
  const right = toList(b)
  let sawNull = false
  for (const x of left) {
    for (const y of right) {
      const result = compareScalars(x, y, op)
      if (result === true) return true
      if (result === null) sawNull = true
    }
  }

  return sawNull ? null : false
}

function toList(value: Value): readonly Scalar[] {
  if (!Array.isArray(value)) return [value as Scalar]

  return value.length === 0 ? [null] : (value as readonly Scalar[])
}
