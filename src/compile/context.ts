import type { Diagnostic, Span } from '../syntax/index.ts'
import { error } from '../syntax/index.ts'

/** State shared while one query compiles: the diagnostics found so far and the options. */
export interface CompileContext {
  readonly diagnostics: Diagnostic[]
  readonly categoryField: string
  /** What diagnostics name as the file; undefined for a query of its own (`<input>`). */
  readonly source: string | undefined
}

/** Creates a fresh context. */
export function createContext(categoryField = 'event.category', source?: string): CompileContext {
  return { diagnostics: [], categoryField, source }
}

/** Records a compile error; compilation goes on so that every problem is reported at once. */
export function reportError(
  context: CompileContext,
  code: string,
  message: string,
  span: Span,
): void {
  context.diagnostics.push(error(code, message, span, context.source))
}
