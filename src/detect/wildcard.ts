import { getFieldValues } from '../ecs/index.ts'
import type { Predicate } from '../compile/index.ts'

/**
 * Elasticsearch's `wildcard` query on a keyword value: `*` any run, `?` one character, `\`
 * escapes the next character, anchored at both ends; `case_insensitive` folds both sides.
 * Numbers and booleans are compared as their JSON text, as keyword fields index them.
 */
export function wildcardPredicate(
  field: string,
  pattern: string,
  isCaseInsensitive: boolean,
): Predicate {
  const regex = new RegExp(`^${wildcardBody(pattern)}$`, isCaseInsensitive ? 'isu' : 'su')

  return (event) =>
    getFieldValues(event, field).some((value) => {
      if (typeof value === 'string') return regex.test(value)
      if (typeof value === 'number' || typeof value === 'boolean') return regex.test(String(value))

      return false
    })
}

function wildcardBody(pattern: string): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? ''
    if (char === '\\') {
      i++
      out += escapeRegex(pattern[i] ?? '\\')
    } else if (char === '*') out += '.*'
    else if (char === '?') out += '.'
    else out += escapeRegex(char)
  }

  return out
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
