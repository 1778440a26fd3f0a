import type { EcsEvent } from '../ecs/index.ts'
import type { LoweredReads } from './lowered-reads.ts'
import type { KeyTerm, RuleKey } from './rule-keys.ts'

/** A test of one event. */
export type EventCheck = (event: EcsEvent) => boolean

/** The check that an event holds every one of `keys` (each: some of its terms). */
export function compileKeysCheck(keys: readonly RuleKey[], reads: LoweredReads): EventCheck {
  const checks = keys.map((key) => compileKeyCheck(key, reads))
  if (checks.length === 1) return checks[0] ?? (() => true)

  return (event) => {
    for (const check of checks) if (!check(event)) return false

    return true
  }
}

function compileKeyCheck(key: RuleKey, reads: LoweredReads): EventCheck {
  const checks = key.map((term) => compileTermCheck(term, reads))
  if (checks.length === 1) return checks[0] ?? (() => false)

  return (event) => {
    for (const check of checks) if (check(event)) return true

    return false
  }
}

// the same reading of a value as the index's own: lower-cased scalars, array items one by one
function compileTermCheck(term: KeyTerm, reads: LoweredReads): EventCheck {
  const field = reads.field(term.field)
  if (term.kind === 'exists') return (event) => field.isPresent(event)

  const test = compileTextTest(term.kind, term.values)

  return (event) => {
    for (const text of field.texts(event)) if (test(text)) return true

    return false
  }
}

// plain loops: a callback per call (`values.some(v => ...)`) would make a closure per text
function compileTextTest(
  kind: Exclude<KeyTerm['kind'], 'exists'>,
  values: readonly string[],
): (text: string) => boolean {
  switch (kind) {
    case 'exact': {
      const exact = new Set(values)

      return (text) => exact.has(text)
    }
    case 'prefix':
      return (text) => {
        for (const value of values) if (text.startsWith(value)) return true

        return false
      }
    case 'suffix':
      return (text) => {
        for (const value of values) if (text.endsWith(value)) return true

        return false
      }
    case 'contains':
      return (text) => {
        for (const value of values) if (text.includes(value)) return true

        return false
      }
  }
}
