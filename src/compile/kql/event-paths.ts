/**
 * Walking an event's own structure, for the clauses whose field is not one fixed name: wildcard
 * field names and free text (the set of fields present), nested queries (the objects of an
 * array) and exists on objects (any leaf underneath). Dotted keys and nested objects give the
 * same names (D1).
 */

/**
 * How deep a walk goes. Elasticsearch refuses documents nested deeper than
 * `index.mapping.depth.limit` (20), so nothing below this can ever match, and capping the
 * recursion keeps a hostile line from overflowing the stack.
 */
export const MAX_DEPTH = 64

/** Every leaf field name present in an event (values that are null or `[]` do not count). */
export function leafPaths(event: object): string[] {
  const out = new Set<string>()
  walk(event, '', out, 0)

  return [...out]
}

function walk(node: unknown, prefix: string, out: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return
  if (Array.isArray(node)) {
    for (const item of node) walk(item, prefix, out, depth + 1)

    return
  }

  if (node === null || node === undefined) return
  if (typeof node !== 'object') {
    if (prefix !== '') out.add(prefix)

    return
  }

  for (const [key, value] of Object.entries(node))
    walk(value, prefix === '' ? key : `${prefix}.${key}`, out, depth + 1)
}

/** The objects at a path (the elements of a nested field); arrays fan out. */
export function objectsAt(event: object, path: string): object[] {
  const out: object[] = []
  collectObjects(event, path, 0, out, 0)

  return out
}

function collectObjects(
  node: unknown,
  path: string,
  from: number,
  out: object[],
  depth: number,
): void {
  if (depth > MAX_DEPTH) return
  if (Array.isArray(node)) {
    for (const item of node) collectObjects(item, path, from, out, depth + 1)

    return
  }

  if (!isRecord(node)) return

  const rest = path.slice(from)
  const whole = node[rest]
  if (whole !== undefined) pushObjects(whole, out, depth)

  for (let dot = path.indexOf('.', from); dot !== -1; dot = path.indexOf('.', dot + 1)) {
    const child = node[path.slice(from, dot)]
    if (child !== undefined) collectObjects(child, path, dot + 1, out, depth + 1)
  }

  const dotted = dottedObject(node, `${rest}.`)
  if (dotted !== null) out.push(dotted)
}

// Elasticsearch expands dotted keys into objects, so `{"a.b.c": 1, "a.b.d": 2}` holds one object
// at `a.b`: `{"c": 1, "d": 2}`
function dottedObject(node: Record<string, unknown>, prefix: string): object | null {
  let object: Record<string, unknown> | null = null
  for (const key in node) {
    if (!key.startsWith(prefix) || key.length === prefix.length) continue

    object ??= {}
    object[key.slice(prefix.length)] = node[key]
  }

  return object
}

function pushObjects(value: unknown, out: object[], depth: number): void {
  if (depth > MAX_DEPTH) return
  if (Array.isArray(value)) for (const item of value) pushObjects(item, out, depth + 1)
  else if (isRecord(value)) out.push(value)
}

/** Every leaf value at or under a path (an object field's sub-fields, a flattened field's keys). */
export function leavesUnder(
  event: object,
  path: string,
  readScalars: (event: object) => readonly unknown[],
): unknown[] {
  const out = [...readScalars(event)]
  for (const object of objectsAt(event, path)) collectLeaves(object, out, 0)

  return out
}

function collectLeaves(node: unknown, out: unknown[], depth: number): void {
  if (depth > MAX_DEPTH) return
  if (Array.isArray(node)) for (const item of node) collectLeaves(item, out, depth + 1)
  else if (isRecord(node)) {
    for (const value of Object.values(node)) collectLeaves(value, out, depth + 1)
  } else if (node !== null && node !== undefined) out.push(node)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
