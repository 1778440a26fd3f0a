import type { Token, TokenKind } from './tokens.ts'
import { KEYWORDS, OPERATORS } from './tokens.ts'

/** A lexer problem, in offsets; the parser turns it into a `Diagnostic`. */
export interface LexError {
  readonly code: string
  readonly message: string
  readonly start: number
  readonly end: number
}

/** The tokens of a query (always ending with `eof`) and every lexer problem found on the way. */
export interface LexResult {
  readonly tokens: readonly Token[]
  readonly errors: readonly LexError[]
}

// whitespace as the ES lexer defines it: space, tab, cr, lf only
const WHITESPACE = new Set([' ', '\t', '\r', '\n'])
// the ES lexer (STRING_ESCAPE) also takes \b \f \' beyond the documented \n \r \t \\ \";
// production rules use \'
// sticky, so matching starts at lastIndex without slicing the text
const NUMBER = /(?:\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/y
const UNICODE_ESCAPE = /\\u\{([0-9a-fA-F]{0,16})\}/y
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  "'": "'",
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '"': '"',
}

/** Splits EQL text into tokens. Never throws: problems become `errors` and recovery tokens. */
export function lexEql(text: string): LexResult {
  return new Lexer(text).run()
}

/** Whether a character can start an identifier (letters, `_`, `@` as in `@timestamp`). */
export function isIdentifierStart(char: string): boolean {
  return isLetter(char) || char === '_' || char === '@'
}

/** Whether a character can continue an identifier. */
export function isIdentifierPart(char: string): boolean {
  return isLetter(char) || isDigit(char) || char === '_'
}

class Lexer {
  readonly #text: string
  readonly #tokens: Token[] = []
  readonly #errors: LexError[] = []
  #pos = 0

  constructor(text: string) {
    this.#text = text
  }

  run(): LexResult {
    for (;;) {
      this.#skipTrivia()
      if (this.#pos >= this.#text.length) break
      this.#lexToken()
    }

    this.#push('eof', '', this.#text.length, this.#text.length)

    return { tokens: this.#tokens, errors: this.#errors }
  }

  #lexToken(): void {
    const char = this.#text.charAt(this.#pos)
    const next = this.#text.charAt(this.#pos + 1)
    if (char === '"') this.#lexString()
    else if (char === "'") this.#lexOldString("'", 'ERR_EQL_SINGLE_QUOTE', 'single-quoted string')
    else if (char === '?' && (next === '"' || next === "'")) this.#lexEndgameRaw()
    else if (char === '`') this.#lexQuotedName()
    else if (isDigit(char) || (char === '.' && isDigit(next) && !this.#followsName())) {
      this.#lexNumber()
    } else if (isIdentifierStart(char)) this.#lexName()
    else this.#lexOperator(char)
  }

  #skipTrivia(): void {
    const text = this.#text
    while (this.#pos < text.length) {
      const char = text.charAt(this.#pos)
      if (WHITESPACE.has(char)) this.#pos++
      else if (text.startsWith('//', this.#pos)) this.#skipLineComment()
      else if (text.startsWith('/*', this.#pos)) this.#skipBlockComment()
      else return
    }
  }

  #skipLineComment(): void {
    const end = this.#text.indexOf('\n', this.#pos)
    this.#pos = end === -1 ? this.#text.length : end + 1
  }

  // block comments nest, as in the ES grammar (BRACKETED_COMMENT is recursive)
  #skipBlockComment(): void {
    const start = this.#pos
    let depth = 0
    while (this.#pos < this.#text.length) {
      if (this.#text.startsWith('/*', this.#pos)) {
        depth++
        this.#pos += 2
      } else if (this.#text.startsWith('*/', this.#pos)) {
        depth--
        this.#pos += 2
        if (depth === 0) return
      } else this.#pos++
    }

    this.#error(
      'ERR_EQL_UNTERMINATED_COMMENT',
      'block comment is not closed with "*/"',
      start,
      start + 2,
    )
  }

  #lexString(): void {
    if (this.#text.startsWith('"""', this.#pos)) this.#lexRawString()
    else this.#lexEscapedString()
  }

  // """raw""": no escapes, one line, up to two extra quotes belong to the content (ES lexer)
  #lexRawString(): void {
    const start = this.#pos
    const text = this.#text
    let close = start + 3
    while (close < text.length && !text.startsWith('"""', close) && !isLineBreak(text, close)) {
      close++
    }

    if (!text.startsWith('"""', close)) {
      const message = 'raw string is not closed with """ on its line'
      this.#error('ERR_EQL_UNTERMINATED_STRING', message, start, close)
      this.#pushValue('string', text.slice(start + 3, close), start, close)
      this.#pos = close

      return
    }

    let end = close + 3
    for (let extra = 0; extra < 2 && text.charAt(end) === '"'; extra++) end++
    this.#pushValue('string', text.slice(start + 3, end - 3), start, end)
    this.#pos = end
  }

  #lexEscapedString(): void {
    const start = this.#pos
    const text = this.#text
    let value = ''
    let pos = start + 1
    while (pos < text.length) {
      const char = text.charAt(pos)
      if (char === '"') {
        this.#pushValue('string', value, start, pos + 1)
        this.#pos = pos + 1

        return
      }

      if (char === '\n' || char === '\r') break
      if (char === '\\') {
        const escape = this.#readEscape(pos)
        value += escape.value
        pos = escape.end
      } else {
        value += char
        pos++
      }
    }

    this.#error('ERR_EQL_UNTERMINATED_STRING', 'string is not closed with "\\""', start, pos)
    this.#pushValue('string', value, start, pos)
    this.#pos = pos
  }

  #readEscape(pos: number): { value: string; end: number } {
    const next = this.#text.charAt(pos + 1)
    const simple = SIMPLE_ESCAPES[next]
    if (simple !== undefined) return { value: simple, end: pos + 2 }
    if (next === 'u') return this.#readUnicodeEscape(pos)
    const end = next === '' || isLineBreak(this.#text, pos + 1) ? pos + 1 : pos + 2
    const written = this.#text.slice(pos, end)
    const message = `escape "${written}" is not supported; use \\n \\r \\t \\\\ \\" or \\u{hex}`
    this.#error('ERR_EQL_BAD_ESCAPE', message, pos, end)

    return { value: written, end }
  }

  // \u{XXXX} with 2 to 8 hex digits (ES syntax reference, "Escape characters")
  #readUnicodeEscape(pos: number): { value: string; end: number } {
    UNICODE_ESCAPE.lastIndex = pos
    const match = UNICODE_ESCAPE.exec(this.#text)
    const digits = match?.[1]
    if (match === null || digits === undefined) {
      this.#error('ERR_EQL_BAD_ESCAPE', 'unicode escape must look like "\\u{XXXX}"', pos, pos + 2)

      return { value: '', end: pos + 2 }
    }

    const end = pos + match[0].length
    const code = Number.parseInt(digits, 16)
    if (digits.length < 2 || digits.length > 8 || !(code <= 0x10ffff)) {
      const message = `unicode escape "${match[0]}" needs 2 to 8 hex digits naming a code point`
      this.#error('ERR_EQL_BAD_ESCAPE', message, pos, end)

      return { value: '', end }
    }

    return { value: String.fromCodePoint(code), end }
  }

  // Endgame/Python-only string forms: lexed whole so the error spans them, then rejected
  #lexOldString(quote: string, code: string, what: string): void {
    const start = this.#pos
    const prefix = quote === "'" ? 1 : 2
    let pos = start + prefix
    while (pos < this.#text.length && this.#text.charAt(pos) !== quote) {
      if (isLineBreak(this.#text, pos)) break
      pos += this.#text.charAt(pos) === '\\' && !isLineBreak(this.#text, pos + 1) ? 2 : 1
    }

    const isClosed = this.#text.charAt(pos) === quote
    const end = Math.min(isClosed ? pos + 1 : pos, this.#text.length)
    const written = this.#text.slice(start, end)
    const message = `${what} ${shorten(written)} is not supported; use "..." or """..."""`
    this.#error(code, message, start, end)
    this.#pushValue(
      'string',
      this.#text.slice(start + prefix, Math.max(start + prefix, pos)),
      start,
      end,
    )
    this.#pos = end
  }

  #lexEndgameRaw(): void {
    const quote = this.#text.charAt(this.#pos + 1)
    this.#lexOldString(quote, 'ERR_EQL_ENDGAME_RAW_STRING', 'endgame raw string')
  }

  #lexQuotedName(): void {
    const start = this.#pos
    const text = this.#text
    let value = ''
    let pos = start + 1
    while (pos < text.length) {
      if (text.charAt(pos) === '`') {
        // a doubled back-quote is a literal back-quote (ES syntax reference)
        if (text.charAt(pos + 1) !== '`') {
          this.#pushValue('quoted', value, start, pos + 1)
          this.#pos = pos + 1

          return
        }

        value += '`'
        pos += 2
      } else {
        value += text.charAt(pos)
        pos++
      }
    }

    const message = 'back-quoted field name is not closed with "`"'
    this.#error('ERR_EQL_UNTERMINATED_IDENTIFIER', message, start, start + 1)
    this.#pushValue('quoted', value, start, text.length)
    this.#pos = text.length
  }

  #lexNumber(): void {
    NUMBER.lastIndex = this.#pos
    const match = NUMBER.exec(this.#text)
    const written = match?.[0] ?? this.#text.charAt(this.#pos)
    const isInteger = match?.[1] === undefined && match?.[2] === undefined && written !== '.'
    const start = this.#pos
    this.#pos += written.length
    this.#tokens.push({
      kind: 'number',
      text: written,
      value: Number(written),
      isInteger,
      start,
      end: this.#pos,
    })
  }

  #lexName(): void {
    const start = this.#pos
    let pos = start + 1
    while (pos < this.#text.length && isIdentifierPart(this.#text.charAt(pos))) pos++
    // TILDE_IDENTIFIER: letter-initial name directly followed by "~" (functions, in~, like~)
    if (this.#text.charAt(pos) === '~' && isLetter(this.#text.charAt(start))) pos++
    const text = this.#text.slice(start, pos)
    this.#push(KEYWORDS.has(text) ? 'keyword' : 'name', text, start, pos)
    this.#pos = pos
  }

  #lexOperator(char: string): void {
    const start = this.#pos
    const op = OPERATORS.find((candidate) => this.#text.startsWith(candidate, start))
    if (op !== undefined) {
      this.#push('op', op, start, start + op.length)
      this.#pos += op.length

      return
    }

    const width = (char.codePointAt(0) ?? 0) > 0xffff ? 2 : 1
    const written = this.#text.slice(start, start + width)
    const message = `character ${JSON.stringify(written)} is not valid in eql`
    this.#error('ERR_EQL_UNEXPECTED_CHARACTER', message, start, start + width)
    this.#push('invalid', written, start, start + width)
    this.#pos += width
  }

  // ".5" is a number, but "a.5" / "x[0].5" is a dereference
  #followsName(): boolean {
    const last = this.#tokens.at(-1)
    if (last === undefined || last.end !== this.#pos) return false

    return last.kind === 'name' || last.kind === 'quoted' || last.text === ']' || last.text === ')'
  }

  #push(kind: TokenKind, text: string, start: number, end: number): void {
    this.#tokens.push({ kind, text, value: text, isInteger: false, start, end })
  }

  #pushValue(kind: TokenKind, value: string, start: number, end: number): void {
    const text = this.#text.slice(start, end)
    this.#tokens.push({ kind, text, value, isInteger: false, start, end })
  }

  #error(code: string, message: string, start: number, end: number): void {
    this.#errors.push({ code, message, start, end })
  }
}

function isLineBreak(text: string, at: number): boolean {
  const char = text.charAt(at)

  return char === '\n' || char === '\r'
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

function isLetter(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z')
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9'
}
