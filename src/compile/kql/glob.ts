/**
 * Anchored wildcard matching for KQL patterns: the literal runs between `*` must appear in order
 * and the whole value must be covered (doc M2; `?` is literal, G13). Common shapes get a string
 * method instead of a regular expression.
 */

/** Tests one string against a pattern given as the runs between wildcards. */
export type GlobTest = (value: string) => boolean

/** Compiles the runs between wildcards (`['', 'a', '']` is `*a*`) into a test. */
export function compileGlob(segments: readonly string[]): GlobTest {
  const [first = '', ...rest] = segments
  const last = rest.at(-1) ?? ''
  if (segments.length === 1) return (value) => value === first
  if (segments.every((s) => s === '')) return () => true
  if (segments.length === 2) return compilePair(first, last)
  if (segments.length === 3 && first === '' && last === '') {
    const middle = segments[1] ?? ''

    return (value) => value.includes(middle)
  }

  const source = segments.map(escapeRegExp).join('[\\s\\S]*')
  const regex = new RegExp(`^${source}$`)

  return (value) => regex.test(value)
}

function compilePair(first: string, last: string): GlobTest {
  if (first === '') return (value) => value.endsWith(last)
  if (last === '') return (value) => value.startsWith(first)

  const length = first.length + last.length

  return (value) => value.length >= length && value.startsWith(first) && value.endsWith(last)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
