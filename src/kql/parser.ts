import type { SourceText } from '../syntax/index.ts'
import type { KqlLiteral, KqlNode, KqlRangeOperator, KqlValueExpr } from './ast.ts'
import { isKqlSpace, isWordThenSpace, LiteralScanner } from './lexer.ts'
import type { RawLiteral } from './lexer.ts'

/**
 * A backtracking recursive-descent port of the Kibana KQL PEG (doc §1.1): every function tries
 * its alternatives in the grammar's order and returns the node and the offset after it, or null.
 * The furthest point any alternative failed at is kept for the error message, as a PEG does.
 */

interface Parsed<T> {
  readonly node: T
  readonly end: number
}

/** Why parsing stopped: the furthest failure and what would have been accepted there. */
export interface ParseFailure {
  readonly offset: number
  readonly expected: ReadonlySet<string>
  /** offset of a quoted string that runs to the end of the text, or -1 */
  readonly unclosedQuote: number
  /** offset of the bracket that went past {@link MAX_NESTING}, or -1 */
  readonly tooDeep: number
}

/** How deep brackets may nest; deeper input is refused instead of exhausting the stack. */
export const MAX_NESTING = 200

const RANGE_OPERATORS: readonly KqlRangeOperator[] = ['<=', '>=', '<', '>']

/** Parses a whole query; the tree or where and why it failed. */
export function parseTree(
  source: SourceText,
): { ok: true; node: KqlNode } | { ok: false; failure: ParseFailure } {
  const parser = new Parser(source)

  return parser.parseQuery()
}

class Parser {
  readonly #source: SourceText
  readonly #text: string
  readonly #scanner: LiteralScanner
  #furthest = -1
  #expected = new Set<string>()
  #depth = 0
  #tooDeep = -1

  constructor(source: SourceText) {
    this.#source = source
    this.#text = source.text
    this.#scanner = new LiteralScanner(this.#text, (offset, expected) => {
      this.#fail(offset, expected)
    })
  }

  parseQuery(): { ok: true; node: KqlNode } | { ok: false; failure: ParseFailure } {
    const start = this.#spaces(0)
    const query = this.#orQuery(start)
    const end = this.#spaces(query?.end ?? start)
    if (end === this.#text.length) {
      const node = query?.node ?? { kind: 'matchAll', span: this.#span(0, end) }

      return { ok: true, node }
    }

    this.#fail(end, 'end of query')
    const failure = {
      offset: this.#furthest,
      expected: this.#expected,
      unclosedQuote: this.#scanner.unclosedQuote,
      tooDeep: this.#tooDeep,
    }

    return { ok: false, failure }
  }

  #fail(offset: number, expected: string): void {
    if (offset > this.#furthest) {
      this.#furthest = offset
      this.#expected = new Set()
    }

    if (offset === this.#furthest) this.#expected.add(expected)
  }

  #span(start: number, end: number): KqlNode['span'] {
    return this.#source.spanAt(start, end)
  }

  #spaces(offset: number): number {
    let i = offset
    while (isKqlSpace(this.#text[i])) i++

    return i
  }

  // `Space+ word Space+`, the binary keyword rules `Or` and `And`
  #binaryKeyword(offset: number, word: string): number {
    const afterSpace = this.#spaces(offset)
    if (afterSpace === offset || !isWordThenSpace(this.#text, afterSpace, word)) {
      this.#fail(afterSpace, word.toUpperCase())

      return -1
    }

    return this.#spaces(afterSpace + word.length)
  }

  // `'not'i Space+`
  #notKeyword(offset: number): number {
    if (!isWordThenSpace(this.#text, offset, 'not')) {
      this.#fail(offset, 'NOT')

      return -1
    }

    return this.#spaces(offset + 3)
  }

  #char(offset: number, char: string): boolean {
    if (this.#text[offset] === char) return true

    this.#fail(offset, `"${char}"`)

    return false
  }

  #orQuery(offset: number): Parsed<KqlNode> | null {
    return this.#chain(
      offset,
      'or',
      (at) => this.#andQuery(at),
      (children, start, end) => ({
        kind: 'or',
        children,
        span: this.#span(start, end),
      }),
    )
  }

  #andQuery(offset: number): Parsed<KqlNode> | null {
    return this.#chain(
      offset,
      'and',
      (at) => this.#notQuery(at),
      (children, start, end) => ({
        kind: 'and',
        children,
        span: this.#span(start, end),
      }),
    )
  }

  // `head (Keyword operand)*`, folded into one n-ary node when there is more than one operand
  #chain<T extends { readonly span: KqlNode['span'] }>(
    offset: number,
    word: string,
    operand: (at: number) => Parsed<T> | null,
    build: (children: T[], start: number, end: number) => T,
  ): Parsed<T> | null {
    const head = operand(offset)
    if (head === null) return null

    const children = [head.node]
    let end = head.end
    for (;;) {
      const afterKeyword = this.#binaryKeyword(end, word)
      const next = afterKeyword === -1 ? null : operand(afterKeyword)
      if (next === null) break

      children.push(next.node)
      end = next.end
    }

    if (children.length === 1) return head

    return { node: build(children, head.node.span.start.offset, end), end }
  }

  #notQuery(offset: number): Parsed<KqlNode> | null {
    const afterNot = this.#notKeyword(offset)
    const negated = afterNot === -1 ? null : this.#subQuery(afterNot)
    if (negated !== null) {
      const span = this.#span(offset, negated.end)

      return { node: { kind: 'not', child: negated.node, span }, end: negated.end }
    }

    return this.#subQuery(offset)
  }

  #subQuery(offset: number): Parsed<KqlNode> | null {
    const group = this.#enclosed(offset, '(', ')', (at) => this.#orQuery(at))
    if (group !== null) return group

    return this.#nestedQuery(offset) ?? this.#expression(offset)
  }

  // `open Space* inner Space* close`
  #enclosed<T>(
    offset: number,
    open: string,
    close: string,
    inner: (at: number) => Parsed<T> | null,
  ): Parsed<T> | null {
    if (!this.#char(offset, open)) return null
    if (this.#depth >= MAX_NESTING || this.#tooDeep !== -1) {
      if (this.#tooDeep === -1) this.#tooDeep = offset

      return null
    }

    this.#depth++
    const body = inner(this.#spaces(offset + 1))
    this.#depth--
    if (body === null) return null

    const closeAt = this.#spaces(body.end)
    if (!this.#char(closeAt, close)) return null

    return { node: body.node, end: closeAt + 1 }
  }

  #nestedQuery(offset: number): Parsed<KqlNode> | null {
    const field = this.#literal(offset)
    if (field === null) return null

    const colon = this.#spaces(field.end)
    if (!this.#char(colon, ':')) return null

    const body = this.#enclosed(this.#spaces(colon + 1), '{', '}', (at) => this.#orQuery(at))
    if (body === null) return null

    const span = this.#span(field.node.span.start.offset, body.end)

    return { node: { kind: 'nested', path: field.node, query: body.node, span }, end: body.end }
  }

  #expression(offset: number): Parsed<KqlNode> | null {
    return this.#fieldRange(offset) ?? this.#fieldValue(offset) ?? this.#freeText(offset)
  }

  #fieldRange(offset: number): Parsed<KqlNode> | null {
    const field = this.#literal(offset)
    if (field === null) return null

    const at = this.#spaces(field.end)
    const operator = RANGE_OPERATORS.find((op) => this.#text.startsWith(op, at))
    if (operator === undefined) {
      this.#fail(at, 'range operator')

      return null
    }

    const value = this.#literal(this.#spaces(at + operator.length))
    if (value === null) return null

    const span = this.#span(field.node.span.start.offset, value.node.span.end.offset)
    const node: KqlNode = { kind: 'range', field: field.node, operator, value: value.node, span }

    return { node, end: value.end }
  }

  #fieldValue(offset: number): Parsed<KqlNode> | null {
    const field = this.#literal(offset)
    if (field === null) return null

    const colon = this.#spaces(field.end)
    if (!this.#char(colon, ':')) return null

    const value = this.#listOfValues(this.#spaces(colon + 1))
    if (value === null) return null

    const span = this.#span(field.node.span.start.offset, value.end)

    return { node: { kind: 'is', field: field.node, value: value.node, span }, end: value.end }
  }

  #freeText(offset: number): Parsed<KqlNode> | null {
    const value = this.#literal(offset)
    if (value === null) return null

    const node: KqlNode = { kind: 'is', field: null, value: value.node, span: value.node.span }

    return { node, end: value.end }
  }

  #listOfValues(offset: number): Parsed<KqlValueExpr> | null {
    const group = this.#enclosed(offset, '(', ')', (at) => this.#orList(at))

    return group ?? this.#literal(offset)
  }

  #orList(offset: number): Parsed<KqlValueExpr> | null {
    return this.#chain(
      offset,
      'or',
      (at) => this.#andList(at),
      (children, start, end) => ({
        kind: 'valueOr',
        children,
        span: this.#span(start, end),
      }),
    )
  }

  #andList(offset: number): Parsed<KqlValueExpr> | null {
    return this.#chain(
      offset,
      'and',
      (at) => this.#notList(at),
      (children, start, end) => ({
        kind: 'valueAnd',
        children,
        span: this.#span(start, end),
      }),
    )
  }

  #notList(offset: number): Parsed<KqlValueExpr> | null {
    const afterNot = this.#notKeyword(offset)
    const negated = afterNot === -1 ? null : this.#listOfValues(afterNot)
    if (negated !== null) {
      const span = this.#span(offset, negated.end)

      return { node: { kind: 'valueNot', child: negated.node, span }, end: negated.end }
    }

    return this.#listOfValues(offset)
  }

  #literal(offset: number): Parsed<KqlLiteral> | null {
    const raw = this.#scanner.literal(offset)

    return raw === null ? null : { node: this.#toLiteral(raw), end: raw.end }
  }

  #toLiteral(raw: RawLiteral): KqlLiteral {
    const text = raw.segments.join('*')
    const span = this.#span(raw.trimmedStart, raw.trimmedEnd)
    const isTyped = !raw.isQuoted && raw.segments.length === 1
    const type =
      isTyped && (text === 'true' || text === 'false')
        ? 'boolean'
        : isTyped && text === 'null'
          ? 'null'
          : 'string'

    return { kind: 'literal', text, segments: raw.segments, isQuoted: raw.isQuoted, type, span }
  }
}
