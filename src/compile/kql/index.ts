/**
 * @module compile/kql
 * Compiles a KQL tree into a predicate over ECS events that answers as Elasticsearch would for
 * the ECS field types (doc kql-semantics.md §2–§3), plus a sound raw-line prefilter.
 */
import type { KqlNode } from '../../kql/index.ts'
import { fail, ok } from '../../syntax/index.ts'
import type { Result } from '../../syntax/index.ts'
import type { LineNeeds } from '../line-needs.ts'
import type { LinePrefilter, Predicate } from '../plan.ts'
import { KqlCompiler } from './compiler.ts'
import type { FieldSpecLookup } from './field-mapping.ts'
import { kqlLinePrefilter, prefilterNeedsOf } from './prefilter.ts'

export { kqlLineNeeds, kqlLinePrefilter } from './prefilter.ts'

export type { FieldMapping, FieldSpecLookup, KqlFieldSpec, MatchKind } from './field-mapping.ts'
export { resolveField } from './field-mapping.ts'
export type { AnalyzerName } from './analysis.ts'
export { standardTokens, powershellTokens } from './analysis.ts'

/** Options for {@link compileKql}. */
export interface CompileKqlOptions {
  /** The instant date math's `now` stands for, in epoch ms (the rule run's start); default: now. */
  readonly now?: number
  /** Mappings for fields ECS does not describe; consulted before ECS. */
  readonly fieldSpec?: FieldSpecLookup
  /** What diagnostics name as the file. */
  readonly source?: string
}

/** A compiled KQL query. */
export interface CompiledKql {
  /** Whether an event matches the query. */
  readonly matches: Predicate
  /** A raw-line test that never rejects a matching line, or null when none can be derived. */
  readonly prefilter: LinePrefilter | null
  /** What the prefilter tests, as data; null with it. */
  readonly lineNeeds: LineNeeds | null
}

/**
 * Compiles a parsed KQL query once. Fails with diagnostics for clauses Elasticsearch would
 * reject (a non-number on a numeric field, an invalid ip, a wildcard on a date, `null`, a nested
 * field outside `{…}`), because such a rule fails to run rather than matching nothing.
 */
export function compileKql(node: KqlNode, options: CompileKqlOptions = {}): Result<CompiledKql> {
  const settings = {
    now: options.now ?? Date.now(),
    ...(options.fieldSpec === undefined ? {} : { lookup: options.fieldSpec }),
    ...(options.source === undefined ? {} : { source: options.source }),
  }
  const compiler = new KqlCompiler(settings)
  const matches = compiler.compile(node)
  if (compiler.diagnostics.length > 0) return fail(compiler.diagnostics)

  const lineNeeds = prefilterNeedsOf(node, options.fieldSpec)
  const prefilter = lineNeeds === null ? null : kqlLinePrefilter(lineNeeds)

  return ok({ matches, prefilter, lineNeeds })
}
