import type { Diagnostic } from './diagnostic.ts'
import type { SourceText } from './source-text.ts'

/** Options for {@link renderDiagnostic}. */
export interface RenderOptions {
  /** The text the span points into; without it only the heading line is printed. */
  readonly source?: SourceText
  /** Longest source line to show before it is cut around the caret. */
  readonly maxWidth?: number
}

const DEFAULT_WIDTH = 120

/**
 * Renders a diagnostic the one way Vigil prints them:
 * `file:line:col code message`, then the source line and a caret run under the span. A span in a
 * binary file (see {@link byteSpan}) prints as `file@offset code message`.
 */
export function renderDiagnostic(diagnostic: Diagnostic, options: RenderOptions = {}): string {
  const { start } = diagnostic.span
  const name = diagnostic.source ?? options.source?.name ?? '<input>'
  const level = diagnostic.severity === 'warning' ? ' warning' : ''
  const where = start.line === 0 ? `@${start.offset}` : `:${start.line}:${start.column}`
  const heading = `${name}${where}${level} ${diagnostic.code} ${diagnostic.message}`
  if (options.source === undefined) return heading

  const excerpt = renderExcerpt(diagnostic, options.source, options.maxWidth ?? DEFAULT_WIDTH)

  return excerpt === '' ? heading : `${heading}\n${excerpt}`
}

/** Renders many diagnostics, one block each, separated by newlines. */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  options: RenderOptions = {},
): string {
  return diagnostics.map((d) => renderDiagnostic(d, options)).join('\n')
}

function renderExcerpt(diagnostic: Diagnostic, source: SourceText, maxWidth: number): string {
  const { start, end } = diagnostic.span
  const line = source.lineText(start.line)
  if (line === '' && start.column === 1) return ''

  const lastColumn = end.line === start.line ? end.column : line.length + 1
  const width = Math.max(1, lastColumn - start.column)
  const cut = Math.max(0, start.column - 1 - Math.floor(maxWidth / 2))
  const shown = line.length > maxWidth ? line.slice(cut, cut + maxWidth) : line
  const offset = line.length > maxWidth ? cut : 0
  const gutter = `${start.line} | `
  const pad = ' '.repeat(gutter.length - 2) + '| '
  const caret = ' '.repeat(Math.max(0, start.column - 1 - offset)) + '^'.repeat(width)

  return `${gutter}${expandTabs(shown)}\n${pad}${caret}`
}

function expandTabs(text: string): string {
  return text.replaceAll('\t', ' ')
}
