import type { NumericKind, Scalar } from './value.ts'

/** The arithmetic operations, by function name. */
export type ArithmeticName = 'add' | 'subtract' | 'multiply' | 'divide' | 'modulo'

/** The operator form of each operation. */
export const OPERATOR_NAMES: Record<'+' | '-' | '*' | '/' | '%', ArithmeticName> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '%': 'modulo',
}

/** The static numeric kind of `a op b`: integer only when both are. */
export function resultKind(left: NumericKind, right: NumericKind): NumericKind {
  if (left === 'float' || right === 'float') return 'float'

  return left === 'int' && right === 'int' ? 'int' : 'any'
}

function isIntegral(value: number, kind: NumericKind): boolean {
  return kind === 'int' || (kind === 'any' && Number.isInteger(value))
}

/**
 * Applies one arithmetic operation as Elasticsearch does: null or non-numeric operands give null;
 * integer division truncates toward zero, any float operand gives float division; `%` keeps the
 * dividend's sign; division or modulo by zero gives null.
 */
export function arithmetic(
  name: ArithmeticName,
  a: Scalar,
  b: Scalar,
  ka: NumericKind,
  kb: NumericKind,
): Scalar {
  if (typeof a !== 'number' || typeof b !== 'number') return null

  switch (name) {
    case 'add':
      return a + b
    case 'subtract':
      return a - b
    case 'multiply':
      return a * b
    case 'divide':
      if (b === 0) return null

      return isIntegral(a, ka) && isIntegral(b, kb) ? Math.trunc(a / b) : a / b
    case 'modulo':
      return b === 0 ? null : a % b
  }
}
