import type { Needle } from './prefilter-requirements.ts'

/** Indexed needles are found by one of their runs of this many ASCII characters. */
const GRAM = 4
const GRAM_MASK = (1 << (7 * GRAM)) - 1
/** Bits of the filter that most grams of a line are rejected by before any map lookup. */
const FILTER_BITS = 16
const FILTER_MASK = (1 << FILTER_BITS) - 1

/**
 * Tells which of many needles occur in a line. The `indexed` needles are found in one pass over
 * the line whatever their number: each is filed under one run of three ASCII characters (its
 * gram), the line's grams are rolled over its ASCII-folded text, and only a gram that some needle
 * was filed under costs a lookup and a comparison at that place. Any other needle is searched
 * only when asked for ({@link has}), once per line. Case-insensitive needles (ASCII-only, as the
 * prefilter makes them) match as an `i`-flag RegExp matches ASCII; the line is lower-cased once.
 */
export class NeedleScan {
  readonly #needles: readonly Needle[]
  readonly #filter = new Uint32Array((1 << FILTER_BITS) / 32)
  /** Per gram: the needles filed under it, with the gram's offset inside each. */
  readonly #byGram = new Map<number, { id: number; offset: number }[]>()
  /** Indexed needles with no ASCII gram: searched in every line. */
  readonly #unfiled: number[] = []
  readonly #isIndexed: Uint8Array
  readonly #indexed: readonly number[]
  // per line: generation marks of the needles known to occur, and of those looked up
  readonly #found: Uint32Array
  readonly #known: Uint32Array
  #generation = 0
  #line = ''
  #folded = ''
  /** The indexed needles found in the last line scanned, in the order met. */
  readonly seen: number[] = []

  constructor(needles: readonly Needle[], indexed: readonly number[]) {
    this.#needles = needles
    this.#indexed = indexed
    this.#isIndexed = new Uint8Array(needles.length)
    this.#found = new Uint32Array(needles.length)
    this.#known = new Uint32Array(needles.length)
    const counts = gramCounts(indexed.map((id) => needles[id]?.text ?? ''))
    for (const id of indexed) this.#file(id, counts)
  }

  /** Scans one line; {@link has} and {@link seen} answer for it until the next scan. */
  scan(line: string): void {
    this.#start(line)
    const folded = this.#folded
    // lower-casing U+0130 lengthens the text: places no longer line up, so search each needle
    if (folded.length !== line.length) {
      for (const id of this.#indexed) if (this.#search(id)) this.#mark(id)

      return
    }

    const filter = this.#filter
    let gram = 0
    let run = 0
    for (let i = 0; i < folded.length; i++) {
      const code = folded.charCodeAt(i)
      if (code >= 0x80) {
        run = 0
        continue
      }

      gram = ((gram << 7) | code) & GRAM_MASK
      if (++run < GRAM) continue

      const bucket = hashGram(gram)
      if (((filter[bucket >>> 5] ?? 0) & (1 << (bucket & 31))) !== 0) this.#hit(gram, i + 1 - GRAM)
    }

    for (const id of this.#unfiled) if (this.#search(id)) this.#mark(id)
  }

  /** Whether needle `id` occurs in the last line scanned. */
  has(id: number): boolean {
    const generation = this.#generation
    if (this.#found[id] === generation) return true
    if (this.#isIndexed[id] === 1 || this.#known[id] === generation) return false

    this.#known[id] = generation
    if (!this.#search(id)) return false

    this.#found[id] = generation

    return true
  }

  #start(line: string): void {
    this.#line = line
    this.#folded = line.toLowerCase()
    this.seen.length = 0
    this.#generation++
    if (this.#generation === 0xffffffff) {
      this.#generation = 1
      this.#found.fill(0)
      this.#known.fill(0)
    }
  }

  #hit(gram: number, at: number): void {
    for (const { id, offset } of this.#byGram.get(gram) ?? []) {
      if (this.#found[id] === this.#generation) continue

      const needle = this.#needles[id]
      const start = at - offset
      if (needle === undefined || start < 0) continue

      const text = needle.isCaseInsensitive ? this.#folded : this.#line
      if (text.startsWith(needle.text, start)) this.#mark(id)
    }
  }

  #search(id: number): boolean {
    const needle = this.#needles[id]
    if (needle === undefined) return false

    return (needle.isCaseInsensitive ? this.#folded : this.#line).includes(needle.text)
  }

  #mark(id: number): void {
    this.#found[id] = this.#generation
    this.seen.push(id)
  }

  #file(id: number, counts: ReadonlyMap<number, number>): void {
    this.#isIndexed[id] = 1
    const text = this.#needles[id]?.text ?? ''
    const best = rarestGram(text, counts)
    if (best === null) {
      this.#unfiled.push(id)

      return
    }

    const list = this.#byGram.get(best.gram) ?? []
    list.push({ id, offset: best.offset })
    this.#byGram.set(best.gram, list)
    const bucket = hashGram(best.gram)
    this.#filter[bucket >>> 5] = (this.#filter[bucket >>> 5] ?? 0) | (1 << (bucket & 31))
  }
}

function hashGram(gram: number): number {
  return (Math.imul(gram, 0x9e3779b1) >>> (32 - FILTER_BITS)) & FILTER_MASK
}

/** The grams of a needle's folded text, with where each starts; none past ASCII. */
function gramsOf(text: string): { gram: number; offset: number }[] {
  const folded = text.toLowerCase()
  const grams: { gram: number; offset: number }[] = []
  for (let start = 0; start + GRAM <= folded.length; start++) {
    let gram = 0
    let isAscii = true
    for (let k = 0; k < GRAM; k++) {
      const code = folded.charCodeAt(start + k)
      if (code >= 0x80) isAscii = false
      gram = ((gram << 7) | code) & GRAM_MASK
    }

    if (isAscii) grams.push({ gram, offset: start })
  }

  return grams
}

function gramCounts(texts: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>()
  for (const text of texts)
    for (const { gram } of gramsOf(text)) counts.set(gram, (counts.get(gram) ?? 0) + 1)

  return counts
}

// the gram fewest other needles hold: a proxy for how rarely a line holds it
function rarestGram(
  text: string,
  counts: ReadonlyMap<number, number>,
): { gram: number; offset: number } | null {
  let best: { gram: number; offset: number } | null = null
  let bestCount = Infinity
  for (const candidate of gramsOf(text)) {
    const count = counts.get(candidate.gram) ?? 0
    if (count < bestCount) {
      best = candidate
      bestCount = count
    }
  }

  return best
}
