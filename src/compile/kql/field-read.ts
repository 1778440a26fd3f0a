/**
 * A fast reader for one dotted field (D1): `a.b.c` may be nested objects, dotted keys
 * (`{"a.b": {"c": 1}}`, `{"a.b.c": 1}`) or any mix, and arrays fan out. The candidate keys of
 * every level are joined once at compile time, so reading costs a few property lookups and no
 * string work; a missing field (the usual case) returns a shared empty array.
 */

const EMPTY: readonly unknown[] = Object.freeze([])
// arrays nested deeper than this are not followed (see MAX_DEPTH in event-paths.ts)
const MAX_NESTING = 64

interface PathKeys {
  /** `keys[i][k]` is parts `i..i+k` joined with dots */
  readonly keys: readonly (readonly string[])[]
  readonly depth: number
}

/** Compiles a reader returning the leaf values of a path (nulls and objects dropped). */
export function compileFieldReader(path: string): (event: object) => readonly unknown[] {
  const parts = path.split('.')
  const keys = parts.map((_, i) =>
    parts.slice(i).map((__, k) => parts.slice(i, i + k + 1).join('.')),
  )
  const plan: PathKeys = { keys, depth: parts.length }

  return (event) => visit(event, 0, plan, null, 0) ?? EMPTY
}

function visit(
  node: unknown,
  level: number,
  plan: PathKeys,
  out: unknown[] | null,
  nesting: number,
): unknown[] | null {
  if (nesting > MAX_NESTING) return out
  if (Array.isArray(node)) {
    let result = out
    for (const item of node) result = visit(item, level, plan, result, nesting + 1)

    return result
  }

  if (typeof node !== 'object' || node === null) return out

  const candidates = plan.keys[level] ?? []
  let result = out
  for (let k = 0; k < candidates.length; k++) {
    const child = (node as Record<string, unknown>)[candidates[k] ?? '']
    if (child === undefined || child === null || typeof child === 'function') continue

    const next = level + k + 1
    result =
      next === plan.depth
        ? pushLeaves(child, result, nesting)
        : visit(child, next, plan, result, nesting + 1)
  }

  return result
}

function pushLeaves(value: unknown, out: unknown[] | null, nesting: number): unknown[] | null {
  if (nesting > MAX_NESTING) return out
  if (Array.isArray(value)) {
    let result = out
    for (const item of value) result = pushLeaves(item, result, nesting + 1)

    return result
  }

  if (
    value === null ||
    value === undefined ||
    typeof value === 'object' ||
    typeof value === 'function'
  ) {
    return out
  }

  const result = out ?? []
  result.push(value)

  return result
}
