/**
 * A character trie: items filed under texts (UTF-16 units), read from the start or, for
 * suffixes, from the end. Walks are the callers' own, since each stops on its own condition.
 */
export class CharTrie<T> {
  readonly children = new Map<number, CharTrie<T>>()
  /** The items filed under the text that ends at this node. */
  readonly items: T[] = []

  /** The node of `text` below `root` (read from its end when `isReversed`), made as needed. */
  static nodeFor<T>(root: CharTrie<T>, text: string, isReversed: boolean): CharTrie<T> {
    let node = root
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(isReversed ? text.length - 1 - i : i)
      let next = node.children.get(code)
      if (next === undefined) {
        next = new CharTrie<T>()
        node.children.set(code, next)
      }

      node = next
    }

    return node
  }
}
