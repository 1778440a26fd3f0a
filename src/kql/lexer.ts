/**
 * Character-level scanning of KQL literals (G7–G13). KQL cannot be split into tokens ahead of the
 * parser: whether a space ends a value depends on the words after it (G11), so the parser asks
 * this scanner for a literal at a given offset and backtracks freely; results are memoised.
 */

/** Characters that end an unquoted value unless escaped (G9). */
const SPECIAL = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}'])

const HEX4 = /^[0-9a-fA-F]{4}$/

/** Whether a character is KQL whitespace (grammar rule `Space`). */
export function isKqlSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\u00a0'
}

/** A scanned literal before it becomes a node: decoded runs and the raw extent. */
export interface RawLiteral {
  readonly segments: readonly string[]
  readonly isQuoted: boolean
  /** offset of the first character of the literal (the opening quote when quoted) */
  readonly start: number
  /** offset just past the literal, including whitespace an unquoted literal swallowed */
  readonly end: number
  /** raw extent without the whitespace that trimming removed */
  readonly trimmedStart: number
  readonly trimmedEnd: number
}

/**
 * Scans literals in one query text. `onFail(offset, expected)` is called for every point where a
 * literal could not continue, so the parser can report the furthest failure.
 */
export class LiteralScanner {
  readonly #text: string
  readonly #memo = new Map<number, RawLiteral | null>()
  readonly #onFail: (offset: number, expected: string) => void
  #unclosedQuote = -1

  constructor(text: string, onFail: (offset: number, expected: string) => void) {
    this.#text = text
    this.#onFail = onFail
  }

  /** Offset of the first quoted string that never closes, or -1. */
  get unclosedQuote(): number {
    return this.#unclosedQuote
  }

  /** A quoted or unquoted literal at `offset` (grammar rule `Literal`), or null. */
  literal(offset: number): RawLiteral | null {
    const cached = this.#memo.get(offset)
    if (cached !== undefined) return cached

    const found = this.#quoted(offset) ?? this.#unquoted(offset)
    this.#memo.set(offset, found)

    return found
  }

  #quoted(start: number): RawLiteral | null {
    const text = this.#text
    if (text[start] !== '"') {
      this.#onFail(start, '"\\""')

      return null
    }

    let out = ''
    let i = start + 1
    while (i < text.length) {
      const char = text[i] ?? ''
      if (char === '"') {
        const end = i + 1

        return { segments: [out], isQuoted: true, start, end, trimmedStart: start, trimmedEnd: end }
      }

      const escape = char === '\\' ? decodeQuotedEscape(text, i) : null
      out += escape?.value ?? char
      i += escape?.length ?? 1
    }

    if (this.#unclosedQuote === -1) this.#unclosedQuote = start
    this.#onFail(i, 'closing quote')

    return null
  }

  #unquoted(start: number): RawLiteral | null {
    const parts: string[] = []
    let run = ''
    let i = start
    let firstSolid = -1
    let lastSolidEnd = -1
    for (;;) {
      const step = this.#unquotedCharacter(i)
      if (step === null) break

      if (step.isWildcard) {
        parts.push(run)
        run = ''
      } else run += step.value

      if (step.isWildcard || step.value.trim() !== '') {
        if (firstSolid === -1) firstSolid = i
        lastSolidEnd = i + step.length
      }

      i += step.length
    }

    if (i === start) {
      this.#onFail(start, 'value')

      return null
    }

    parts.push(run)
    const segments = trimSegments(parts)
    const trimmedStart = firstSolid === -1 ? start : firstSolid
    const trimmedEnd = lastSolidEnd === -1 ? start : lastSolidEnd

    return { segments, isQuoted: false, start, end: i, trimmedStart, trimmedEnd }
  }

  // one `UnquotedCharacter`: escapes first, then the wildcard, then any non-special character
  // that does not start a keyword sequence
  #unquotedCharacter(i: number): { value: string; length: number; isWildcard: boolean } | null {
    const text = this.#text
    const char = text[i]
    if (char === undefined) {
      this.#onFail(i, 'value')

      return null
    }

    if (char === '\\') {
      const escape = decodeUnquotedEscape(text, i)
      if (escape === null) this.#onFail(i, 'escape sequence')

      return escape === null ? null : { ...escape, isWildcard: false }
    }

    if (char === '*') return { value: '', length: 1, isWildcard: true }
    if (SPECIAL.has(char) || startsKeyword(text, i)) {
      this.#onFail(i, 'value')

      return null
    }

    return { value: char, length: 1, isWildcard: false }
  }
}

function decodeQuotedEscape(text: string, i: number): { value: string; length: number } | null {
  const next = text[i + 1]
  if (next === 't') return { value: '\t', length: 2 }
  if (next === 'r') return { value: '\r', length: 2 }
  if (next === 'n') return { value: '\n', length: 2 }
  if (next === 'u') return decodeUnicode(text, i)
  if (next === '\\' || next === '"') return { value: next, length: 2 }

  // any other backslash stays in the value as an ordinary character (G7)
  return null
}

function decodeUnquotedEscape(text: string, i: number): { value: string; length: number } | null {
  const next = text[i + 1]
  if (next === undefined) return null
  if (next === 't') return { value: '\t', length: 2 }
  if (next === 'r') return { value: '\r', length: 2 }
  if (next === 'n') return { value: '\n', length: 2 }
  if (SPECIAL.has(next)) return { value: next, length: 2 }
  if (next === 'u') {
    const unicode = decodeUnicode(text, i)
    if (unicode !== null) return unicode
  }

  const word = /^(or|and|not)/i.exec(text.slice(i + 1, i + 4))?.[0]

  return word === undefined ? null : { value: word, length: 1 + word.length }
}

function decodeUnicode(text: string, i: number): { value: string; length: number } | null {
  const digits = text.slice(i + 2, i + 6)

  return HEX4.test(digits) ? { value: String.fromCharCode(parseInt(digits, 16)), length: 6 } : null
}

/** The grammar's `Keyword` look-ahead: ` or `, ` and ` (one space each side) or `not `. */
export function startsKeyword(text: string, i: number): boolean {
  const char = text[i]
  if (isKqlSpace(char)) {
    return isWordThenSpace(text, i + 1, 'or') || isWordThenSpace(text, i + 1, 'and')
  }

  return isWordThenSpace(text, i, 'not')
}

/** Whether `word` (any case) starts at `i` and is followed by one KQL space. */
export function isWordThenSpace(text: string, i: number, word: string): boolean {
  return text.slice(i, i + word.length).toLowerCase() === word && isKqlSpace(text[i + word.length])
}

// the grammar trims the joined characters with String#trim, wildcards acting as solid characters
function trimSegments(parts: string[]): string[] {
  const segments = [...parts]
  if (segments.length === 1) return [(segments[0] ?? '').trim()]

  segments[0] = (segments[0] ?? '').trimStart()
  segments[segments.length - 1] = (segments[segments.length - 1] ?? '').trimEnd()

  return segments
}
