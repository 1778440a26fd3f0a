import { compileEql, compileKql } from '../compile/index.ts'
import { parseEql } from '../eql/index.ts'
import { parseKql } from '../kql/index.ts'
import type { Diagnostic } from '../syntax/index.ts'

/**
 * How validation checks a query: parse, then compile, returning every diagnostic (positions
 * relative to the query text). Injectable so a caller can add field mappings; the default uses
 * the real stages.
 */
export interface QueryCheckers {
  /** Checks an EQL query; `categoryField` is the rule's `event_category_override`. */
  eql(text: string, source: string, categoryField?: string): readonly Diagnostic[]
  /** Checks a KQL query. */
  kql(text: string, source: string): readonly Diagnostic[]
}

/** Parses EQL with src/eql and compiles it with src/compile. */
export function checkEqlQuery(
  text: string,
  source: string,
  categoryField?: string,
): readonly Diagnostic[] {
  const parsed = parseEql(text, { source })
  if (!parsed.ok) return parsed.diagnostics

  const compiled = compileEql(parsed.value, {
    source,
    ...(categoryField === undefined ? {} : { categoryField }),
  })

  return [...parsed.diagnostics, ...compiled.diagnostics]
}

/** Parses KQL with src/kql and compiles it with src/compile. */
export function checkKqlQuery(text: string, source: string): readonly Diagnostic[] {
  const parsed = parseKql(text, { source, language: 'kuery' })
  if (!parsed.ok) return parsed.diagnostics

  const compiled = compileKql(parsed.value, { source })

  return [...parsed.diagnostics, ...compiled.diagnostics]
}

/** The checkers `validateRules` uses unless told otherwise. */
export const DEFAULT_QUERY_CHECKERS: QueryCheckers = { eql: checkEqlQuery, kql: checkKqlQuery }
