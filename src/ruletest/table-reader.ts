import type { Diagnostic, Span } from '../syntax/index.ts'
import type { TestFileLocator, TomlPath } from './locate.ts'
import type { Table } from './toml-values.ts'
import { isTable } from './toml-values.ts'

/**
 * Reads typed keys of one table of a test file, recording an ERR_TEST_TYPE diagnostic at the
 * value for every key of the wrong type and ERR_TEST_UNKNOWN_KEY for keys it was not told of.
 */
export class TableReader {
  readonly table: Table
  readonly path: TomlPath
  readonly locator: TestFileLocator
  readonly diagnostics: Diagnostic[]

  constructor(table: Table, path: TomlPath, locator: TestFileLocator, diagnostics: Diagnostic[]) {
    this.table = table
    this.path = path
    this.locator = locator
    this.diagnostics = diagnostics
  }

  /** Reports every key not in `known`. */
  checkKeys(known: readonly string[]): void {
    for (const key of Object.keys(this.table)) {
      if (known.includes(key)) continue

      const where = this.path.length === 0 ? 'the test file' : describePath(this.path)
      const message = `unknown key "${key}" in ${where}; expected one of ${known.join(', ')}`
      this.diagnostics.push(this.locator.errorAtKey('ERR_TEST_UNKNOWN_KEY', message, this.at(key)))
    }
  }

  /** The path of a key of this table. */
  at(key: string | number): TomlPath {
    return [...this.path, key]
  }

  /** The span of a key's value. */
  span(key?: string): Span {
    return key === undefined
      ? this.locator.keySpan(this.path)
      : this.locator.valueSpan(this.at(key))
  }

  string(key: string): string | undefined {
    return this.#typed(key, 'a string', (v): v is string => typeof v === 'string')
  }

  boolean(key: string): boolean | undefined {
    return this.#typed(key, 'true or false', (v): v is boolean => typeof v === 'boolean')
  }

  count(key: string): number | undefined {
    return this.#typed(
      key,
      'a whole number',
      (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0,
    )
  }

  /** A string, or an ISO date-time written bare (TOML datetimes become their ISO text). */
  time(key: string): string | undefined {
    const value = this.table[key]
    if (value instanceof Date) return value.toISOString()

    return this.string(key)
  }

  stringList(key: string): string[] | undefined {
    const isList = (v: unknown): v is string[] =>
      Array.isArray(v) && v.every((item) => typeof item === 'string')

    return this.#typed(key, 'an array of strings', isList)
  }

  /** An array of tables (`[[key]]`). */
  tables(key: string): Table[] {
    const isList = (v: unknown): v is Table[] => Array.isArray(v) && v.every(isTable)

    return this.#typed(key, 'an array of tables ([[...]])', isList) ?? []
  }

  /** A table (`[key]` or an inline table). */
  subtable(key: string): Table | undefined {
    return this.#typed(key, 'a table', isTable)
  }

  #typed<T>(key: string, wanted: string, test: (value: unknown) => value is T): T | undefined {
    const value = this.table[key]
    if (value === undefined) return undefined
    if (test(value)) return value

    const message = `"${key}" must be ${wanted}, got ${describeValue(value)}`
    this.diagnostics.push(this.locator.errorAt('ERR_TEST_TYPE', message, this.at(key)))

    return undefined
  }
}

function describePath(path: TomlPath): string {
  return path
    .map((p) => (typeof p === 'number' ? ` #${String(p + 1)}` : p))
    .join('.')
    .replaceAll('. #', ' #')
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a date'
  if (isTable(value)) return 'a table'

  return typeof value === 'string' ? `"${value}"` : String(value)
}
