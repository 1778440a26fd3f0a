/** A JSON value as it appears in an event. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A parsed event: a JSON object. */
export type EcsEvent = Readonly<Record<string, unknown>>

/**
 * Reads a dotted field from an event the way Elasticsearch indexes it: `a.b.c` may be nested
 * objects, a literal dotted key (`"a.b": {"c": 1}` or `"a.b.c": 1`), or any mix, and arrays of
 * objects on the way fan out. Returns the leaf values, flattened (arrays of arrays included);
 * `null` leaves and empty arrays contribute nothing, so a missing field gives `[]`.
 */
export function getFieldValues(event: EcsEvent, path: string): unknown[] {
  const out: unknown[] = []
  collect(event, path, 0, out)

  return out
}

/**
 * Like {@link getFieldValues} but returns the single value when there is exactly one, `undefined`
 * when there is none, and the array otherwise. Cheap for the common single-valued case.
 */
export function getFieldValue(event: EcsEvent, path: string): unknown {
  const direct = event[path]
  // a null is no value, as a nested one is (Elasticsearch does not index it)
  if (direct !== undefined && direct !== null && !Array.isArray(direct) && !isObject(direct))
    return direct

  const values = getFieldValues(event, path)
  if (values.length === 0) return undefined

  return values.length === 1 ? values[0] : values
}

/**
 * Builds a fast accessor for one dotted path, for the hot path: the split is done once, and the
 * common shape (plain nesting, single values) takes no allocation.
 */
export function compileFieldAccessor(path: string): (event: EcsEvent) => unknown[] {
  const parts = path.split('.')
  if (parts.length === 1) {
    return (event) => {
      const out: unknown[] = []
      collect(event, path, 0, out)

      return out
    }
  }

  return (event) => {
    const quick = walkPlain(event, parts)
    if (quick !== MISSING_SHAPE) return quick

    const out: unknown[] = []
    collect(event, path, 0, out)

    return out
  }
}

const MISSING_SHAPE: unknown[] = []
const EMPTY: unknown[] = []

function walkPlain(event: EcsEvent, parts: readonly string[]): unknown[] {
  let current: unknown = event
  for (const part of parts) {
    if (!isObject(current)) return MISSING_SHAPE

    current = current[part]
    if (current === undefined) return MISSING_SHAPE
  }

  if (current === null) return EMPTY
  if (Array.isArray(current)) return flattenArray(current)
  if (isObject(current)) return MISSING_SHAPE

  return [current]
}

function flattenArray(values: unknown[]): unknown[] {
  if (!values.some((v) => Array.isArray(v) || v === null || isObject(v))) return values

  const out: unknown[] = []
  pushLeaves(values, out)

  return out
}

function collect(node: unknown, path: string, from: number, out: unknown[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, path, from, out)

    return
  }

  if (!isObject(node)) return

  // try the longest remaining key first, then shorter dotted prefixes: `a.b.c`, `a.b` + `c`, ...
  const rest = path.slice(from)
  const whole = node[rest]
  if (whole !== undefined) pushLeaves(whole, out)

  for (let dot = path.lastIndexOf('.'); dot > from; dot = path.lastIndexOf('.', dot - 1)) {
    const child = node[path.slice(from, dot)]
    if (child !== undefined && child !== null) collect(child, path, dot + 1, out)
  }
}

function pushLeaves(value: unknown, out: unknown[]): void {
  if (value === null || value === undefined) return

  if (Array.isArray(value)) {
    for (const item of value) pushLeaves(item, out)

    return
  }

  if (!isObject(value)) out.push(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
