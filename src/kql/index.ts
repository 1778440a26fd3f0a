/**
 * @module kql
 * The Kibana Query Language: a faithful port of Kibana's grammar into a syntax tree, with
 * positioned diagnostics (`ERR_KQL_*`), Lucene detection and a printer.
 */
import { fail, ok, QueryError, SourceText } from '../syntax/index.ts'
import type { Result } from '../syntax/index.ts'
import type { KqlNode } from './ast.ts'
import { diagnoseFailure } from './diagnose.ts'
import { findLuceneInFailure, findLuceneInTree, luceneLanguage } from './lucene.ts'
import { parseTree } from './parser.ts'
import { collectWarnings } from './warnings.ts'

export type {
  KqlAnd,
  KqlIs,
  KqlLiteral,
  KqlMatchAll,
  KqlNested,
  KqlNode,
  KqlNot,
  KqlOr,
  KqlRange,
  KqlRangeOperator,
  KqlValueAnd,
  KqlValueExpr,
  KqlValueNot,
  KqlValueOr,
} from './ast.ts'
export { isLoneWildcard, isWildcardLiteral, valueNeeds } from './ast.ts'
export type { KqlDiagnosticCode } from './codes.ts'
export { KQL_DIAGNOSTIC_CODES } from './codes.ts'
export { printKql, printLiteral } from './print.ts'

/** Options for {@link parseKql}. */
export interface ParseKqlOptions {
  /** What diagnostics name as the file (a rule path); default `<query>`. */
  readonly source?: string
  /** The rule's `language`; `lucene` is refused with ERR_KQL_LUCENE_UNSUPPORTED. */
  readonly language?: 'kuery' | 'lucene'
}

/**
 * Parses a KQL query exactly as Kibana's grammar does. On success the diagnostics hold only
 * warnings; on failure they hold one error with the position of the problem.
 */
export function parseKql(text: string, options: ParseKqlOptions = {}): Result<KqlNode> {
  const source = new SourceText(options.source ?? '<query>', text)
  if (options.language === 'lucene') return fail([luceneLanguage(source)])

  const parsed = parseTree(source)
  if (!parsed.ok) {
    const lucene = findLuceneInFailure(source, parsed.failure.offset)

    return fail([lucene ?? diagnoseFailure(source, parsed.failure)])
  }

  const lucene = findLuceneInTree(source, parsed.node)
  if (lucene !== null) return fail([lucene])

  return ok(parsed.node, collectWarnings(source, parsed.node))
}

/** Like {@link parseKql} but throws a `QueryError` carrying the diagnostics. */
export function parseKqlOrThrow(text: string, options: ParseKqlOptions = {}): KqlNode {
  const result = parseKql(text, options)
  if (!result.ok) throw new QueryError(result.diagnostics)

  return result.value
}
