import type { Predicate } from '../compile/index.ts'

/** Matches every event. */
export const ALWAYS: Predicate = () => true

/** Matches no event. */
export const NEVER: Predicate = () => false

/** All must hold (an empty list holds). */
export function allOf(parts: readonly Predicate[]): Predicate {
  if (parts.length === 0) return ALWAYS
  if (parts.length === 1) return parts[0] ?? ALWAYS

  return (event) => {
    for (const part of parts) if (!part(event)) return false

    return true
  }
}

/** Some must hold (an empty list never does). */
export function anyOf(parts: readonly Predicate[]): Predicate {
  if (parts.length === 1) return parts[0] ?? NEVER

  return (event) => {
    for (const part of parts) if (part(event)) return true

    return false
  }
}

/** The complement. */
export function not(part: Predicate): Predicate {
  return (event) => !part(event)
}

/** A plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
