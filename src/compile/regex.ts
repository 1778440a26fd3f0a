import { RE2JS } from 're2js'

import type { Literal } from '../eql/ast.ts'
import type { Span } from '../syntax/index.ts'
import type { CompileContext } from './context.ts'
import { reportError } from './context.ts'
import { translateLuceneRegex } from './lucene-regex.ts'
import type { StringTest } from './wildcard.ts'

/**
 * Compiles `regex` / `regex~` patterns (any of them matches the whole value) into one RE2
 * automaton, so matching is linear in the input whatever the pattern. Patterns that do not
 * translate are reported with their span and never match.
 */
export function compileRegexList(
  patterns: readonly Literal[],
  isCaseInsensitive: boolean,
  context: CompileContext,
): StringTest {
  const parts: string[] = []
  for (const pattern of patterns) {
    const translated = translateLuceneRegex(String(pattern.value))
    if (translated.ok) {
      parts.push(translated.re2)
    } else {
      reportError(
        context,
        translated.code,
        `${translated.message} in regex "${String(pattern.value)}"`,
        spanInPattern(pattern, translated.offset),
      )
    }
  }

  if (parts.length === 0) return () => false

  const flags = RE2JS.DOTALL | (isCaseInsensitive ? RE2JS.CASE_INSENSITIVE : 0)
  try {
    const compiled = RE2JS.compile(parts.join('|'), flags)

    return (value) => compiled.matches(value)
  } catch (caught) {
    const span = patterns[0]?.span
    const message = caught instanceof Error ? caught.message : String(caught)
    if (span !== undefined)
      reportError(context, 'ERR_EQL_REGEX_UNSUPPORTED', `regex cannot run: ${message}`, span)

    return () => false
  }
}

/**
 * The one-character span at `offset` inside a pattern literal, when the literal's text maps to
 * its value one-to-one (no escapes, on one line: `"..."` or `"""..."""`); else the literal's span.
 */
function spanInPattern(pattern: Literal, offset: number): Span {
  const { start, end } = pattern.span
  const valueLength = String(pattern.value).length
  const width = end.offset - start.offset
  const quote = width === valueLength + 2 ? 1 : width === valueLength + 6 ? 3 : 0
  if (quote === 0 || start.line !== end.line || offset >= valueLength) return pattern.span

  const at = {
    offset: start.offset + quote + offset,
    line: start.line,
    column: start.column + quote + offset,
  }

  return { start: at, end: { ...at, offset: at.offset + 1, column: at.column + 1 } }
}
