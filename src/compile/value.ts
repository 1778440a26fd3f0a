import type { EcsEvent } from '../ecs/index.ts'

/** One EQL value: `null` stands for null and for missing. */
export type Scalar = string | number | boolean | null

/** What an expression yields for one event: a scalar, or the values of a multi-valued field. */
export type Value = Scalar | readonly Scalar[]

/** A compiled value expression. */
export type Evaluator = (event: EcsEvent) => Value

/**
 * What the compiler knows statically about a numeric result, for integer vs float division and
 * number formatting: `int` and `float` are certain; `any` is decided at run time.
 */
export type NumericKind = 'int' | 'float' | 'any'

/** A compiled value expression with its static facts. */
export interface CompiledValue {
  readonly evaluate: Evaluator
  readonly numericKind: NumericKind
  /** Set when the expression depends on no field: folded at compile time. */
  readonly constant?: { readonly value: Value }
}

/** Whether `test` holds for any non-null scalar of a value (a multi-value's elements). */
export function someScalar(value: Value, test: (scalar: Scalar) => boolean): boolean {
  if (value === null) return false
  if (!Array.isArray(value)) return test(value as Scalar)

  for (const scalar of value as readonly Scalar[]) if (test(scalar)) return true

  return false
}

/** Whether a value is null or missing (an empty multi-value counts as missing). */
export function isNullValue(value: Value): boolean {
  return value === null || (Array.isArray(value) && value.length === 0)
}

/**
 * Three-valued truth of a value used as a condition: true only for `true` (any element of a
 * multi-value), null for null, false otherwise.
 */
export function truthOf(value: Value): boolean | null {
  if (!Array.isArray(value)) return value === null ? null : value === true

  let sawNull = false
  for (const scalar of value as readonly Scalar[]) {
    if (scalar === true) return true
    if (scalar === null) sawNull = true
  }

  return sawNull ? null : false
}

/**
 * Formats a number the way Java's `Long.toString` / `Double.toString` do, which is how
 * Elasticsearch stringifies numbers (`string(2.0)` = `"2.0"` for a float).
 */
export function formatNumber(value: number, kind: NumericKind): string {
  const isFloat = kind === 'float' || !Number.isInteger(value)
  if (!isFloat || !Number.isFinite(value)) return javaSpecial(value)

  const magnitude = Math.abs(value)
  if (magnitude === 0 || (magnitude >= 1e-3 && magnitude < 1e7)) {
    const text = String(value)

    return Number.isInteger(value) ? `${text}.0` : text
  }

  const [mantissa = '', exponent = ''] = value.toExponential().split('e')
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`

  return `${digits}E${exponent.replace('+', '')}`
}

function javaSpecial(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return 'Infinity'
  if (value === -Infinity) return '-Infinity'

  return String(value)
}

/** Stringifies a scalar as Elasticsearch does for `concat`, `string` and keyword fields. */
export function stringify(value: string | number | boolean, kind: NumericKind): string {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'

  return formatNumber(value, kind)
}
