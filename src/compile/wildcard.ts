import { lowerRoot } from './case-fold.ts'
import { compilePatternTrie, TRIE_MIN_PATTERNS } from './pattern-trie.ts'

/** Tests one string (already lower-cased when the pattern is case-insensitive). */
export type StringTest = (value: string) => boolean

/**
 * Compiles one EQL wildcard pattern: `*` is any run of characters, `?` exactly one code point,
 * and everything else (backslash included) is literal; the pattern covers the whole value.
 * Patterns made of literals and `*` only become plain string operations.
 */
export function compileWildcard(pattern: string): StringTest {
  if (pattern.includes('?')) return (value) => matchGlob(pattern, value)

  const parts = pattern.split('*')
  if (parts.length === 1) return (value) => value === pattern

  const first = parts[0] as string
  const last = parts[parts.length - 1] as string
  if (parts.length === 2) return prefixSuffixTest(first, last)

  const middle = parts.slice(1, -1).filter((part) => part !== '')
  if (first === '' && last === '' && middle.length === 1) {
    const needle = middle[0] as string

    return (value) => value.includes(needle)
  }

  return (value) => matchStars(value, first, middle, last)
}

function prefixSuffixTest(prefix: string, suffix: string): StringTest {
  if (prefix === '' && suffix === '') return () => true
  if (suffix === '') return (value) => value.startsWith(prefix)
  if (prefix === '') return (value) => value.endsWith(suffix)

  const minimum = prefix.length + suffix.length

  return (value) => value.length >= minimum && value.startsWith(prefix) && value.endsWith(suffix)
}

// with only `*`, taking each middle part at its leftmost place is always the best choice
function matchStars(
  value: string,
  first: string,
  middle: readonly string[],
  last: string,
): boolean {
  if (value.length < first.length + last.length) return false
  if (!value.startsWith(first) || !value.endsWith(last)) return false

  const end = value.length - last.length
  let at = first.length
  for (const part of middle) {
    const found = value.indexOf(part, at)
    if (found < 0 || found + part.length > end) return false

    at = found + part.length
  }

  return true
}

/**
 * Matches a pattern with `?` by the classic two-pointer glob walk (back off to the last `*`),
 * O(pattern × value) in the worst case and never exponential. `?` consumes a whole code point.
 * With `isAsciiFolded`, value letters A–Z compare as a–z (the pattern is lower-case).
 */
export function matchGlob(pattern: string, value: string, isAsciiFolded = false): boolean {
  let p = 0
  let v = 0
  let starP = -1
  let starV = 0
  while (v < value.length) {
    const c = pattern.charCodeAt(p)
    if (p < pattern.length && c === 0x2a) {
      starP = p++
      starV = v
    } else if (p < pattern.length && c === 0x3f) {
      p++
      v += unitsAt(value, v)
    } else if (p < pattern.length && c === unitAt(value, v, isAsciiFolded)) {
      p++
      v++
    } else if (starP >= 0) {
      p = starP + 1
      starV += unitsAt(value, starV)
      v = starV
    } else {
      return false
    }
  }

  while (p < pattern.length && pattern.charCodeAt(p) === 0x2a) p++

  return p === pattern.length
}

function unitAt(text: string, index: number, isAsciiFolded: boolean): number {
  const unit = text.charCodeAt(index)

  return isAsciiFolded && unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit
}

function unitsAt(text: string, index: number): number {
  const unit = text.charCodeAt(index)
  if (unit < 0xd800 || unit > 0xdbff || index + 1 >= text.length) return 1

  const next = text.charCodeAt(index + 1)

  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1
}

/**
 * Compiles a list of patterns into one test (any pattern matches). Wildcard-free patterns share
 * one `Set` lookup. A case-insensitive list is lower-cased here and each value once per call, so
 * every pattern runs as native string operations on the lowered text (one copy per call is far
 * cheaper than comparing folded characters in a loop, pattern by pattern).
 */
export function compileWildcardList(
  patterns: readonly string[],
  isCaseInsensitive: boolean,
): StringTest {
  if (!isCaseInsensitive) return compileUnitList(patterns)

  const folded = patterns.map(lowerRoot)
  const lowered = compileUnitList(folded)
  if (folded.some((p) => p.includes('*') || p.includes('?') || !isAscii(p))) {
    return (value) => lowered(lowerRoot(value))
  }

  // plain names (`process.name : "cmd.exe"`): a length check rejects most values with no copy;
  // only a non-ASCII value can lower-case to a different length (or into ASCII)
  const exact = exactFoldedTest(folded)

  return (value) => exact(value) || (!isAscii(value) && lowered(lowerRoot(value)))
}

function exactFoldedTest(exact: readonly string[]): StringTest {
  const byLength = new Map<number, string[]>()
  for (const pattern of new Set(exact))
    byLength.set(pattern.length, [...(byLength.get(pattern.length) ?? []), pattern])

  return (value) => {
    const candidates = byLength.get(value.length)
    if (candidates === undefined) return false

    for (const pattern of candidates) if (isFoldedEqual(value, pattern)) return true

    return false
  }
}

// equal when `value` lower-cases A-Z to `pattern` (lower-case ASCII) with every other unit equal
function isFoldedEqual(value: string, pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const unit = value.charCodeAt(i)
    const folded = unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit
    if (folded !== pattern.charCodeAt(i)) return false
  }

  return true
}

// on an ASCII value a `?` is exactly one unit, so `?` patterns run as fixed-offset native
// comparisons; other values take the code-point glob walk
function compileUnitList(patterns: readonly string[]): StringTest {
  const general = compileFoldedList(patterns, compileWildcard)
  if (!patterns.some((p) => p.includes('?')) || !patterns.every(isAscii)) return general

  const ascii = compileFoldedList(patterns, compileAsciiWildcard)

  return (value) => (isAscii(value) ? ascii(value) : general(value))
}

function compileFoldedList(
  patterns: readonly string[],
  compileOne: (pattern: string) => StringTest,
): StringTest {
  const exact = [...new Set(patterns.filter((p) => !p.includes('*') && !p.includes('?')))]
  const wild = patterns.filter((p) => p.includes('*') || p.includes('?'))
  const tests =
    wild.length >= TRIE_MIN_PATTERNS
      ? [compilePatternTrie(wild, compileOne, compileOne === compileAsciiWildcard)]
      : wild.map(compileOne)
  if (exact.length > 0) {
    const set = new Set(exact)
    tests.unshift((value) => set.has(value))
  }

  if (tests.length === 1) return tests[0] as StringTest

  return (value) => {
    for (const test of tests) if (test(value)) return true

    return false
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false

  return true
}

/** A `*`-free part of a pattern tested at an offset: its literal pieces between `?`s. */
type PartTest = (value: string, at: number) => boolean

function compilePart(part: string): PartTest {
  const pieces: { text: string; offset: number }[] = []
  let offset = 0
  for (const text of part.split('?')) {
    if (text !== '') pieces.push({ text, offset })
    offset += text.length + 1
  }

  if (pieces.length === 0) return () => true

  return (value, at) => {
    for (const piece of pieces) if (!value.startsWith(piece.text, at + piece.offset)) return false

    return true
  }
}

/**
 * {@link compileWildcard} for ASCII values, where `?` is one unit: the parts between `*`s have
 * fixed lengths, so taking each middle part at its leftmost place stays exact.
 */
export function compileAsciiWildcard(pattern: string): StringTest {
  if (!pattern.includes('?')) return compileWildcard(pattern)

  const parts = pattern.split('*')
  const first = parts[0] as string
  const last = parts[parts.length - 1] as string
  const head = compilePart(first)
  if (parts.length === 1) return (value) => value.length === pattern.length && head(value, 0)

  const tail = compilePart(last)
  const middle = parts.slice(1, -1).filter((part) => part !== '')
  const inner = middle.map((part) => ({
    length: part.length,
    test: compilePart(part),
    literal: part.includes('?') ? null : part,
  }))
  const minimum = first.length + last.length

  return (value) => {
    if (value.length < minimum || !head(value, 0)) return false
    if (!tail(value, value.length - last.length)) return false

    const end = value.length - last.length
    let at = first.length
    for (const part of inner) {
      if (part.literal !== null) at = value.indexOf(part.literal, at)
      else while (at >= 0 && at + part.length <= end && !part.test(value, at)) at++
      if (at < 0 || at + part.length > end) return false

      at += part.length
    }

    return true
  }
}
