import { compileValueReader, ecsFieldType } from '../ecs/index.ts'
import type { EcsEvent, EcsType } from '../ecs/index.ts'
import { dateValueMs } from './date.ts'
import { ipKey, ipText } from './ip.ts'
import type { NumericKind, Scalar, Value } from './value.ts'
import { formatNumber } from './value.ts'
import { parseNumber } from './number-text.ts'

/**
 * How a field's values are typed: by the ECS mapping when the field is an ECS field, otherwise
 * by the JSON value (`json`, what a dynamic mapping would infer per value).
 */
export type FieldKind = 'string' | 'int' | 'float' | 'boolean' | 'date' | 'ip' | 'json'

/** A compiled field read: values already coerced the way the ECS mapping indexes them. */
export interface FieldRead {
  readonly path: string
  readonly kind: FieldKind
  readonly read: (event: EcsEvent) => Value
}

const KIND_OF: Partial<Record<EcsType, FieldKind>> = {
  keyword: 'string',
  constant_keyword: 'string',
  wildcard: 'string',
  match_only_text: 'string',
  text: 'string',
  flattened: 'string',
  long: 'int',
  integer: 'int',
  float: 'float',
  double: 'float',
  scaled_float: 'float',
  boolean: 'boolean',
  date: 'date',
  ip: 'ip',
}

/** The kind of a dotted field: its ECS type, or `json` for fields ECS does not define. */
export function fieldKindOf(path: string): FieldKind {
  const type = ecsFieldType(path)

  return type === undefined ? 'json' : (KIND_OF[type] ?? 'json')
}

/** The numeric kind a field's values have, for integer vs float arithmetic. */
export function numericKindOf(kind: FieldKind): NumericKind {
  if (kind === 'int' || kind === 'date') return 'int'

  return kind === 'float' ? 'float' : 'any'
}

/** Compiles a field read with the coercion its kind needs. */
export function compileFieldRead(path: string, kind: FieldKind = fieldKindOf(path)): FieldRead {
  return compileCoercedRead(path, kind, COERCE[kind])
}

/**
 * Reads an `ip` field as the text Elasticsearch prints for it (`::ffff:1.2.3.4` as `1.2.3.4`),
 * for values that are compared as printed, such as join keys; non-addresses are dropped.
 */
export function compileIpTextRead(path: string): FieldRead {
  return compileCoercedRead(path, 'ip', asIpText)
}

function compileCoercedRead(path: string, kind: FieldKind, coerce: Coerce): FieldRead {
  const raw = compileValueReader(path)

  const read = (event: EcsEvent): Value => {
    const value = raw(event)
    if (value === undefined) return null
    if (!Array.isArray(value)) return coerce(value) ?? null

    return coerceAll(value, coerce)
  }

  return { path, kind, read }
}

function asIpText(raw: unknown): string | undefined {
  return typeof raw === 'string' ? (ipText(raw) ?? undefined) : undefined
}

type Coerce = (raw: unknown) => Scalar | undefined

function coerceAll(values: readonly unknown[], coerce: Coerce): Value {
  // the usual multi-value (event.category) already has the field's type: no copy
  if (isAlreadyCoerced(values, coerce)) return values as readonly Scalar[]

  const out: Scalar[] = []
  for (const value of values) {
    const scalar = coerce(value)
    if (scalar !== undefined && scalar !== null) out.push(scalar)
  }

  if (out.length === 0) return null

  return out.length === 1 ? (out[0] as Scalar) : out
}

function isAlreadyCoerced(values: readonly unknown[], coerce: Coerce): boolean {
  for (const value of values) if (coerce(value) !== value) return false

  return true
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw

  return typeof raw === 'string' ? (parseNumber(raw) ?? undefined) : undefined
}

/** A JSON value as a keyword field indexes it: strings as they are, numbers and booleans as text. */
export function keywordText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw
  if (typeof raw === 'number') return formatNumber(raw, 'any')
  if (typeof raw === 'boolean') return raw ? 'true' : 'false'

  return undefined
}

const COERCE: Record<FieldKind, Coerce> = {
  string: keywordText,
  int: (raw) => {
    const n = toNumber(raw)

    return n === undefined ? undefined : Math.trunc(n)
  },
  float: toNumber,
  boolean: (raw) => {
    if (typeof raw === 'boolean') return raw
    if (raw === 'true' || raw === 'false') return raw === 'true'

    return undefined
  },
  date: (raw) =>
    typeof raw === 'string' || typeof raw === 'number'
      ? (dateValueMs(raw) ?? undefined)
      : undefined,
  ip: (raw) => (typeof raw === 'string' ? (ipKey(raw) ?? undefined) : undefined),
  json: (raw) =>
    typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
      ? raw
      : undefined,
}
