import { error } from '../syntax/index.ts'
import type { Diagnostic, SourceText } from '../syntax/index.ts'
import type { KqlLiteral, KqlNode, KqlValueExpr } from './ast.ts'

/**
 * Recognises queries that are clearly Lucene syntax (G20). In KQL those characters are ordinary,
 * so Kibana would run such a query as a literal match that can never be what the author meant;
 * we refuse it instead. Only unmistakable shapes are flagged, so real KQL values such as
 * `-c`, `/api/v1/secrets?limit*` or `*~/.ssh/*` still parse.
 */

const CODE = 'ERR_KQL_LUCENE_UNSUPPORTED'
const RANGE = /^[[{].*\sTO\s.*[\]}]$/s
const REGEX = /^\/.*(?:\.\*|\.\+|\[|\||\\[dws]).*\/$/s
// a single plain word: `backup.txt~` is a real file name, `jon~` and `jon~2` are fuzzy terms
const FUZZY = /^[\p{L}\p{N}_-]+~(?:\d+(?:\.\d+)?)?$/u
const BOOST = /^[\p{L}\p{N}_.-]+\^\d+(?:\.\d+)?$/u
const OPERATOR = /(?:^|\s)(?:&&|\|\|)(?:\s|$)/
const AFTER_QUOTE = /^(?:~\d*|\^\d)/

/** Lucene shapes in a successfully parsed tree: the first one found, or null. */
export function findLuceneInTree(source: SourceText, node: KqlNode): Diagnostic | null {
  switch (node.kind) {
    case 'matchAll':
      return null
    case 'or':
    case 'and':
      return firstOf(node.children, (child) => findLuceneInTree(source, child))
    case 'not':
      return findLuceneInTree(source, node.child)
    case 'nested':
      return (
        checkField(source, node.path) ??
        checkBraceRange(source, node.query) ??
        findLuceneInTree(source, node.query)
      )
    case 'range':
      return checkField(source, node.field)
    case 'is':
      return (
        (node.field === null ? null : checkField(source, node.field)) ??
        checkValues(source, node.value)
      )
  }
}

/** Lucene shapes that made the parse fail (`a && b`, `"x"~2`), or null. */
export function findLuceneInFailure(source: SourceText, failureAt: number): Diagnostic | null {
  const text = source.text
  if (text[failureAt - 1] === '"' && AFTER_QUOTE.test(text.slice(failureAt))) {
    return lucene(source, failureAt, failureAt + 1, 'proximity, fuzzy or boost suffix')
  }

  const outside = text.replace(/"(?:\\.|[^"\\])*"/g, (quoted) => ' '.repeat(quoted.length))
  const match = OPERATOR.exec(outside)
  if (match !== null) {
    const at = match.index + match[0].indexOf(match[0].trim())

    return lucene(source, at, at + 2, `operator "${match[0].trim()}"`)
  }

  return null
}

/** The diagnostic for a rule whose language is `lucene`. */
export function luceneLanguage(source: SourceText): Diagnostic {
  return lucene(source, 0, source.text.length, 'rule language "lucene"')
}

function checkField(source: SourceText, field: KqlLiteral): Diagnostic | null {
  if (field.isQuoted) return null
  if (field.text === '_exists_') return luceneOn(source, field, '"_exists_:"')
  if (/^[+\-!]/.test(field.text))
    return luceneOn(source, field, `prefix operator "${field.text[0] ?? ''}"`)

  return null
}

// `f:{1 TO 5}` parses as a nested query holding the free text `1 TO 5`
function checkBraceRange(source: SourceText, query: KqlNode): Diagnostic | null {
  if (query.kind !== 'is' || query.field !== null || query.value.kind !== 'literal') return null
  if (query.value.isQuoted || !/\sTO\s/.test(query.value.text)) return null

  return luceneOn(source, query.value, 'range "{a TO b}"')
}

function checkValues(source: SourceText, value: KqlValueExpr): Diagnostic | null {
  switch (value.kind) {
    case 'valueOr':
    case 'valueAnd':
      return firstOf(value.children, (child) => checkValues(source, child))
    case 'valueNot':
      return checkValues(source, value.child)
    case 'literal':
      return checkValue(source, value)
  }
}

function checkValue(source: SourceText, value: KqlLiteral): Diagnostic | null {
  if (value.isQuoted) return null

  const raw = source.text.slice(value.span.start.offset, value.span.end.offset)
  if (RANGE.test(raw)) return luceneOn(source, value, 'range "[a TO b]"')
  if (REGEX.test(raw)) return luceneOn(source, value, 'regular expression "/…/"')
  if (FUZZY.test(raw)) return luceneOn(source, value, 'fuzzy suffix "~"')
  if (BOOST.test(raw)) return luceneOn(source, value, 'boost suffix "^"')

  return null
}

function lucene(source: SourceText, start: number, end: number, what: string): Diagnostic {
  const message = `lucene syntax is not supported: ${what}`

  return error(CODE, message, source.spanAt(start, end), source.name)
}

function luceneOn(source: SourceText, literal: KqlLiteral, what: string): Diagnostic {
  return lucene(source, literal.span.start.offset, literal.span.end.offset, what)
}

function firstOf<T>(items: readonly T[], find: (item: T) => Diagnostic | null): Diagnostic | null {
  for (const item of items) {
    const found = find(item)
    if (found !== null) return found
  }

  return null
}
