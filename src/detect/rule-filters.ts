import type { Predicate } from '../compile/index.ts'
import { EMPTY_SPAN, error } from '../syntax/index.ts'
import { compileDsl } from './dsl.ts'
import type { LeafBuilder } from './kql-leaf.ts'
import { allOf, anyOf, isRecord, not, NEVER } from './predicates.ts'

// keys of a legacy filter that are display data, not part of its query
const DISPLAY_KEYS = new Set(['meta', '$state', 'query'])

/**
 * Compiles a rule's `filters` (Kibana filter objects, kql-semantics.md F1–F2): disabled filters
 * are dropped, `meta.negate` ones must not match, the others must; the query is `filter.query`,
 * legacy top-level shapes (`exists`, `range`, `match` with `type: phrase`) are moved under it,
 * and `combined` filters join their sub-filters with `meta.relation`.
 */
export function compileRuleFilters(
  filters: readonly unknown[] | undefined,
  leaves: LeafBuilder,
  source?: string,
): Predicate {
  const parts: Predicate[] = []
  for (const filter of filters ?? []) {
    const compiled = compileFilter(filter, leaves, source)
    if (compiled !== null) parts.push(compiled)
  }

  return allOf(parts)
}

function compileFilter(filter: unknown, leaves: LeafBuilder, source?: string): Predicate | null {
  if (!isRecord(filter)) {
    leaves.diagnostics.push(
      error('ERR_DETECT_BAD_FILTER', 'a rule filter is not an object', EMPTY_SPAN, source),
    )

    return NEVER
  }

  const meta = isRecord(filter.meta) ? filter.meta : {}
  if (meta.disabled === true) return null

  const positive =
    meta.type === 'combined'
      ? compileCombined(meta, leaves, source)
      : compileDsl(queryOf(filter), leaves, source)

  return meta.negate === true ? not(positive) : positive
}

function compileCombined(
  meta: Record<string, unknown>,
  leaves: LeafBuilder,
  source?: string,
): Predicate {
  const params = Array.isArray(meta.params) ? meta.params : []
  const parts = params
    .map((sub) => compileFilter(sub, leaves, source))
    .filter((p): p is Predicate => p !== null)

  return meta.relation === 'OR' ? anyOf(parts) : allOf(parts)
}

function queryOf(filter: Record<string, unknown>): unknown {
  if (filter.query !== undefined) return migrate(filter.query)

  const legacy = Object.keys(filter).filter((key) => !DISPLAY_KEYS.has(key))
  const key = legacy[0]
  if (legacy.length !== 1 || key === undefined) return { match_all: {} }

  return migrate({ [key]: filter[key] })
}

// an old `match` with `type: phrase` is a `match_phrase` (Kibana's migrate_filter)
function migrate(query: unknown): unknown {
  if (!isRecord(query) || !isRecord(query.match)) return query

  const [field, spec] = Object.entries(query.match)[0] ?? []
  if (field === undefined || !isRecord(spec) || spec.type !== 'phrase') return query

  return { match_phrase: { [field]: spec.query } }
}
