const EMPTY_HASH_RE = /^0*$/
// a log runs the same images again and again: their Hashes values repeat
const SHARED = new Map<string, SharedHashes | undefined>()
const MAX_SHARED = 512

/** Sysmon hashes by lower-cased algorithm, and the values in related.hash order. */
export interface ParsedHashes {
  readonly hashes: Record<string, string>
  readonly order: string[]
}

/** {@link ParsedHashes} as {@link parseHashesShared} shares them: frozen. */
export interface SharedHashes {
  readonly hashes: Readonly<Record<string, string>>
  readonly order: readonly string[]
}

/**
 * {@link parseHashes}, remembered for the values a log repeats. The result is shared from call to
 * call and frozen: callers copy what they put in a document.
 */
export function parseHashesShared(value: string): SharedHashes | undefined {
  if (SHARED.has(value)) return SHARED.get(value)

  const parsed = parseHashes(value)
  const shared =
    parsed === undefined
      ? undefined
      : Object.freeze({ hashes: Object.freeze(parsed.hashes), order: Object.freeze(parsed.order) })
  if (SHARED.size >= MAX_SHARED) SHARED.clear()
  SHARED.set(value, shared)

  return shared
}

/**
 * Parses Sysmon `Hashes` (`SHA1=…,MD5=…,SHA256=…,IMPHASH=…`) as the pipeline's `kv` processor and
 * script do: keys and values lower-cased, empty or all-zero values dropped. Undefined when a part
 * has no `=` (the `kv` processor fails and the pipeline ignores it). `order` lists the values in
 * the iteration order of the Java HashMap the pipeline walks, which is the order of `related.hash`.
 */
export function parseHashes(value: string): ParsedHashes | undefined {
  const pairs: [string, string][] = []
  for (const part of value.split(',')) {
    const eq = part.indexOf('=')
    if (eq === -1) return undefined
    pairs.push([part.slice(0, eq), part.slice(eq + 1)])
  }
  const hashes: Record<string, string> = {}
  const order: string[] = []
  for (const [key, raw] of javaHashMapOrder(pairs)) {
    const hash = raw.toLowerCase()
    if (EMPTY_HASH_RE.test(hash)) continue
    hashes[key.toLowerCase()] = hash
    order.push(hash)
  }

  return { hashes, order }
}

/** Entries in the order `java.util.HashMap` iterates them (bucket index, then insertion). */
function javaHashMapOrder<T>(entries: readonly (readonly [string, T])[]): (readonly [string, T])[] {
  let capacity = 16
  while (entries.length > capacity * 0.75) capacity *= 2
  const buckets = entries.map((entry, index) => ({
    entry,
    index,
    bucket: bucketOf(entry[0], capacity),
  }))
  buckets.sort((a, b) => a.bucket - b.bucket || a.index - b.index)

  return buckets.map((b) => b.entry)
}

function bucketOf(key: string, capacity: number): number {
  let hash = 0
  for (let i = 0; i < key.length; i++) hash = (Math.imul(31, hash) + key.charCodeAt(i)) | 0

  return (hash ^ (hash >>> 16)) & (capacity - 1)
}
