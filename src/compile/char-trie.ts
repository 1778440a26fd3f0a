/**
 * A character trie: items filed under texts (UTF-16 units), read from the start or, for
 * suffixes, from the end. Walks are the callers' own, since each stops on its own condition.
 * Most nodes of a rule library's tries have one child (the rest of one path or name), so a
 * node keeps its first child in two fields and only the others in a map.
 */
export class CharTrie<T> {
  /** The items filed under the text that ends at this node. */
  readonly items: T[] = []
  #firstCode = -1
  #first: CharTrie<T> | undefined = undefined
  #others: Map<number, CharTrie<T>> | undefined = undefined

  /** The node one unit further down, if any text continues with `code` here. */
  child(code: number): CharTrie<T> | undefined {
    if (code === this.#firstCode) return this.#first

    return this.#others?.get(code)
  }

  /** The node of `text` below `root` (read from its end when `isReversed`), made as needed. */
  static nodeFor<T>(root: CharTrie<T>, text: string, isReversed: boolean): CharTrie<T> {
    let node = root
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(isReversed ? text.length - 1 - i : i)
      node = node.child(code) ?? node.#add(code)
    }

    return node
  }

  #add(code: number): CharTrie<T> {
    const node = new CharTrie<T>()
    if (this.#first === undefined) {
      this.#firstCode = code
      this.#first = node
    } else {
      this.#others ??= new Map()
      this.#others.set(code, node)
    }

    return node
  }
}
