/**
 * @module eql
 * The EQL stage: lexer, parser, semantic checks and printer for the dialect Elasticsearch's EQL
 * accepts. `parseEql` turns query text into the syntax tree the compiler reads.
 */
import type { Diagnostic, Result } from '../syntax/index.ts'
import { error, fail, ok, QueryError, SourceText } from '../syntax/index.ts'
import type { Query } from './ast.ts'
import { checkQuery } from './check.ts'
import { lexEql } from './lexer.ts'
import { ParserCursor, SyntaxStop } from './parser-cursor.ts'
import { parseQuery } from './parser-query.ts'

export type {
  Arithmetic,
  Comparison,
  Duration,
  EventFilter,
  EventQuery,
  Expression,
  Field,
  FunctionCall,
  FunctionName,
  In,
  Literal,
  Logical,
  Match,
  Negate,
  Node,
  Not,
  Pipe,
  Query,
  SampleFilter,
  SampleQuery,
  SequenceQuery,
  SequenceStep,
} from './ast.ts'
export type { EqlDiagnosticCode } from './diagnostics/codes.ts'
export { EQL_DIAGNOSTIC_CODES } from './diagnostics/codes.ts'
export { printEql, printExpression } from './print.ts'
export type { FunctionSignature, ParameterSpec, ValueType } from './functions.ts'
export { listFunctions } from './functions.ts'
export { MAX_NESTING } from './parser-cursor.ts'

/** Options for {@link parseEql}. */
export interface ParseEqlOptions {
  /** Names the text in diagnostics (a rule file path, `<query>`); set as `Diagnostic.source`. */
  readonly source?: string
}

/**
 * Parses and checks an EQL query. Never throws for bad input: lexer errors, the first syntax
 * error and every semantic problem come back as diagnostics with `ERR_EQL_*` codes.
 *
 * @example
 * const result = parseEql('process where process.name == "cmd.exe"')
 * if (result.ok) compile(result.value)
 * else console.error(renderDiagnostics(result.diagnostics))
 */
export function parseEql(text: string, options: ParseEqlOptions = {}): Result<Query> {
  const source = new SourceText(options.source ?? '<query>', text)
  const lexed = lexEql(text)
  const cursor = new ParserCursor(lexed.tokens, source, options.source)
  for (const e of lexed.errors) cursor.report(e.code, e.message, e.start, e.end)
  const query = parseOrStop(cursor)
  const semantic: Diagnostic[] = []
  if (query !== undefined) {
    checkQuery(query, (code, message, span) => {
      semantic.push(error(code, message, span, options.source))
    })
  }

  const diagnostics = sortByPosition([...dedupe(cursor.diagnostics), ...semantic])

  return query !== undefined && diagnostics.length === 0 ? ok(query) : fail(diagnostics)
}

/**
 * Like {@link parseEql} but returns the query or throws a `QueryError` carrying the diagnostics.
 */
export function parseEqlOrThrow(text: string, options: ParseEqlOptions = {}): Query {
  const result = parseEql(text, options)
  if (!result.ok) throw new QueryError(result.diagnostics)

  return result.value
}

function parseOrStop(cursor: ParserCursor): Query | undefined {
  try {
    return parseQuery(cursor)
  } catch (caught) {
    if (caught instanceof SyntaxStop) return undefined
    throw caught
  }
}

// lexer and parser: at most one diagnostic per start offset, so a lexer error wins over the
// parse error it causes (semantic problems are all kept)
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>()

  return diagnostics.filter((d) => {
    if (seen.has(d.span.start.offset)) return false
    seen.add(d.span.start.offset)

    return true
  })
}

// stable: problems at one offset keep the order they were found in
function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset)
}
