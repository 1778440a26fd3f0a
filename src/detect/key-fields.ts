import { parseNumber } from '../compile/index.ts'
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
 * Whether an ECS field holds integers (`long`, `integer`): EQL and KQL both read its values as
 * numbers, numeric strings included, with any fraction cut off, so they key rules by
 * {@link integerKeyText}.
 */
export function isIntegerKeyField(path: string): boolean {
  const type = ecsFieldType(path)

  return type === 'long' || type === 'integer'
}

/**
 * The key text of a value of an integer field, as the engines compare it: a number, or a numeric
 * string, with its fraction cut off (`"23"`, `23.7` and `2.3e1` are all `23`); undefined for
 * anything else, which no numeric comparison matches.
 */
export function integerKeyText(raw: unknown): string | undefined {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? numberOf(raw) : undefined
  if (value === undefined || !Number.isFinite(value)) return undefined

  return String(Math.trunc(value))
}

/** The key text of an integer written in a query (a number, or KQL's text), else undefined. */
export function integerLiteralKey(value: unknown): string | undefined {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? numberOf(value) : undefined

  return number !== undefined && Number.isInteger(number) ? integerKeyText(number) : undefined
}

function numberOf(text: string): number | undefined {
  return parseNumber(text) ?? undefined
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

  if (isIntegerKeyField(field)) return kqlIntegerValues(field, value)

  const type = ecsFieldType(field)
  if (type !== 'keyword' && type !== 'constant_keyword') return null

  const values = kqlValues(value)

  return values === null
    ? null
    : { field, values: [...new Set(values.map((v) => v.toLowerCase()))] }
}

// every value an integer (a quoted one too: the field reads it as a number)
function kqlIntegerValues(field: string, value: KqlValueExpr): FieldValues | null {
  const texts = kqlValues(value)
  if (texts === null) return null

  const keys = texts.map(integerLiteralKey)
  if (keys.some((key) => key === undefined)) return null

  return { field, values: [...new Set(keys as string[])] }
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
