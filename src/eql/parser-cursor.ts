import type { Diagnostic, SourceText, Span } from '../syntax/index.ts'
import { error } from '../syntax/index.ts'
import type { Token } from './tokens.ts'
import { describeToken, isToken, KEYWORDS } from './tokens.ts'

/**
 * How deep expressions may nest (parentheses, `not`, unary minus, calls, operator chains). Deep
 * enough for any real rule, shallow enough that no later recursive pass overflows the stack.
 */
export const MAX_NESTING = 200

/** Thrown inside the parser to unwind at the first syntax error; never escapes `parseEql`. */
export class SyntaxStop extends Error {}

/**
 * The token cursor shared by the query and expression parsers. Syntax errors stop the parse
 * (one per query, ES/eql behaviour); `report` collects non-fatal semantic problems.
 */
export class ParserCursor {
  readonly source: SourceText
  readonly diagnostics: Diagnostic[] = []
  readonly #tokens: readonly Token[]
  readonly #sourceName: string | undefined
  #index = 0
  #depth = 0
  #lastEnd = 0

  constructor(tokens: readonly Token[], source: SourceText, sourceName: string | undefined) {
    this.#tokens = tokens
    this.source = source
    this.#sourceName = sourceName
  }

  /** The token `ahead` positions after the current one (the final `eof` repeats). */
  peek(ahead = 0): Token {
    const last = this.#tokens.length - 1
    const token = this.#tokens[Math.min(this.#index + ahead, last)]
    if (token === undefined) throw new Error('token stream has no eof token')

    return token
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const token = this.peek()
    if (token.kind !== 'eof') this.#index++
    this.#lastEnd = token.end

    return token
  }

  /** Whether the current token is the operator or keyword `text`. */
  isAt(text: string): boolean {
    return isToken(this.peek(), text)
  }

  /** Consumes the current token when it is `text`. */
  accept(text: string): Token | undefined {
    return this.isAt(text) ? this.next() : undefined
  }

  /** Consumes `text` or stops with "expected `what` but found ...". */
  expect(text: string, what = `"${text}"`): Token {
    const token = this.accept(text)
    if (token === undefined) this.failExpected(what)

    return token
  }

  /** Stops with ERR_EQL_UNEXPECTED_TOKEN at the current token. */
  failExpected(what: string, hint = ''): never {
    const token = this.peek()
    const isUpperKeyword = token.kind === 'name' && KEYWORDS.has(token.text.toLowerCase())
    const extra = hint === '' && isUpperKeyword ? '; keywords are lowercase' : hint
    const message = `expected ${what} but found ${describeToken(token)}${extra}`

    return this.fail('ERR_EQL_UNEXPECTED_TOKEN', message, token.start, token.end)
  }

  /** Records a syntax error and unwinds the parse. */
  fail(code: string, message: string, start: number, end: number): never {
    this.report(code, message, start, end)
    throw new SyntaxStop(message)
  }

  /** Records a problem and lets parsing go on. */
  report(code: string, message: string, start: number, end: number): void {
    this.diagnostics.push(error(code, message, this.source.spanAt(start, end), this.#sourceName))
  }

  /** Enters one nesting level; stops with ERR_EQL_NESTING_TOO_DEEP past {@link MAX_NESTING}. */
  enter(token: Token, extra = 0): void {
    this.#depth++
    if (this.#depth + extra > MAX_NESTING) {
      const message = `expression nests deeper than ${MAX_NESTING} levels`
      this.fail('ERR_EQL_NESTING_TOO_DEEP', message, token.start, token.end)
    }
  }

  /** Leaves one nesting level. */
  leave(): void {
    this.#depth--
  }

  /** The span from `start` to the end of the last consumed token. */
  spanFrom(start: number): Span {
    return this.source.spanAt(start, this.#lastEnd)
  }

  /** The span of a token. */
  spanOf(token: Token): Span {
    return this.source.spanAt(token.start, token.end)
  }
}

/** The span from the start of `first` to the end of `last`. */
export function joinSpans(first: Span, last: Span): Span {
  return { start: first.start, end: last.end }
}
