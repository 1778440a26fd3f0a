import type { EcsEvent } from './field-access.ts'
import { getFieldValues } from './field-access.ts'

/**
 * Reads one dotted field for the hot path: `undefined` when the field is missing (or only null /
 * empty arrays), the value itself when there is exactly one leaf, and a flattened array of leaves
 * otherwise. The common shapes (plain nesting with one primitive value, or a missing field)
 * allocate nothing.
 */
export type ValueReader = (event: EcsEvent) => unknown

/** Field numbers of the paths readers were compiled for, for the per-event read cache. */
const FIELD_IDS = new Map<string, number>()
/** The event whose reads are cached (see {@link cacheReadsOf}), or null for no caching. */
let cachedEvent: Readonly<Record<string, unknown>> | null = null
/** Whether some top-level key of the cached event holds a dot (`"process.name": ...`). */
let hasDottedTopKey = true
let generation = 1
/** Per field number: the generation its cached value belongs to, and the value. */
let stamps = new Uint32Array(64)
const cachedValues: unknown[] = []
/** Top-level key numbers of the paths readers were compiled for. */
const ROOT_IDS = new Map<string, number>()
/**
 * Per root number: the generation in which no key under that top-level key, at any depth, was
 * found to hold a dot, or in which one was. Checked on the first read under the root, so an
 * event's objects that no rule reads are never walked.
 */
let rootsDotFree = new Uint32Array(16)
let rootsDotted = new Uint32Array(16)

/**
 * Caches every {@link ValueReader}'s result for `event` until the next call: a hunt reads the
 * same fields of one event for the rule index and for many rules, and a cached read is one
 * array lookup instead of a walk through nested objects. Pass null when done with the event;
 * the event must not change while its reads are cached.
 */
export function cacheReadsOf(event: EcsEvent | null): void {
  cachedEvent = event
  hasDottedTopKey = event === null || hasDottedKey(event)
  generation++
  // after 2^32 events the stamps would wrap onto old values: start them over
  if (generation === 0xffffffff) {
    stamps.fill(0)
    rootsDotFree.fill(0)
    rootsDotted.fill(0)
    generation = 1
  }
}

/**
 * Whether `event` may hold fields under the top-level key `root`: false only when it has no such
 * key and is the event whose reads are cached and which has no dotted key (so no `root.x` key
 * either). A reader of many fields can then skip every field under an absent object at once.
 */
export function mayHoldRoot(event: EcsEvent, root: string): boolean {
  return event[root] !== undefined || event !== cachedEvent || hasDottedTopKey
}

/** The top-level key a dotted path starts with (`process` of `process.parent.name`). */
export function topLevelKey(path: string): string {
  return path.split('.', 1)[0] ?? path
}

function hasDottedKey(object: Readonly<Record<string, unknown>>): boolean {
  for (const key in object) if (key.includes('.')) return true

  return false
}

// whether the cached event can be read by plain nesting under the root: no dotted key at its
// top level, nor under that root at any depth
function isRootDotFree(
  event: Readonly<Record<string, unknown>>,
  root: string,
  id: number,
): boolean {
  if (hasDottedTopKey) return false
  if (rootsDotFree[id] === generation) return true
  if (rootsDotted[id] === generation) return false

  const value = event[root]
  const isFree = typeof value !== 'object' || value === null || isDotFreeValue(value, 1)
  if (isFree) rootsDotFree[id] = generation
  else rootsDotted[id] = generation

  return isFree
}

function rootId(root: string): number {
  const id = numberOf(ROOT_IDS, root)
  rootsDotFree = withRoomFor(rootsDotFree, id)
  rootsDotted = withRoomFor(rootsDotted, id)

  return id
}

function fieldId(path: string): number {
  const id = numberOf(FIELD_IDS, path)
  stamps = withRoomFor(stamps, id)

  return id
}

// the number of `key`, the next free one the first time it is seen
function numberOf(numbers: Map<string, number>, key: string): number {
  let id = numbers.get(key)
  if (id === undefined) {
    id = numbers.size
    numbers.set(key, id)
  }

  return id
}

// `array`, or a copy twice as long when `index` lies beyond it
function withRoomFor(array: Uint32Array<ArrayBuffer>, index: number): Uint32Array<ArrayBuffer> {
  if (index < array.length) return array

  const grown = new Uint32Array(Math.max(array.length * 2, index + 1))
  grown.set(array)

  return grown
}

/** Builds a {@link ValueReader} for a dotted path; the path is split once, here. */
export function compileValueReader(path: string): ValueReader {
  const read = compileWalk(path)
  const readNested = compileNestedWalk(path)
  const id = fieldId(path)
  const root = topLevelKey(path)
  const rootNumber = rootId(root)

  return (event) => {
    if (event !== cachedEvent) return read(event)
    if (stamps[id] === generation) return cachedValues[id]

    const value = isRootDotFree(event, root, rootNumber) ? readNested(event) : read(event)
    cachedValues[id] = value
    stamps[id] = generation

    return value
  }
}

function compileWalk(path: string): ValueReader {
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

/** Deepest nesting the dot check walks; deeper events just take the general reader. */
const MAX_DOT_CHECK_DEPTH = 16

// one walk over the keys, so that the many reads of a hunt can skip looking for dotted keys
function isDotFree(object: Readonly<Record<string, unknown>>, depth: number): boolean {
  if (depth > MAX_DOT_CHECK_DEPTH) return false

  for (const key in object) {
    if (key.includes('.')) return false

    const value = object[key]
    if (typeof value === 'object' && value !== null && !isDotFreeValue(value, depth + 1))
      return false
  }

  return true
}

// an object or an array of values, checked as {@link isDotFree} checks an object's values
function isDotFreeValue(value: object, depth: number): boolean {
  if (!Array.isArray(value)) return isDotFree(value as EcsEvent, depth)

  for (const item of value as readonly unknown[]) {
    if (typeof item === 'object' && item !== null && !isDotFreeValue(item, depth)) return false
  }

  return true
}

// the walk of an event without dotted keys: a missing level means a missing field
function compileNestedWalk(path: string): ValueReader {
  const parts = path.split('.')
  const last = parts.length - 1

  return (event) => {
    let current: Readonly<Record<string, unknown>> = event
    for (let i = 0; i < last; i++) {
      const next = current[parts[i] as string]
      if (isPlainObject(next)) {
        current = next
        continue
      }

      return Array.isArray(next) ? readSlow(event, path) : undefined
    }

    const leaf = current[parts[last] as string]
    if (leaf === undefined || leaf === null) return undefined
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
