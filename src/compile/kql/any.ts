import type { Predicate } from '../plan.ts'
import { toIndexedString } from './indexed.ts'
import type { FieldReader } from './indexed.ts'

/**
 * Any-element evaluation (doc N3): a clause holds when some value of the field satisfies it.
 * Written as plain loops because they run for every event.
 */

/** A clause that never holds (a query on a field type that has no such value). */
export const NEVER: Predicate = () => false

/** Some raw value passes `test`. */
export function anyIndexed(reader: FieldReader, test: (raw: unknown) => boolean): Predicate {
  return (event) => {
    for (const raw of reader.values(event)) if (test(raw)) return true

    return false
  }
}

/** Some indexed string form (D3, D5, normaliser applied) passes `test`. */
export function anyString(
  reader: FieldReader,
  test: (value: string, raw: unknown) => boolean,
): Predicate {
  const mapping = reader.mapping

  return (event) => {
    for (const raw of reader.values(event)) {
      const value = toIndexedString(raw, mapping)
      if (value !== null && test(value, raw)) return true
    }

    return false
  }
}

/** Some value's token list passes `test` (phrases never span two values). */
export function anyTokens(reader: FieldReader, test: (tokens: string[]) => boolean): Predicate {
  return (event) => {
    for (const tokens of reader.tokens(event)) if (test(tokens)) return true

    return false
  }
}
