import type {
  Duration,
  EventFilter,
  EventQuery,
  Field,
  Pipe,
  Query,
  SampleFilter,
  SampleQuery,
  SequenceQuery,
  SequenceStep,
} from './ast.ts'
import type { ParserCursor } from './parser-cursor.ts'
import { parseExpression } from './parser-expression.ts'
import type { Token } from './tokens.ts'

type TimeUnit = Duration['unit']

// ES time units for maxspan (LogicalPlanBuilder accepts exactly these)
const UNIT_MILLISECONDS: Readonly<Record<TimeUnit, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}
// Endgame pipes Elasticsearch rejects (ES pipe reference lists only head and tail)
const ENDGAME_PIPES: ReadonlySet<string> = new Set([
  'count',
  'unique',
  'unique_count',
  'filter',
  'sort',
  'window',
])
const INT_MAX = 2147483647

/** Parses a whole query: an event query, a sequence or a sample, then the end of input. */
export function parseQuery(p: ParserCursor): Query {
  const query = parseQueryBody(p)
  if (p.peek().kind !== 'eof') {
    const what = query.kind === 'SampleQuery' ? 'end of input' : '"|" or end of input'
    p.failExpected(what)
  }

  return query
}

function parseQueryBody(p: ParserCursor): Query {
  const token = p.peek()
  if (p.isAt('sequence')) return parseSequence(p)
  if (p.isAt('sample')) return parseSample(p)
  if (p.isAt('join')) {
    const message = 'join queries are not supported by elasticsearch eql; use a sequence'
    p.fail('ERR_EQL_UNSUPPORTED', message, token.start, token.end)
  }

  if (token.kind === 'name' && token.text === 'fork') {
    const message = 'fork is not supported by elasticsearch eql'
    p.fail('ERR_EQL_UNSUPPORTED', message, token.start, token.end)
  }

  const filter = parseEventFilter(p)
  const pipes = parsePipes(p)

  return { kind: 'EventQuery', filter, pipes, span: p.spanFrom(token.start) } satisfies EventQuery
}

/** `category where condition`, `any where ...`, `"quoted category" where ...`. */
function parseEventFilter(p: ParserCursor): EventFilter {
  const token = p.peek()
  let category: string | null
  if (p.accept('any') !== undefined) category = null
  else if (token.kind === 'string' || (token.kind === 'name' && !token.text.endsWith('~'))) {
    p.next()
    category = String(token.value)
  } else return p.failExpected('an event category or "any"')

  p.expect('where', '"where"')
  const condition = parseExpression(p)

  return { kind: 'EventFilter', category, condition, span: p.spanFrom(token.start) }
}

function parsePipes(p: ParserCursor): Pipe[] {
  const pipes: Pipe[] = []
  for (let bar = p.accept('|'); bar !== undefined; bar = p.accept('|'))
    pipes.push(parsePipe(p, bar))

  return pipes
}

function parsePipe(p: ParserCursor, bar: Token): Pipe {
  const token = p.peek()
  if (token.kind !== 'name') return p.failExpected('a pipe name')
  p.next()
  if (token.text !== 'head' && token.text !== 'tail') {
    const isEndgame = ENDGAME_PIPES.has(token.text) || token.text === 'fork'
    const code = isEndgame ? 'ERR_EQL_UNSUPPORTED' : 'ERR_EQL_UNKNOWN_PIPE'
    const message = isEndgame
      ? `pipe "${token.text}" is not supported by elasticsearch eql; only head and tail are`
      : `unknown pipe "${token.text}"; expected "head" or "tail"`
    p.fail(code, message, token.start, token.end)
  }

  const count = parsePipeCount(p, token.text)

  return { kind: 'Pipe', name: token.text, count, span: p.spanFrom(bar.start) }
}

function parsePipeCount(p: ParserCursor, name: string): number {
  const token = p.peek()
  const sign = p.isAt('-') ? p.peek(1) : token
  const isNumber = sign.kind === 'number'
  const isValid = isNumber && sign === token && sign.isInteger && (sign.value as number) <= INT_MAX
  if (!isValid) {
    const end = isNumber ? sign.end : token.end
    const found = isNumber ? p.source.text.slice(token.start, end) : token.text || 'end of input'
    const message = `pipe "${name}" expects a non-negative integer but found "${found}"`
    p.fail('ERR_EQL_PIPE_ARGUMENT', message, token.start, end)
  }

  p.next()
  const extra = p.peek()
  if (p.isAt(',')) {
    p.fail(
      'ERR_EQL_PIPE_ARGUMENT',
      `pipe "${name}" takes exactly one argument`,
      extra.start,
      extra.end,
    )
  }

  return token.value as number
}

function parseSequence(p: ParserCursor): SequenceQuery {
  const start = p.next().start
  let joinKeys = parseJoinKeys(p)
  let maxspan: Duration | null = null
  if (p.isAt('with')) maxspan = parseMaxspan(p)
  if (joinKeys.length === 0 && maxspan !== null && p.isAt('by')) {
    const by = p.peek()
    const message = 'sequence "by" must come before "with maxspan", not after'
    p.report('ERR_EQL_BY_AFTER_WITH', message, by.start, by.end)
    joinKeys = parseJoinKeys(p)
  }

  const steps = [parseStep(p, true)]
  while (p.isAt('[') || p.isAt('![')) steps.push(parseStep(p, true))
  const until = p.accept('until') === undefined ? null : parseStep(p, false)
  const pipes = parsePipes(p)

  return { kind: 'SequenceQuery', joinKeys, maxspan, steps, until, pipes, span: p.spanFrom(start) }
}

function parseMaxspan(p: ParserCursor): Duration {
  p.next()
  const option = p.peek()
  if (!p.isAt('maxspan')) {
    const message = `unknown sequence option ${describe(option)}; expected "maxspan"`
    p.fail('ERR_EQL_UNKNOWN_OPTION', message, option.start, option.end)
  }

  p.next()
  p.expect('=', '"=" after "maxspan"')
  const token = p.peek()
  if (token.kind !== 'number') {
    const message = `maxspan expects a positive integer with a time unit but found ${describe(token)}`
    p.fail('ERR_EQL_MAXSPAN_VALUE', message, token.start, token.end)
  }

  p.next()

  return parseTimeUnit(p, token)
}

// timeUnit: number IDENTIFIER? — "5m" and "5 m" both lex as a number then a name
function parseTimeUnit(p: ParserCursor, number: Token): Duration {
  const unitToken = p.peek()
  const value = number.value as number
  if (unitToken.kind !== 'name' || !(unitToken.text in UNIT_MILLISECONDS)) {
    const isMissing = unitToken.kind !== 'name'
    const message = isMissing
      ? `maxspan ${number.text} has no time unit; did you mean "${number.text}s"`
      : `unknown time unit "${unitToken.text}"; expected one of ms, s, m, h, d`
    const [from, to] = isMissing ? [number.start, number.end] : [unitToken.start, unitToken.end]
    p.fail('ERR_EQL_TIME_UNIT', message, from, to)
  }

  p.next()
  const unit = unitToken.text as TimeUnit
  if (!number.isInteger) {
    const message = `maxspan must be a whole number but found "${number.text}"`
    p.report('ERR_EQL_MAXSPAN_VALUE', message, number.start, unitToken.end)
  }

  const milliseconds = value * UNIT_MILLISECONDS[unit]

  return { kind: 'Duration', value, unit, milliseconds, span: p.spanFrom(number.start) }
}

/** `[filter] by keys with runs=N`, `![filter] ...` (missing event); until steps take neither. */
function parseStep(p: ParserCursor, isFull: boolean): SequenceStep {
  const open = p.peek()
  const isMissing = isFull && p.isAt('![')
  if (!isMissing) p.expect('[', isFull ? '"[" or "!["' : '"["')
  else p.next()

  const filter = parseEventFilter(p)
  p.expect(']', '"]"')
  const joinKeys = parseJoinKeys(p)
  const runs = p.isAt('with') ? parseRuns(p, isFull) : 1

  return { kind: 'SequenceStep', filter, joinKeys, runs, isMissing, span: p.spanFrom(open.start) }
}

function parseRuns(p: ParserCursor, isAllowed: boolean): number {
  const withToken = p.next()
  const option = p.peek()
  if (!isAllowed || option.kind !== 'name' || option.text !== 'runs') {
    const message = isAllowed
      ? `unknown step option ${describe(option)}; expected "runs"`
      : 'until takes no "with" options'
    const token = isAllowed ? option : withToken
    p.fail('ERR_EQL_UNKNOWN_OPTION', message, token.start, token.end)
  }

  p.next()
  p.expect('=', '"=" after "runs"')
  const token = p.peek()
  const isNegative = p.isAt('-') && p.peek(1).kind === 'number'
  const number = isNegative ? p.peek(1) : token
  if (number.kind !== 'number') return p.failExpected('an integer after "runs="')
  p.next()
  if (isNegative) p.next()
  const value = (isNegative ? -1 : 1) * (number.value as number)
  if (!number.isInteger || value < 1 || value > 100) {
    const written = p.source.text.slice(token.start, number.end)
    const message = `runs must be an integer from 1 to 100 but found "${written}"`
    p.report('ERR_EQL_RUNS_RANGE', message, token.start, number.end)
  }

  return value
}

function parseSample(p: ParserCursor): SampleQuery {
  const start = p.next().start
  const joinKeys = parseJoinKeys(p)
  const filters: SampleFilter[] = [parseSampleFilter(p)]
  while (p.isAt('[')) filters.push(parseSampleFilter(p))
  const bar = p.peek()
  const pipes = parsePipes(p)
  const span = p.spanFrom(start)
  if (pipes.length > 0) {
    const message = 'sample queries take no pipes'
    p.report('ERR_EQL_SAMPLE_PIPES', message, bar.start, pipes.at(-1)?.span.end.offset ?? bar.end)
  }

  return { kind: 'SampleQuery', joinKeys, filters, span }
}

function parseSampleFilter(p: ParserCursor): SampleFilter {
  const open = p.peek()
  if (p.isAt('![')) {
    const message = 'missing-event filters "![" are only allowed in sequences'
    p.fail('ERR_EQL_UNEXPECTED_TOKEN', message, open.start, open.end)
  }

  p.expect('[', '"["')
  const filter = parseEventFilter(p)
  p.expect(']', '"]"')
  const joinKeys = parseJoinKeys(p)

  return { kind: 'SampleFilter', filter, joinKeys, span: p.spanFrom(open.start) }
}

/** `by k1, k2`; keys must be plain fields (expression keys are Endgame-only). */
function parseJoinKeys(p: ParserCursor): Field[] {
  const keys: Field[] = []
  if (p.accept('by') === undefined) return keys
  do {
    const key = parseExpression(p)
    if (key.kind === 'Field') keys.push(key)
    else {
      const written = p.source.text.slice(key.span.start.offset, key.span.end.offset)
      const message = `join key "${written}" must be a field`
      p.report('ERR_EQL_JOIN_KEY_NOT_FIELD', message, key.span.start.offset, key.span.end.offset)
    }
  } while (p.accept(',') !== undefined)

  return keys
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'end of input' : `"${token.text}"`
}
