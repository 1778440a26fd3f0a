import { decimalIntervalRe2 } from './decimal-interval.ts'

/** The outcome of translating a Lucene regular expression to RE2 syntax. */
export type RegexTranslation =
  | { readonly ok: true; readonly re2: string }
  | {
      readonly ok: false
      readonly code: 'ERR_EQL_REGEX_SYNTAX' | 'ERR_EQL_REGEX_UNSUPPORTED'
      readonly message: string
      /** UTF-16 offset inside the pattern. */
      readonly offset: number
    }

class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly isUnsupported = false,
  ) {
    super(message)
  }
}

const RE2_META = new Set('\\.+*?()|[]{}^$'.split(''))
const CLASS_META = new Set('\\[]^-'.split(''))

/**
 * Translates a pattern in Lucene's `RegExp` syntax with the optional operators Elasticsearch
 * enables by default (flags ALL: `#` empty, `@` any string, `<n-m>` numeric interval, `&`
 * intersection, `~` complement) into an RE2 pattern matching the same whole strings. The
 * grammar follows Lucene's recursive descent, so its quirks carry over (a leading `*` is a
 * literal, `[]a]` is a class of `]` and `a`). `&` and `~` have no RE2 equivalent and `<name>`
 * automatons do not exist here: those are reported as unsupported.
 */
export function translateLuceneRegex(pattern: string): RegexTranslation {
  // Lucene special-cases the empty pattern: it matches the empty string
  if (pattern === '') return { ok: true, re2: '^$' }

  try {
    const parser = new LuceneParser(pattern)

    return { ok: true, re2: `^(?:${parser.parse()})$` }
  } catch (caught) {
    if (!(caught instanceof RegexSyntaxError)) throw caught

    const code = caught.isUnsupported ? 'ERR_EQL_REGEX_UNSUPPORTED' : 'ERR_EQL_REGEX_SYNTAX'

    return { ok: false, code, message: caught.message, offset: caught.offset }
  }
}

class LuceneParser {
  readonly #text: string
  #pos = 0

  constructor(text: string) {
    this.#text = text
  }

  parse(): string {
    const result = this.#union()
    if (this.#pos < this.#text.length) {
      throw new RegexSyntaxError(`unexpected '${this.#peekChar()}'`, this.#pos)
    }

    return result
  }

  #union(): string {
    const left = this.#intersection()
    if (this.#match('|')) return `${left}|${this.#union()}`

    return left
  }

  #intersection(): string {
    const left = this.#concat()
    if (this.#peek('&')) {
      throw new RegexSyntaxError(
        "the intersection operator '&' has no RE2 equivalent",
        this.#pos,
        true,
      )
    }

    return left
  }

  #concat(): string {
    let out = this.#repeat()
    while (this.#more() && !this.#peek(')|&')) out += this.#repeat()

    return out
  }

  #repeat(): string {
    let atom = this.#complement()
    while (this.#peek('?*+{')) {
      const op = this.#next()
      atom = `(?:${atom})${op === '{' ? this.#bounds() : op}`
    }

    return atom
  }

  #bounds(): string {
    const start = this.#pos - 1
    const min = this.#digits()
    if (min === '') throw new RegexSyntaxError('integer expected in repeat bounds', this.#pos)

    let max = min
    if (this.#match(',')) max = this.#digits()
    if (!this.#match('}')) throw new RegexSyntaxError("expected '}'", this.#pos)
    if (max !== '' && Number(max) < Number(min)) {
      throw new RegexSyntaxError(
        `invalid repeat bounds '${this.#text.slice(start, this.#pos)}'`,
        start,
      )
    }

    if (Number(min) > 1000 || Number(max) > 1000) {
      throw new RegexSyntaxError('repeat counts above 1000 are not supported', start, true)
    }

    return max === min ? `{${min}}` : `{${min},${max}}`
  }

  #digits(): string {
    const start = this.#pos
    while (this.#more() && /[0-9]/.test(this.#peekChar())) this.#pos++

    return this.#text.slice(start, this.#pos)
  }

  #complement(): string {
    if (this.#peek('~')) {
      throw new RegexSyntaxError(
        "the complement operator '~' has no RE2 equivalent",
        this.#pos,
        true,
      )
    }

    return this.#charClass()
  }

  #charClass(): string {
    if (!this.#match('[')) return this.#simple()

    const negated = this.#match('^')
    let members = this.#classMember()
    while (this.#more() && !this.#peek(']')) members += this.#classMember()
    if (!this.#match(']')) throw new RegexSyntaxError("expected ']'", this.#pos)

    return negated ? `[^${members}]` : `[${members}]`
  }

  #classMember(): string {
    const start = this.#pos
    const from = this.#charExp()
    if (!this.#match('-')) return classChar(from)

    const to = this.#charExp()
    if (to < from) {
      throw new RegexSyntaxError(`invalid range '${this.#text.slice(start, this.#pos)}'`, start)
    }

    return `${classChar(from)}-${classChar(to)}`
  }

  #simple(): string {
    if (this.#match('.')) return '(?s:.)'
    if (this.#match('#')) return '[^\\x{0}-\\x{10FFFF}]'
    if (this.#match('@')) return '(?s:.*)'
    if (this.#match('"')) return this.#quoted()
    if (this.#match('(')) return this.#group()
    if (this.#match('<')) return this.#interval()

    return literalChar(this.#charExp())
  }

  #quoted(): string {
    const start = this.#pos
    const end = this.#text.indexOf('"', start)
    if (end < 0) throw new RegexSyntaxError("expected '\"'", start - 1)

    this.#pos = end + 1

    return Array.from(this.#text.slice(start, end), (c) => literalChar(c.codePointAt(0) ?? 0)).join(
      '',
    )
  }

  #group(): string {
    if (this.#match(')')) return '(?:)'

    const start = this.#pos - 1
    const inner = this.#union()
    if (!this.#match(')')) throw new RegexSyntaxError("expected ')'", start)

    return `(?:${inner})`
  }

  #interval(): string {
    const start = this.#pos - 1
    const end = this.#text.indexOf('>', this.#pos)
    if (end < 0) throw new RegexSyntaxError("expected '>'", start)

    const body = this.#text.slice(this.#pos, end)
    this.#pos = end + 1
    const match = /^([0-9]+)-([0-9]+)$/.exec(body)
    if (match === null) {
      if (!body.includes('-')) {
        throw new RegexSyntaxError(`named automaton '<${body}>' is not defined`, start, true)
      }

      throw new RegexSyntaxError(`invalid interval '<${body}>'`, start)
    }

    const [, low = '', high = ''] = match
    const digits = low.length === high.length ? low.length : 0

    return decimalIntervalRe2(BigInt(low), BigInt(high), digits)
  }

  #charExp(): number {
    this.#match('\\')
    if (!this.#more()) throw new RegexSyntaxError('unexpected end of pattern', this.#pos)

    const code = this.#text.codePointAt(this.#pos) ?? 0
    this.#pos += code > 0xffff ? 2 : 1

    return code
  }

  #more(): boolean {
    return this.#pos < this.#text.length
  }

  #peekChar(): string {
    return String.fromCodePoint(this.#text.codePointAt(this.#pos) ?? 0)
  }

  #peek(chars: string): boolean {
    return this.#more() && chars.includes(this.#text.charAt(this.#pos))
  }

  #match(char: string): boolean {
    if (this.#text.charAt(this.#pos) !== char) return false

    this.#pos++

    return true
  }

  #next(): string {
    return this.#text.charAt(this.#pos++)
  }
}

function literalChar(code: number): string {
  const char = String.fromCodePoint(code)
  if (RE2_META.has(char)) return `\\${char}`
  if (code < 0x20 || code === 0x7f || code > 0x7e) return `\\x{${code.toString(16)}}`

  return char
}

function classChar(code: number): string {
  const char = String.fromCodePoint(code)
  if (CLASS_META.has(char)) return `\\${char}`
  if (code < 0x20 || code > 0x7e) return `\\x{${code.toString(16)}}`

  return char
}
