/**
 * @module syntax
 * Source text, spans, diagnostics with stable codes, and the one renderer that prints them.
 */
export type { Position, Span } from './span.ts'
export { START, EMPTY_SPAN, spanOf, shiftSpan, byteSpan } from './span.ts'
export { SourceText } from './source-text.ts'
export type { Diagnostic, Result, Severity } from './diagnostic.ts'
export { error, warning, ok, fail, DetectionError, QueryError } from './diagnostic.ts'
export type { RenderOptions } from './render.ts'
export { renderDiagnostic, renderDiagnostics } from './render.ts'
export { counted } from './counted.ts'
