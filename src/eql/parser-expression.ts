import type { Arithmetic, Comparison, Expression, Field, Literal, Match } from './ast.ts'
import { ENDGAME_FUNCTIONS, findFunction, suggestFunctions } from './functions.ts'
import type { ParserCursor } from './parser-cursor.ts'
import { joinSpans } from './parser-cursor.ts'
import type { Token } from './tokens.ts'
import { describeToken } from './tokens.ts'

type ComparisonOperator = Comparison['operator']
type MatchOperator = Match['operator']
type ArithmeticOperator = Arithmetic['operator']

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>='])
const MATCH_OPERATORS: ReadonlySet<string> = new Set([':', 'like', 'like~', 'regex', 'regex~'])
// * / % bind tighter than + - (ES grammar operatorExpression)
const ARITHMETIC_PRECEDENCE: Readonly<Record<string, number>> = {
  '+': 1,
  '-': 1,
  '*': 2,
  '/': 2,
  '%': 2,
}
// Endgame lineage checks: `descendant of [...]` etc. (ES syntax reference, differences)
const LINEAGE_WORDS: ReadonlySet<string> = new Set(['child', 'descendant', 'event'])
// integers are Java longs in ES; compared exactly, as a double cannot hold this value
const LONG_MAX = 9223372036854775807n

/**
 * Parses one expression: or > and > not > comparison > arithmetic > predicate (`in`, `:`,
 * `like`, `regex`) > primary, loosest first, as in the ES grammar.
 */
export function parseExpression(p: ParserCursor): Expression {
  p.enter(p.peek())
  const expression = parseLogical(p, 'or')
  p.leave()

  return expression
}

function parseLogical(p: ParserCursor, operator: 'and' | 'or'): Expression {
  const parseOperand = operator === 'or' ? (q: ParserCursor) => parseLogical(q, 'and') : parseNot
  const first = parseOperand(p)
  if (!p.isAt(operator)) return first
  const operands = [first]
  while (p.accept(operator) !== undefined) operands.push(parseOperand(p))
  const last = operands.at(-1) ?? first

  return { kind: 'Logical', operator, operands, span: joinSpans(first.span, last.span) }
}

function parseNot(p: ParserCursor): Expression {
  const token = p.peek()
  if (p.accept('not') === undefined) return parseComparison(p)
  p.enter(token)
  const operand = parseNot(p)
  p.leave()

  return { kind: 'Not', operand, span: joinSpans(p.spanOf(token), operand.span) }
}

function parseComparison(p: ParserCursor): Expression {
  rejectLineage(p)
  const left = parseArithmetic(p, 1, 0)
  const token = p.peek()
  if (token.kind === 'op' && token.text === '=') {
    const message = 'expected "==" but found "="'
    p.fail('ERR_EQL_SINGLE_EQUALS', message, token.start, token.end)
  }

  if (!isComparisonOperator(token)) return left
  p.next()
  const right = parseArithmetic(p, 1, 0)
  const following = p.peek()
  if (isComparisonOperator(following) || following.text === '=') {
    const message = `comparison cannot be chained with ${describeToken(following)}; join comparisons with "and"`
    p.fail('ERR_EQL_CHAINED_COMPARISON', message, following.start, following.end)
  }

  const operator = token.text as ComparisonOperator

  return { kind: 'Comparison', operator, left, right, span: joinSpans(left.span, right.span) }
}

function parseArithmetic(p: ParserCursor, minPrecedence: number, chain: number): Expression {
  let left = parseUnary(p)
  let length = chain
  for (;;) {
    const token = p.peek()
    const precedence = token.kind === 'op' ? ARITHMETIC_PRECEDENCE[token.text] : undefined
    if (precedence === undefined || precedence < minPrecedence) return left
    p.next()
    // a long operator chain builds a deep left-nested tree: count it against the nesting limit
    length++
    p.enter(token, length)
    p.leave()
    const right = parseArithmetic(p, precedence + 1, length)
    const operator = token.text as ArithmeticOperator
    left = { kind: 'Arithmetic', operator, left, right, span: joinSpans(left.span, right.span) }
  }
}

function parseUnary(p: ParserCursor): Expression {
  const token = p.peek()
  if (!p.isAt('-') && !p.isAt('+')) return parsePredicate(p)
  p.next()
  p.enter(token)
  const operand = parseUnary(p)
  p.leave()
  const span = joinSpans(p.spanOf(token), operand.span)
  if (token.text === '+') return operand.kind === 'Literal' ? { ...operand, span } : operand
  if (operand.kind === 'Literal' && typeof operand.value === 'number') {
    return { ...operand, value: -operand.value, span }
  }

  return { kind: 'Negate', operand, span }
}

// ES attaches a predicate to a primary expression: `a + b in (1)` is `a + (b in (1))`
function parsePredicate(p: ParserCursor): Expression {
  const subject = parsePrimary(p)
  const token = p.peek()
  if (p.isAt('not')) {
    p.next()
    const inToken = p.peek()
    if (!p.isAt('in') && !p.isAt('in~')) p.failExpected('"in" or "in~" after "not"')
    p.next()

    return parseIn(p, subject, inToken, true)
  }

  if (p.isAt('in') || p.isAt('in~')) return parseIn(p, subject, p.next(), false)
  if ((token.kind === 'op' || token.kind === 'keyword') && MATCH_OPERATORS.has(token.text)) {
    p.next()

    return parseMatch(p, subject, token.text as MatchOperator)
  }

  return subject
}

function parseIn(
  p: ParserCursor,
  subject: Expression,
  token: Token,
  isNegated: boolean,
): Expression {
  p.expect('(', `"(" after "${token.text}"`)
  p.enter(token)
  const values = [parseExpression(p)]
  while (p.accept(',') !== undefined) values.push(parseExpression(p))
  p.expect(')', '"," or ")"')
  p.leave()
  const isCaseInsensitive = token.text === 'in~'

  return { kind: 'In', isCaseInsensitive, isNegated, subject, values, span: spanTo(p, subject) }
}

function parseMatch(p: ParserCursor, subject: Expression, operator: MatchOperator): Expression {
  const patterns: Literal[] = []
  if (p.accept('(') !== undefined) {
    addPattern(p, patterns)
    while (p.accept(',') !== undefined) addPattern(p, patterns)
    p.expect(')', '"," or ")"')
  } else addPattern(p, patterns)

  return { kind: 'Match', operator, subject, patterns, span: spanTo(p, subject) }
}

// patterns are constants in the ES grammar; anything else is reported and left out of the node
function addPattern(p: ParserCursor, patterns: Literal[]): void {
  const start = p.peek()
  const pattern = parseUnary(p)
  if (pattern.kind === 'Literal' && typeof pattern.value === 'string') {
    patterns.push(pattern)

    return
  }

  const written = p.source.text.slice(start.start, pattern.span.end.offset)
  const message = `expected a string pattern but found ${quote(written)}`
  p.report('ERR_EQL_PATTERN_TYPE', message, pattern.span.start.offset, pattern.span.end.offset)
}

function parsePrimary(p: ParserCursor): Expression {
  const token = p.peek()
  switch (token.kind) {
    case 'number':
      return parseNumber(p, p.next())
    case 'string':
      p.next()

      return literal(p, token, token.value, false)
    case 'quoted':
      return parseField(p, token.start, false)
    case 'name':
      return p.peek(1).text === '(' && p.peek(1).kind === 'op' ? parseCall(p) : parseNamed(p)
    case 'keyword':
      return parseKeywordPrimary(p, token)
    case 'op':
      return parseOperatorPrimary(p, token)
    case 'invalid':
    case 'eof':
      return p.failExpected('an expression')
  }
}

function parseKeywordPrimary(p: ParserCursor, token: Token): Expression {
  if (token.text === 'true' || token.text === 'false') {
    p.next()

    return literal(p, token, token.text === 'true', false)
  }

  if (token.text === 'null') {
    p.next()

    return literal(p, token, null, false)
  }

  return p.failExpected('an expression')
}

function parseOperatorPrimary(p: ParserCursor, token: Token): Expression {
  if (token.text === '?') {
    p.next()
    const name = p.peek()
    if (name.kind !== 'quoted' && (name.kind !== 'name' || name.text.endsWith('~'))) {
      p.failExpected('a field name after "?"')
    }

    return parseField(p, token.start, true)
  }

  if (token.text !== '(') return p.failExpected('an expression')
  p.next()
  p.enter(token)
  const inner = parseLogical(p, 'or')
  p.expect(')', '")"')
  p.leave()

  return inner
}

function parseNumber(p: ParserCursor, token: Token): Literal {
  const value = token.value as number
  const isTooLarge = token.isInteger ? BigInt(token.text) > LONG_MAX : !Number.isFinite(value)
  if (isTooLarge) {
    const message = `number ${token.text} is too large`
    p.report('ERR_EQL_NUMBER_TOO_LARGE', message, token.start, token.end)
  }

  return literal(p, token, value, token.isInteger)
}

function parseNamed(p: ParserCursor): Expression {
  const token = p.peek()
  if (token.text.endsWith('~'))
    p.failExpected('a field name or a function call', '; "~" only follows a function name')

  return parseField(p, token.start, false)
}

// qualifiedName: identifier (DOT identifier)*; array indexes are Endgame-only
function parseField(p: ParserCursor, start: number, isOptional: boolean): Field {
  const segments = [fieldSegment(p)]
  for (;;) {
    if (p.accept('.') !== undefined) {
      segments.push(fieldSegment(p))
    } else if (p.isAt('[') && p.peek(1).kind === 'number') {
      const open = p.peek()
      const message = 'array indexes like "[0]" are not supported by elasticsearch eql'
      p.fail('ERR_EQL_UNSUPPORTED', message, open.start, p.peek(2).end)
    } else break
  }

  return { kind: 'Field', path: segments.join('.'), isOptional, span: p.spanFrom(start) }
}

function fieldSegment(p: ParserCursor): string {
  const token = p.peek()
  if (token.kind === 'quoted' || (token.kind === 'name' && !token.text.endsWith('~'))) {
    p.next()

    return String(token.value)
  }

  const hint = token.kind === 'keyword' ? `; back-quote a keyword used as a field name` : ''

  return p.failExpected('a field name', hint)
}

function parseCall(p: ParserCursor): Expression {
  const nameToken = p.next()
  p.next()
  p.enter(nameToken)
  const args: Expression[] = []
  if (!p.isAt(')')) {
    args.push(parseExpression(p))
    while (p.accept(',') !== undefined) args.push(parseExpression(p))
  }

  p.expect(')', '"," or ")"')
  p.leave()
  const isCaseInsensitive = nameToken.text.endsWith('~')
  const baseName = isCaseInsensitive ? nameToken.text.slice(0, -1) : nameToken.text
  const signature = findFunction(baseName)
  const span = p.spanFrom(nameToken.start)
  if (signature !== undefined) {
    return { kind: 'FunctionCall', name: signature.name, isCaseInsensitive, args, span }
  }

  reportUnknownFunction(p, nameToken, baseName)

  // a placeholder keeps parsing (and the other checks) going; the result is a failure anyway
  return { kind: 'Literal', value: null, isInteger: false, span }
}

function reportUnknownFunction(p: ParserCursor, token: Token, name: string): void {
  const end = token.start + name.length
  const endgame = ENDGAME_FUNCTIONS.get(name.toLowerCase())
  if (endgame !== undefined) {
    const message = `function "${name}" is not supported by elasticsearch eql; ${endgame}`
    p.report('ERR_EQL_UNSUPPORTED', message, token.start, end)

    return
  }

  const suggestions = suggestFunctions(name)
  const hint =
    suggestions.length === 0
      ? ''
      : `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}`
  p.report('ERR_EQL_UNKNOWN_FUNCTION', `unknown function "${name}"${hint}`, token.start, end)
}

function rejectLineage(p: ParserCursor): void {
  const token = p.peek()
  if (token.kind !== 'name' || !LINEAGE_WORDS.has(token.text) || p.peek(1).text !== 'of') return
  const message = `lineage "${token.text} of" is not supported by elasticsearch eql`
  p.fail('ERR_EQL_UNSUPPORTED', message, token.start, p.peek(1).end)
}

function isComparisonOperator(token: Token): boolean {
  return token.kind === 'op' && COMPARISON_OPERATORS.has(token.text)
}

function literal(
  p: ParserCursor,
  token: Token,
  value: Literal['value'],
  isInteger: boolean,
): Literal {
  return { kind: 'Literal', value, isInteger, span: p.spanOf(token) }
}

function spanTo(p: ParserCursor, first: Expression): ReturnType<ParserCursor['spanFrom']> {
  return p.spanFrom(first.span.start.offset)
}

function quote(text: string): string {
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`
}
