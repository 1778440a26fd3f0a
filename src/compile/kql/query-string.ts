import type { Predicate } from '../plan.ts'
import { analyze, normalizeTerm } from './analysis.ts'
import { anyString, anyTokens, NEVER } from './any.ts'
import { compileGlob } from './glob.ts'
import { toIndexedString } from './indexed.ts'
import type { FieldReader } from './indexed.ts'

/**
 * A KQL wildcard on a field that is not a plain keyword goes through `query_string` (T3, M8, M9):
 * the classic Lucene parser splits the pattern at whitespace into OR'd clauses; a clause that is
 * a lone `*` means exists, a clause with `*` is a wildcard term (on text: lower-cased, tested
 * against single tokens), and runs of plain terms are analysed together.
 */

type Clause =
  | { readonly kind: 'exists' }
  | { readonly kind: 'glob'; readonly segments: string[] }
  | { readonly kind: 'terms'; readonly text: string }

const WHITESPACE = /[ \t\n\r\f\u3000]+/

/** Builds the query_string reading of a wildcard pattern on one field. */
export function buildQueryString(reader: FieldReader, segments: readonly string[]): Predicate {
  const clauses = splitClauses(segments)
  const isText = reader.mapping.kind === 'text'
  const tests = clauses.map((clause) =>
    isText ? textClause(reader, clause) : wholeClause(reader, clause),
  )
  if (tests.length === 0) return NEVER

  return (event) => {
    for (const test of tests) if (test(event)) return true

    return false
  }
}

function wholeClause(reader: FieldReader, clause: Clause): Predicate {
  if (clause.kind === 'exists') {
    return (event) =>
      reader.values(event).some((raw) => toIndexedString(raw, reader.mapping) !== null)
  }

  if (clause.kind === 'terms') {
    const wanted = clause.text

    return anyString(reader, (value) => value === wanted)
  }

  const glob = compileGlob(clause.segments)

  return anyString(reader, (value) => glob(value))
}

function textClause(reader: FieldReader, clause: Clause): Predicate {
  if (clause.kind === 'exists') return (event) => reader.tokens(event).length > 0
  if (clause.kind === 'terms') {
    const wanted = new Set(analyze(reader.mapping.analyzer, clause.text))

    return anyTokens(reader, (tokens) => tokens.some((token) => wanted.has(token)))
  }

  const glob = compileGlob(clause.segments.map(normalizeTerm))

  return anyTokens(reader, (tokens) => tokens.some(glob))
}

/** Splits wildcard runs at whitespace into clauses; consecutive plain terms are joined. */
export function splitClauses(segments: readonly string[]): Clause[] {
  const raw: string[][] = []
  let current: string[] = ['']
  segments.forEach((segment, index) => {
    const pieces = segment.split(WHITESPACE)
    pieces.forEach((piece, i) => {
      if (i > 0) {
        raw.push(current)
        current = ['']
      }

      current[current.length - 1] = (current.at(-1) ?? '') + piece
    })

    if (index < segments.length - 1) current.push('')
  })
  raw.push(current)

  return groupClauses(raw.filter((c) => c.length > 1 || c[0] !== ''))
}

function groupClauses(raw: string[][]): Clause[] {
  const out: Clause[] = []
  let plain: string[] = []
  const flush = (): void => {
    if (plain.length > 0) out.push({ kind: 'terms', text: plain.join(' ') })

    plain = []
  }

  for (const clause of raw) {
    if (clause.length === 1) {
      plain.push(clause[0] ?? '')
      continue
    }

    flush()
    const isLone = clause.length === 2 && clause[0] === '' && clause[1] === ''
    out.push(isLone ? { kind: 'exists' } : { kind: 'glob', segments: clause })
  }

  flush()

  return out
}
