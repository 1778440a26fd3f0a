import { error, warning } from '../syntax/index.ts'
import type { Diagnostic, Span } from '../syntax/index.ts'

/** A path into a rule in API shape: `['threat', 0, 'tactic', 'id']`. */
export type FieldPath = readonly (string | number)[]

/** What a reader needs from its loader: where a field sits in the file, and where to report. */
export interface ReadContext {
  readonly source: string
  readonly diagnostics: Diagnostic[]
  /** The span of the value at `path`, or of the closest thing the loader knows (never throws). */
  locate(path: FieldPath): Span
}

/** A plain object parsed from TOML, JSON or a page. */
export type RawObject = Readonly<Record<string, unknown>>

/** Renders a path the way messages quote it: `threat[0].tactic.id`. */
export function formatPath(path: FieldPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
}

/** Names a value's type for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string')
    return `string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`

  if (typeof value === 'object') return 'a table'

  if (typeof value === 'number' || typeof value === 'boolean')
    return `${typeof value} ${String(value)}`

  return typeof value
}

/**
 * Reads typed fields out of one raw object, reporting a diagnostic at the offending value for every
 * wrong type or missing required field, and returning `undefined` for that field so reading goes on.
 */
export class FieldReader {
  readonly raw: RawObject
  readonly path: FieldPath
  readonly context: ReadContext

  constructor(raw: RawObject, path: FieldPath, context: ReadContext) {
    this.raw = raw
    this.path = path
    this.context = context
  }

  /** Whether the field is present (and not null). */
  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null
  }

  /** The span of a field's value (or the closest located ancestor). */
  spanOf(key: string | number): Span {
    return this.context.locate([...this.path, key])
  }

  /** Reports an error at a field. */
  fail(key: string | number, code: string, message: string): void {
    this.context.diagnostics.push(error(code, message, this.spanOf(key), this.context.source))
  }

  /** Reports a warning at a field. */
  warn(key: string | number, code: string, message: string): void {
    this.context.diagnostics.push(warning(code, message, this.spanOf(key), this.context.source))
  }

  /** Reports a missing required field at the enclosing table. */
  missing(key: string): void {
    const where = formatPath([...this.path, key])
    this.context.diagnostics.push(
      error(
        'ERR_RULE_MISSING_FIELD',
        `missing required field "${where}"`,
        this.context.locate(this.path),
        this.context.source,
      ),
    )

    return undefined
  }

  /** A string field. */
  string(key: string, isRequired = false): string | undefined {
    return this.#typed(key, isRequired, 'a string', (v): v is string => typeof v === 'string')
  }

  /** An integer field within bounds. */
  integer(
    key: string,
    isRequired = false,
    min = Number.MIN_SAFE_INTEGER,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined {
    const value = this.#typed(key, isRequired, 'an integer', (v): v is number =>
      Number.isInteger(v),
    )
    if (value === undefined || (value >= min && value <= max)) return value

    this.fail(
      key,
      'ERR_RULE_FIELD_VALUE',
      `"${formatPath([...this.path, key])}" must be between ${min} and ${max}, got ${value}`,
    )

    return undefined
  }

  /** A number field (integer or float). */
  number(key: string, isRequired = false): number | undefined {
    return this.#typed(
      key,
      isRequired,
      'a number',
      (v): v is number => typeof v === 'number' && Number.isFinite(v),
    )
  }

  /** A boolean field. */
  boolean(key: string, isRequired = false): boolean | undefined {
    return this.#typed(key, isRequired, 'a boolean', (v): v is boolean => typeof v === 'boolean')
  }

  /** A string field restricted to `values`. */
  oneOf<T extends string>(
    key: string,
    values: readonly T[],
    isRequired = false,
    code = 'ERR_RULE_FIELD_VALUE',
  ): T | undefined {
    const value = this.string(key, isRequired)
    if (value === undefined || (values as readonly string[]).includes(value))
      return value as T | undefined

    const expected = values.map((v) => `"${v}"`).join(', ')

    this.fail(
      key,
      code,
      `"${formatPath([...this.path, key])}" must be one of ${expected}, got "${value}"`,
    )

    return undefined
  }

  /** A list of strings; `allowSingle` accepts one bare string too (as Kibana does for some fields). */
  strings(key: string, isRequired = false, allowSingle = false): string[] | undefined {
    const value = this.raw[key]
    if (allowSingle && typeof value === 'string') return [value]

    const list = this.#typed(key, isRequired, 'a list of strings', (v): v is unknown[] =>
      Array.isArray(v),
    )
    if (list === undefined) return undefined

    const bad = list.findIndex((item) => typeof item !== 'string')
    if (bad === -1) return list as string[]

    this.#wrongType([...this.path, key, bad], list[bad], 'a string')

    return undefined
  }

  /** A nested table as its own reader. */
  child(key: string, isRequired = false): FieldReader | undefined {
    const value = this.#typed(key, isRequired, 'a table', isRawObject)

    return value === undefined
      ? undefined
      : new FieldReader(value, [...this.path, key], this.context)
  }

  /** A list of tables, one reader each. */
  children(key: string, isRequired = false): FieldReader[] | undefined {
    const list = this.#typed(key, isRequired, 'a list of tables', (v): v is unknown[] =>
      Array.isArray(v),
    )
    if (list === undefined) return undefined

    const readers: FieldReader[] = []
    for (const [i, item] of list.entries()) {
      if (isRawObject(item))
        readers.push(new FieldReader(item, [...this.path, key, i], this.context))
      else this.#wrongType([...this.path, key, i], item, 'a table')
    }

    return readers
  }

  /** A list of anything (filters, DSL), only checked to be a list. */
  list(key: string, isRequired = false): readonly unknown[] | undefined {
    return this.#typed(key, isRequired, 'a list', (v): v is unknown[] => Array.isArray(v))
  }

  #typed<T>(
    key: string,
    isRequired: boolean,
    expected: string,
    guard: (v: unknown) => v is T,
  ): T | undefined {
    const value = this.raw[key]
    if (value === undefined || value === null) {
      if (isRequired) this.missing(key)

      return undefined
    }

    if (guard(value)) return value

    this.#wrongType([...this.path, key], value, expected)

    return undefined
  }

  #wrongType(path: FieldPath, value: unknown, expected: string): void {
    const message = `"${formatPath(path)}" must be ${expected}, got ${describeValue(value)}`
    this.context.diagnostics.push(
      error('ERR_RULE_FIELD_TYPE', message, this.context.locate(path), this.context.source),
    )

    return undefined
  }
}

/** Whether a value is a plain object (a TOML table, a JSON object). */
export function isRawObject(value: unknown): value is RawObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  )
}
