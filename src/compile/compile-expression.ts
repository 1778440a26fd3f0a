import type { Expression } from '../eql/ast.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { Result } from '../syntax/index.ts'
import { fail, ok } from '../syntax/index.ts'
import { createContext } from './context.ts'
import { compileValue } from './expression.ts'
import type { CompileOptions, Predicate } from './plan.ts'
import { compilePredicate } from './predicate.ts'
import type { Value } from './value.ts'

/** One expression compiled both ways: as a query condition and as a value. */
export interface CompiledExpression {
  /** The condition as Elasticsearch runs it on an index (must_not semantics for negations). */
  readonly matches: Predicate
  /** The value with three-valued logic (null for missing/unknown), as a function result. */
  readonly evaluate: (event: EcsEvent) => Value
}

/** Compiles a single expression (for tests and tools); errors come back as diagnostics. */
export function compileExpression(
  expr: Expression,
  options: CompileOptions = {},
): Result<CompiledExpression> {
  const context = createContext(options.categoryField)
  const matches = compilePredicate(expr, context)
  const { evaluate } = compileValue(expr, context)
  if (context.diagnostics.length > 0) return fail(context.diagnostics)

  return ok({ matches, evaluate })
}
