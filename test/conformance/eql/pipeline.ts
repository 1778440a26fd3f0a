import { compileEql } from '../../../src/compile/index.ts'
import type { CompileOptions, QueryPlan } from '../../../src/compile/index.ts'
import { parseEql } from '../../../src/eql/index.ts'
import type { Diagnostic } from '../../../src/syntax/index.ts'

/** The compiled plan of a query, or why there is none. */
export type Compiled =
  { readonly ok: true; readonly plan: QueryPlan } | { readonly ok: false; readonly message: string }

/** Query text to plan, with one suite's compile options. */
export interface QueryPipeline {
  compile(query: string): Compiled
}

/** The real pipeline: `parseEql` then `compileEql` with the given options. */
export function createPipeline(options: CompileOptions): QueryPipeline {
  return { compile: (query) => compileText(query, options) }
}

function compileText(text: string, options: CompileOptions): Compiled {
  const parsed = parseEql(text)
  if (!parsed.ok) return { ok: false, message: `parse: ${describe(parsed.diagnostics)}` }

  const compiled = compileEql(parsed.value, options)
  if (!compiled.ok) return { ok: false, message: `compile: ${describe(compiled.diagnostics)}` }

  return { ok: true, plan: compiled.value.plan }
}

function describe(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')
}
