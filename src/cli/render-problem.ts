import { renderDiagnostic, SourceText } from '../syntax/index.ts'
import type { InputProblem } from '../sources/index.ts'

/**
 * A source holding just one line of a file at its real line number, so the shared renderer can
 * draw its caret without the whole file in memory.
 */
class LineSource extends SourceText {
  readonly #line: number
  readonly #lineText: string

  constructor(name: string, line: number, text: string) {
    super(name, '')
    this.#line = line
    this.#lineText = text
  }

  override lineText(line: number): string {
    return line === this.#line ? this.#lineText : ''
  }
}

/** Renders an input problem: `file:line:col CODE message`, and the line with a caret if known. */
export function renderInputProblem(problem: InputProblem): string {
  const { diagnostic, lineText } = problem
  if (lineText === undefined) return renderDiagnostic(diagnostic)

  const name = diagnostic.source ?? '<input>'
  const source = new LineSource(name, diagnostic.span.start.line, lineText)

  return renderDiagnostic(diagnostic, { source })
}
