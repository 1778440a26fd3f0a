import type { EcsEvent } from '../ecs/index.ts'
import { ABSENT } from './formula.ts'
import { isArrayField } from './values.ts'

/** Field values chosen for one event, by dotted field name (`ABSENT` leaves a field out). */
export type Assignment = ReadonlyMap<string, unknown>

/**
 * Builds an ECS event from dotted field values as nested objects, the shape ECS documents use;
 * a name that collides with an object already built (`a.b` beside `a.b.c`) is kept as a dotted
 * key, which Elasticsearch reads as the same field. ECS array fields are written as arrays.
 */
export function buildEvent(values: Assignment): EcsEvent {
  const root: Record<string, unknown> = {}
  const names = [...values.keys()].sort()
  for (const name of names) {
    const value = values.get(name)
    if (value === ABSENT || value === undefined) continue
    const shaped = isArrayField(name) && !Array.isArray(value) ? [value] : value
    if (!setPath(root, name.split('.'), shaped)) root[name] = shaped
  }

  return root
}

function setPath(root: Record<string, unknown>, parts: readonly string[], value: unknown): boolean {
  let node = root
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1) {
      if (part in node) return false
      node[part] = value

      return true
    }

    const next = node[part]
    if (next === undefined) node[part] = {}
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) return false
    node = node[part] as Record<string, unknown>
  }

  return false
}

/** A copy of an assignment with one field changed. */
export function withValue(values: Assignment, field: string, value: unknown): Map<string, unknown> {
  const next = new Map(values)
  next.set(field, value)

  return next
}
