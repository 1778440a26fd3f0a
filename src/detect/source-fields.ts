import type { EcsEvent } from '../ecs/index.ts'
import { isRecord } from './predicates.ts'

/**
 * The source fields an alert keeps: everything except the source's own `kibana.*` fields (an
 * alert read as input gets fresh ones) and `event.kind` (the alert's is `signal`).
 */
export function alertSourceFields(source: EcsEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(source)) {
    if (key === 'kibana' || key.startsWith('kibana.') || key === 'event.kind') continue

    if (key === 'event' && isRecord(value)) {
      out.event = Object.fromEntries(Object.entries(value).filter(([name]) => name !== 'kind'))
    } else out[key] = value
  }

  return out
}

/**
 * `kibana.alert.original_event.*`: the source's `event.*` fields (kind included) as flattened
 * keys, from nested objects and dotted keys alike.
 */
export function originalEventFields(source: EcsEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const prefix = 'kibana.alert.original_event.'
  for (const [key, value] of Object.entries(source)) {
    if (key === 'event' && isRecord(value)) flattenInto(out, prefix, value)
    else if (key.startsWith('event.')) out[`${prefix}${key.slice(6)}`] = value
  }

  return out
}

function flattenInto(
  out: Record<string, unknown>,
  prefix: string,
  object: Record<string, unknown>,
): void {
  for (const [key, value] of Object.entries(object)) {
    if (isRecord(value)) flattenInto(out, `${prefix}${key}.`, value)
    else out[`${prefix}${key}`] = value
  }
}

/**
 * The fields every document shares, recursively (Kibana's `objectArrayIntersection`): a key
 * stays when every document has it with an equal value, or objects whose intersection is not
 * empty.
 */
export function intersectSources(
  sources: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const [first, ...rest] = sources
  if (first === undefined) return {}

  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(first)) {
    const others = rest.map((s) => s[key])
    if (isRecord(value) && others.every(isRecord)) {
      const shared = intersectSources([value, ...others])
      if (Object.keys(shared).length > 0) out[key] = shared
    } else if (others.every((other) => isDeepEqual(value, other))) out[key] = value
  }

  return out
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false

  return JSON.stringify(a) === JSON.stringify(b)
}
