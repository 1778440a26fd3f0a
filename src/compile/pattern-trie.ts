import { CharTrie } from './char-trie.ts'

/** Tests one string; the same shape as the wildcard compiler's tests. */
type StringTest = (value: string) => boolean

/** Lists with fewer wildcard patterns are tested one pattern after another. */
export const TRIE_MIN_PATTERNS = 8

type TrieNode = CharTrie<StringTest>

/** Patterns that share a number of leading `?` and are filed by the literal after them. */
interface HeadGroup {
  readonly skip: number
  readonly root: TrieNode
}

/**
 * Tests a long list of wildcard patterns by their literal ends: each pattern is filed in a trie
 * under its literal head (after `skip` leading `?`, when each `?` is one unit: `isUnitQuestion`)
 * or, failing that, its literal tail; a value walks the tries as far as its own characters go,
 * and only the patterns whose head or tail it holds run their full test. Rule lists of a hundred
 * `?:\\Windows\\…\\*.exe` paths then cost a walk of one path, not a hundred comparisons.
 */
export function compilePatternTrie(
  patterns: readonly string[],
  compileOne: (pattern: string) => StringTest,
  isUnitQuestion: boolean,
): StringTest {
  const heads = new Map<number, TrieNode>()
  const tails: TrieNode = new CharTrie()
  const linear: StringTest[] = []
  for (const pattern of patterns) {
    const test = compileOne(pattern)
    const skip = isUnitQuestion ? leadingQuestions(pattern) : 0
    const head = literalFrom(pattern, skip)
    const tail = literalTail(pattern)
    if (head !== '') CharTrie.nodeFor(rootOf(heads, skip), head, false).items.push(test)
    else if (tail !== '') CharTrie.nodeFor(tails, tail, true).items.push(test)
    else linear.push(test)
  }

  const groups: HeadGroup[] = [...heads].map(([skip, root]) => ({ skip, root }))

  return (value) => {
    for (const group of groups) if (walk(group.root, value, group.skip, false)) return true
    if (walk(tails, value, 0, true)) return true

    for (const test of linear) if (test(value)) return true

    return false
  }
}

function rootOf(heads: Map<number, TrieNode>, skip: number): TrieNode {
  let root = heads.get(skip)
  if (root === undefined) {
    root = new CharTrie()
    heads.set(skip, root)
  }

  return root
}

function walk(root: TrieNode, value: string, skip: number, isReversed: boolean): boolean {
  const length = value.length
  let node: TrieNode | undefined = root
  for (let i = skip; i < length; i++) {
    node = node.child(value.charCodeAt(isReversed ? length - 1 - i : i))
    if (node === undefined) return false

    for (const test of node.items) if (test(value)) return true
  }

  return false
}

function leadingQuestions(pattern: string): number {
  let count = 0
  while (pattern.charCodeAt(count) === 0x3f) count++

  return count
}

// the literal run from `start` up to the first wildcard
function literalFrom(pattern: string, start: number): string {
  let end = start
  while (end < pattern.length && !isWildcard(pattern.charCodeAt(end))) end++

  return pattern.slice(start, end)
}

// the literal run after the last wildcard
function literalTail(pattern: string): string {
  let start = pattern.length
  while (start > 0 && !isWildcard(pattern.charCodeAt(start - 1))) start--

  return pattern.slice(start)
}

function isWildcard(code: number): boolean {
  return code === 0x2a || code === 0x3f
}
