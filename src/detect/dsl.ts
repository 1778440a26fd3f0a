import type { Predicate } from '../compile/index.ts'
import { EMPTY_SPAN, error } from '../syntax/index.ts'
import type { KqlRangeOperator } from '../kql/index.ts'
import type { LeafBuilder } from './kql-leaf.ts'
import { wildcardPredicate } from './wildcard.ts'
import { allOf, anyOf, isRecord, NEVER, not, ALWAYS } from './predicates.ts'

const RANGE_OPERATORS: Readonly<Record<string, KqlRangeOperator>> = {
  gte: '>=',
  gt: '>',
  lte: '<=',
  lt: '<',
}

/**
 * Compiles the Query DSL subset rule filters and exceptions use (kql-semantics.md F5): bool,
 * term, terms, match, match_phrase, wildcard, exists, range, nested, match_all. Anything else
 * is refused with ERR_DETECT_UNSUPPORTED_DSL, as the rule cannot be run faithfully.
 */
export function compileDsl(query: unknown, leaves: LeafBuilder, source?: string): Predicate {
  if (!isRecord(query)) return refuse(leaves, 'a query that is not an object', source)

  const keys = Object.keys(query)
  if (keys.length !== 1) return refuse(leaves, `a query with keys ${JSON.stringify(keys)}`, source)

  const kind = keys[0] ?? ''
  const body = query[kind]
  switch (kind) {
    case 'bool':
      return compileBool(body, leaves, source)
    case 'match_all':
      return ALWAYS
    case 'match_none':
      return NEVER
    case 'exists':
      return isRecord(body) && typeof body.field === 'string'
        ? leaves.exists(body.field)
        : refuse(leaves, 'an exists query without a field', source)
    case 'nested':
      return isRecord(body)
        ? compileDsl(body.query, leaves, source)
        : refuse(leaves, 'nested', source)
    default:
      return compileFieldQuery(kind, body, leaves, source)
  }
}

function compileFieldQuery(
  kind: string,
  body: unknown,
  leaves: LeafBuilder,
  source?: string,
): Predicate {
  const entry = isRecord(body) ? Object.entries(body).filter(([k]) => k !== 'boost') : []
  const [field, spec] = entry[0] ?? ['', undefined]
  if (entry.length !== 1) return refuse(leaves, `a ${kind} query`, source)

  switch (kind) {
    case 'term':
    case 'match_phrase':
      return leaves.phrase(field, valueOf(spec, kind === 'term' ? 'value' : 'query'))
    case 'match':
      return leaves.match(field, valueOf(spec, 'query'))
    case 'terms':
      return Array.isArray(spec)
        ? anyOf(spec.map((v) => leaves.phrase(field, v)))
        : refuse(leaves, 'a terms query without a list', source)
    case 'wildcard':
      return compileWildcard(field, spec)
    case 'range':
      return compileRange(field, spec, leaves, source)
    default:
      return refuse(leaves, `the query type "${kind}"`, source)
  }
}

function compileWildcard(field: string, spec: unknown): Predicate {
  if (!isRecord(spec)) return wildcardPredicate(field, String(spec), false)

  const pattern = spec.value ?? spec.wildcard

  return wildcardPredicate(field, String(pattern), spec.case_insensitive === true)
}

function compileRange(
  field: string,
  spec: unknown,
  leaves: LeafBuilder,
  source?: string,
): Predicate {
  if (!isRecord(spec)) return refuse(leaves, 'a range query without bounds', source)

  const bounds: Predicate[] = []
  for (const [key, value] of Object.entries(spec)) {
    const operator = RANGE_OPERATORS[key]
    if (operator !== undefined && value !== null && value !== undefined) {
      bounds.push(leaves.range(field, operator, value))
    }
  }

  return allOf(bounds)
}

function compileBool(body: unknown, leaves: LeafBuilder, source?: string): Predicate {
  if (!isRecord(body)) return refuse(leaves, 'a bool query that is not an object', source)

  const list = (key: string): Predicate[] => {
    const value = body[key]
    const items = Array.isArray(value) ? value : value === undefined ? [] : [value]

    return items.map((item) => compileDsl(item, leaves, source))
  }
  const required = [...list('filter'), ...list('must')]
  const excluded = list('must_not')
  const should = list('should')
  const minimum = minimumShould(body.minimum_should_match, should.length, required.length)
  const parts = [...required, ...excluded.map(not)]
  if (minimum > 0) parts.push(atLeast(should, minimum))

  return allOf(parts)
}

// ES defaults minimum_should_match to 1 only when there is no must/filter, and caps it
function minimumShould(raw: unknown, shouldCount: number, requiredCount: number): number {
  if (shouldCount === 0) return 0

  const parsed =
    typeof raw === 'number' ? raw : typeof raw === 'string' ? Number.parseInt(raw, 10) : NaN
  const wanted = Number.isFinite(parsed) ? parsed : requiredCount === 0 ? 1 : 0

  return Math.min(Math.max(wanted < 0 ? shouldCount + wanted : wanted, 0), shouldCount)
}

function atLeast(clauses: readonly Predicate[], minimum: number): Predicate {
  if (minimum === 1) return anyOf(clauses)

  return (event) => {
    let count = 0
    for (const clause of clauses) if (clause(event) && ++count >= minimum) return true

    return false
  }
}

function valueOf(spec: unknown, key: string): unknown {
  return isRecord(spec) ? spec[key] : spec
}

function refuse(leaves: LeafBuilder, what: string, source?: string): Predicate {
  leaves.diagnostics.push(
    error(
      'ERR_DETECT_UNSUPPORTED_DSL',
      `vigil cannot evaluate ${what} in a filter`,
      EMPTY_SPAN,
      source,
    ),
  )

  return NEVER
}
