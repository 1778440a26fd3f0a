import { CharTrie } from '../compile/index.ts'

/** The shortest infix worth filing: shorter ones occur in most long values. */
export const MIN_INFIX = 3

// a pair of ASCII units, as an index into the pair table
function pairAt(text: string, index: number): number {
  const first = text.charCodeAt(index)
  const second = text.charCodeAt(index + 1)

  return first < 0x80 && second < 0x80 ? (first << 7) | second : -1
}

/**
 * Items filed under ASCII substrings (at least {@link MIN_INFIX} units long), found in a value
 * in one pass: a table of the substrings' first two units rules out almost every start, and
 * only the starts it lets through walk a trie of the substrings.
 */
export class InfixIndex<T> {
  readonly #root = new CharTrie<T>()
  readonly #pairs = new Uint8Array(1 << 14)

  /** The item list of `infix` (lower-case ASCII, {@link MIN_INFIX} units or more), to file into. */
  itemsOf(infix: string): T[] {
    const pair = pairAt(infix, 0)
    if (infix.length < MIN_INFIX || pair < 0) throw new Error(`not an indexable infix: ${infix}`)

    this.#pairs[pair] = 1

    return CharTrie.nodeFor(this.#root, infix, false).items
  }

  /** Calls `hit` with the items of every filed substring `value` contains (once per place). */
  forEach(value: string, hit: (items: readonly T[]) => void): void {
    const last = value.length - MIN_INFIX
    for (let start = 0; start <= last; start++) {
      const pair = pairAt(value, start)
      if (pair < 0 || this.#pairs[pair] === 0) continue

      let node: CharTrie<T> | undefined = this.#root
      for (let i = start; i < value.length && node !== undefined; i++) {
        node = node.child(value.charCodeAt(i))
        if (node !== undefined && node.items.length > 0) hit(node.items)
      }
    }
  }
}
