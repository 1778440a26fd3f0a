import type { EcsEvent } from './field-access.ts'
import { getFieldValues } from './field-access.ts'

/**
 * Reads one dotted field for the hot path: `undefined` when the field is missing (or only null /
 * empty arrays), the value itself when there is exactly one leaf, and a flattened array of leaves
 * otherwise. The common shapes (plain nesting with one primitive value, or a missing field)
 * allocate nothing.
 */
export type ValueReader = (event: EcsEvent) => unknown

/** Builds a {@link ValueReader} for a dotted path; the path is split once, here. */
export function compileValueReader(path: string): ValueReader {
  const parts = path.split('.')
  const last = parts.length - 1
  // dottedKeys[i]: the literal dotted keys that could stand for parts i..j (j > i) at level i
  const dottedKeys = parts.map((_, i) => dottedKeysFrom(parts, i))

  return (event) => {
    let current: Readonly<Record<string, unknown>> = event
    for (let i = 0; i < last; i++) {
      const next = current[parts[i] as string]
      if (isPlainObject(next)) {
        current = next
        continue
      }

      if (Array.isArray(next)) return readSlow(event, path)

      return hasAnyKey(current, dottedKeys[i] as string[]) ? readSlow(event, path) : undefined
    }

    const leaf = current[parts[last] as string]
    if (leaf === undefined || leaf === null) {
      return last > 0 && hasAnyKey(event, [path]) ? readSlow(event, path) : undefined
    }

    if (isPlainObject(leaf)) return readSlow(event, path)
    if (Array.isArray(leaf)) return readArray(leaf, event, path)

    return leaf
  }
}

function dottedKeysFrom(parts: readonly string[], from: number): string[] {
  const keys: string[] = []
  for (let end = from + 2; end <= parts.length; end++) keys.push(parts.slice(from, end).join('.'))

  return keys
}

function hasAnyKey(object: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  for (const key of keys) if (object[key] !== undefined) return true

  return false
}

function readArray(values: readonly unknown[], event: EcsEvent, path: string): unknown {
  for (const value of values) {
    // arrays of objects, nested arrays and null elements need the general walk
    if (value === null || typeof value === 'object') return readSlow(event, path)
  }

  if (values.length === 0) return undefined

  return values.length === 1 ? values[0] : values
}

function readSlow(event: EcsEvent, path: string): unknown {
  const values = getFieldValues(event, path)
  if (values.length === 0) return undefined

  return values.length === 1 ? values[0] : values
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
