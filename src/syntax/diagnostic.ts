import type { Span } from './span.ts'

/** How bad a diagnostic is: an `error` stops the thing it is about; a `warning` does not. */
export type Severity = 'error' | 'warning'

/**
 * A problem in user input: a query, a rule file, an event line. `code` is stable (UPPER_SNAKE with
 * a stage prefix, listed in docs/errors.md); `message` is one lowercase clause with no position in
 * it; `source` names the file or text the span points into.
 */
export interface Diagnostic {
  readonly code: string
  readonly message: string
  readonly severity: Severity
  readonly span: Span
  readonly source?: string
}

/** The result of an operation on user input: a value, or the diagnostics that prevented one. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }

/** Builds an error diagnostic. */
export function error(code: string, message: string, span: Span, source?: string): Diagnostic {
  return source === undefined
    ? { code, message, severity: 'error', span }
    : { code, message, severity: 'error', span, source }
}

/** Builds a warning diagnostic. */
export function warning(code: string, message: string, span: Span, source?: string): Diagnostic {
  return source === undefined
    ? { code, message, severity: 'warning', span }
    : { code, message, severity: 'warning', span, source }
}

/** Builds a successful result; `diagnostics` holds any warnings found on the way. */
export function ok<T>(value: T, diagnostics: readonly Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics }
}

/** Builds a failed result from its diagnostics. */
export function fail<T>(diagnostics: readonly Diagnostic[]): Result<T> {
  return { ok: false, diagnostics }
}

/** The base of every error Vigil throws about user input; it carries the diagnostics. */
export class DetectionError extends Error {
  readonly code: string
  readonly diagnostics: readonly Diagnostic[]

  constructor(diagnostics: readonly Diagnostic[], options?: { cause?: unknown }) {
    const first = diagnostics[0]
    super(first === undefined ? 'unknown error' : first.message, options)
    this.name = new.target.name
    this.code = first?.code ?? 'ERR_UNKNOWN'
    this.diagnostics = diagnostics
  }
}

/** Thrown by the `...OrThrow` entry points of the query languages. */
export class QueryError extends DetectionError {}
