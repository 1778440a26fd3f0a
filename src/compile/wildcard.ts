import {
  foldedIndexOf,
  isAscii,
  isFoldedAt,
  isMaskedFoldedAt,
  maskedFoldedIndexOf,
} from './ascii-fold.ts'
import { lowerRoot } from './case-fold.ts'

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
 * one `Set` lookup. Case-insensitive lists are lower-cased here; an ASCII value is then matched
 * with ASCII folding (no copy: the hot path allocates nothing), any other value is lower-cased
 * once per call, not once per pattern.
 */
export function compileWildcardList(
  patterns: readonly string[],
  isCaseInsensitive: boolean,
): StringTest {
  if (!isCaseInsensitive) return compileFoldedList(patterns, compileWildcard, exactSetTest)

  const folded = patterns.map(lowerRoot)
  const lowered = compileFoldedList(folded, compileWildcard, exactSetTest)
  if (!folded.every(isAscii)) return (value) => lowered(lowerRoot(value))

  const ascii = compileFoldedList(folded, compileAsciiFolded, exactFoldedTest)

  return (value) => (isAscii(value) ? ascii(value) : lowered(lowerRoot(value)))
}

function compileFoldedList(
  patterns: readonly string[],
  compileOne: (pattern: string) => StringTest,
  compileExact: (exact: readonly string[]) => StringTest | null,
): StringTest {
  const exact = [...new Set(patterns.filter((p) => !p.includes('*') && !p.includes('?')))]
  const tests = patterns.filter((p) => p.includes('*') || p.includes('?')).map(compileOne)
  const exactTest = compileExact(exact)
  if (exactTest !== null) tests.unshift(exactTest)
  if (tests.length === 1) return tests[0] as StringTest

  return (value) => {
    for (const test of tests) if (test(value)) return true

    return false
  }
}

function exactSetTest(exact: readonly string[]): StringTest | null {
  if (exact.length === 0) return null

  const set = new Set(exact)

  return (value) => set.has(value)
}

// folded exact patterns grouped by length: a length check rejects most values at once
function exactFoldedTest(exact: readonly string[]): StringTest | null {
  if (exact.length === 0) return null

  const byLength = new Map<number, string[]>()
  for (const pattern of exact)
    byLength.set(pattern.length, [...(byLength.get(pattern.length) ?? []), pattern])

  return (value) => {
    const candidates = byLength.get(value.length)
    if (candidates === undefined) return false

    for (const pattern of candidates) if (isFoldedAt(value, pattern, 0)) return true

    return false
  }
}

/** {@link compileWildcard} for a lower-case ASCII pattern against ASCII values of any case. */
export function compileAsciiFolded(pattern: string): StringTest {
  if (pattern.includes('?')) return compileAsciiMasked(pattern)

  const parts = pattern.split('*')
  const first = parts[0] as string
  const last = parts[parts.length - 1] as string
  if (parts.length === 1)
    return (value) => value.length === pattern.length && isFoldedAt(value, pattern, 0)

  const middle = parts.slice(1, -1).filter((part) => part !== '')
  const minimum = first.length + last.length

  return (value) => {
    if (value.length < minimum || !isFoldedAt(value, first, 0)) return false
    if (!isFoldedAt(value, last, value.length - last.length)) return false

    const end = value.length - last.length
    let at = first.length
    for (const part of middle) {
      const found = foldedIndexOf(value, part, at)
      if (found < 0 || found + part.length > end) return false

      at = found + part.length
    }

    return true
  }
}

// on ASCII a `?` is one unit, so `*`-free parts have a fixed length and taking each part at its
// leftmost place stays exact with `?` inside parts: no glob back-off walk per value. Kept apart
// from the `?`-free closure so each call site stays monomorphic
function compileAsciiMasked(pattern: string): StringTest {
  const parts = pattern.split('*')
  const first = parts[0] as string
  const last = parts[parts.length - 1] as string
  if (parts.length === 1)
    return (value) => value.length === pattern.length && isMaskedFoldedAt(value, pattern, 0)

  const middle = parts.slice(1, -1).filter((part) => part !== '')
  const minimum = first.length + last.length

  return (value) => {
    if (value.length < minimum || !isMaskedFoldedAt(value, first, 0)) return false
    if (!isMaskedFoldedAt(value, last, value.length - last.length)) return false

    const end = value.length - last.length
    let at = first.length
    for (const part of middle) {
      const found = maskedFoldedIndexOf(value, part, at)
      if (found < 0 || found + part.length > end) return false

      at = found + part.length
    }

    return true
  }
}
