import { RE2JS } from 're2js'
import { translateLuceneRegex } from '../compile/index.ts'

/** A compiled Lucene regular expression, or why it cannot be used. */
export type RegexTester = ((value: string) => boolean) | { readonly unsupported: string }

/** Compiles a Lucene pattern into a whole-string test, through the compiler's RE2 translation. */
export function compileRegexTester(pattern: string, isCaseInsensitive: boolean): RegexTester {
  const translated = translateLuceneRegex(pattern)
  if (!translated.ok) return { unsupported: translated.message }

  const flags = RE2JS.DOTALL | (isCaseInsensitive ? RE2JS.CASE_INSENSITIVE : 0)
  const compiled = RE2JS.compile(translated.re2, flags)

  return (value) => compiled.matches(value)
}

class Unsupported extends Error {}

const OPTIONAL_OPERATORS = new Set(['@', '#', '~', '&', '<'])
const CLASS_CANDIDATES = 'axz0A_-. /:'

/**
 * Builds one string a simple Lucene regular expression matches: literals, `.`, classes,
 * groups, `|`, and the `* + ? {n,m}` quantifiers (each at its smallest useful count). Returns
 * null for the optional operators (`@ # ~ & <n-m>`), which it does not try to satisfy.
 */
export function sampleRegex(pattern: string): string | null {
  try {
    const reader = new PatternReader(pattern)
    const out = reader.alternation()

    return reader.isDone() ? out : null
  } catch (caught) {
    if (caught instanceof Unsupported) return null
    throw caught
  }
}

class PatternReader {
  #at = 0

  constructor(readonly text: string) {}

  isDone(): boolean {
    return this.#at >= this.text.length
  }

  alternation(): string {
    const first = this.sequence()
    while (this.#peek() === '|') {
      this.#at++
      this.sequence()
    }

    return first
  }

  sequence(): string {
    let out = ''
    while (!this.isDone() && this.#peek() !== '|' && this.#peek() !== ')') {
      const atom = this.atom()
      out += this.#repeat(atom)
    }

    return out
  }

  atom(): string {
    const ch = this.#take()
    if (OPTIONAL_OPERATORS.has(ch)) throw new Unsupported(ch)
    if (ch === '.') return 'a'
    if (ch === '\\') return this.#take()
    if (ch === '[') return this.#charClass()
    if (ch !== '(') return ch

    const inner = this.alternation()
    if (this.#take() !== ')') throw new Unsupported('group')

    return inner
  }

  #repeat(atom: string): string {
    const op = this.#peek()
    if (op === '*' || op === '?') {
      this.#at++
      this.#skipLazy()

      return ''
    }

    if (op === '+') {
      this.#at++
      this.#skipLazy()

      return atom
    }

    if (op !== '{') return atom

    const close = this.text.indexOf('}', this.#at)
    const bounds = /^\{(\d+)(?:,(\d*))?\}$/.exec(this.text.slice(this.#at, close + 1))
    if (close === -1 || bounds === null) throw new Unsupported('bounds')
    this.#at = close + 1

    return atom.repeat(Number(bounds[1]))
  }

  // `*?` reads as `(x*)?` in Lucene: still the empty string
  #skipLazy(): void {
    if (this.#peek() === '?') this.#at++
  }

  #charClass(): string {
    const isNegated = this.#peek() === '^'
    if (isNegated) this.#at++
    const members: [string, string][] = []
    while (this.#peek() !== ']' || members.length === 0) {
      const low = this.#classChar()
      if (this.#peek() === '-' && this.text[this.#at + 1] !== ']') {
        this.#at++
        members.push([low, this.#classChar()])
      } else members.push([low, low])
    }

    this.#at++
    const inClass = (c: string): boolean => members.some(([lo, hi]) => c >= lo && c <= hi)
    const first = members[0]?.[0] ?? 'a'

    return isNegated ? this.#outside(inClass) : first
  }

  #outside(inClass: (c: string) => boolean): string {
    for (const c of CLASS_CANDIDATES) if (!inClass(c)) return c
    throw new Unsupported('class')
  }

  #classChar(): string {
    const ch = this.#take()

    return ch === '\\' ? this.#take() : ch
  }

  #peek(): string {
    return this.text[this.#at] ?? ''
  }

  #take(): string {
    const ch = this.text[this.#at]
    if (ch === undefined) throw new Unsupported('end')
    this.#at++

    return ch
  }
}
