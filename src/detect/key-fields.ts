import { ecsFieldType } from '../ecs/index.ts'
import type { KqlValueExpr } from '../kql/index.ts'

/** Some value of `field`, lower-cased, is one of `values`: one term of a rule key. */
export interface FieldValues {
  readonly field: string
  readonly values: readonly string[]
}

/** Fields whose values are read from a derived multi-field, not from the event as written. */
export const DERIVED_SUFFIX = /\.(caseless|text|keyword)$/

/** Whether an EQL field compares as a keyword, so its values can key a rule. */
export function isEqlKeyField(path: string): boolean {
  if (DERIVED_SUFFIX.test(path)) return false

  const type = ecsFieldType(path)

  return (
    type === undefined || type === 'keyword' || type === 'constant_keyword' || type === 'wildcard'
  )
}

/**
 * The values of one KQL `field: value` that can key a rule, or null. Only ECS keyword fields:
 * elsewhere KQL may analyse the value (text) or compare by type.
 */
export function kqlTermValues(
  field: string | null,
  isQuoted: boolean,
  value: KqlValueExpr,
): FieldValues | null {
  if (field === null || isQuoted || field.includes('*')) return null

  const type = ecsFieldType(field)
  if (type !== 'keyword' && type !== 'constant_keyword') return null

  const values = kqlValues(value)

  return values === null
    ? null
    : { field, values: [...new Set(values.map((v) => v.toLowerCase()))] }
}

function kqlValues(value: KqlValueExpr): string[] | null {
  switch (value.kind) {
    case 'literal':
      return value.type === 'string' && value.segments.length === 1 ? [value.text] : null
    case 'valueOr': {
      const parts = value.children.map(kqlValues)

      return parts.some((p) => p === null) ? null : parts.flatMap((p) => p ?? [])
    }
    case 'valueAnd':
      return value.children.map(kqlValues).find((p) => p !== null) ?? null
    case 'valueNot':
      return null
  }
}
