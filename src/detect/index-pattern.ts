/** Tests an input's index against a rule's index patterns; `undefined` means the index is unknown. */
export type IndexMatcher = (index: string | undefined) => boolean

// a backing index of a data stream: `.ds-<stream>-<yyyy.mm.dd>-<generation>`
const BACKING_INDEX = /^\.ds-(.+)-\d{4}\.\d{2}\.\d{2}-\d{6}$/

/**
 * Compiles Kibana index patterns (`logs-*`, `a-*,b-*`, `-logs-excluded-*`) into a matcher. An
 * index matches when some included pattern matches it and no excluded one does; a data stream's
 * backing index (`.ds-logs-x-default-2026.01.01-000001`) also answers for its stream name, as
 * Elasticsearch resolves patterns against data streams. A rule without patterns (a data view
 * or the default indices) and an input whose index is unknown always match.
 */
export function compileIndexPatterns(patterns: readonly string[] | undefined): IndexMatcher {
  // most rules of a library share their pattern list with others: one matcher (and cache) each
  const key = (patterns ?? []).join('\n')
  let matcher = MATCHERS.get(key)
  if (matcher === undefined) {
    matcher = compileMatcher(patterns ?? [])
    MATCHERS.set(key, matcher)
  }

  return matcher
}

/** Matchers by pattern list; a pure function of the list, so sharing them changes nothing. */
const MATCHERS = new Map<string, IndexMatcher>()

function compileMatcher(patterns: readonly string[]): IndexMatcher {
  const parts = patterns.flatMap((p) => p.split(',')).map((p) => p.trim())
  const include = parts.filter((p) => p !== '' && !p.startsWith('-')).map(patternRegex)
  const exclude = parts
    .filter((p) => p.length > 1 && p.startsWith('-'))
    .map((p) => patternRegex(p.slice(1)))
  if (include.length === 0) return () => true

  const cache = new Map<string, boolean>()

  return (index) => {
    if (index === undefined) return true

    let known = cache.get(index)
    if (known === undefined) {
      known = namesOf(index).some((name) => isIncluded(name, include, exclude))
      cache.set(index, known)
    }

    return known
  }
}

function isIncluded(name: string, include: readonly RegExp[], exclude: readonly RegExp[]): boolean {
  return include.some((r) => r.test(name)) && !exclude.some((r) => r.test(name))
}

function namesOf(index: string): string[] {
  const local = index.includes(':') ? index.slice(index.indexOf(':') + 1) : index
  const stream = BACKING_INDEX.exec(local)?.[1]

  return stream === undefined ? [index, local] : [index, local, stream]
}

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')

  return new RegExp(`^${body}$`)
}
