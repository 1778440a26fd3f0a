import { error } from '../syntax/index.ts'
import type { Diagnostic, SourceText } from '../syntax/index.ts'
import { isKqlSpace } from './lexer.ts'
import { MAX_NESTING } from './parser.ts'
import type { ParseFailure } from './parser.ts'

/**
 * Turns the parser's furthest failure into one precise diagnostic. The PEG only knows where it
 * stopped; the common mistakes (an unclosed quote or bracket, a missing value, an operator with
 * nothing after it, a stray backslash) are recognised here from the text around that point.
 */
export function diagnoseFailure(source: SourceText, failure: ParseFailure): Diagnostic {
  const name = source.name
  const text = source.text
  const at = Math.min(failure.offset, text.length)
  if (failure.tooDeep !== -1) {
    const span = source.spanAt(failure.tooDeep, failure.tooDeep + 1)
    const message = `brackets nest deeper than ${MAX_NESTING} levels`

    return error('ERR_KQL_TOO_DEEP', message, span, name)
  }

  if (failure.unclosedQuote !== -1 && at >= text.length) {
    const span = source.spanAt(failure.unclosedQuote, text.length)
    const quoted = excerpt(text.slice(failure.unclosedQuote))

    return error('ERR_KQL_UNCLOSED_QUOTE', `unclosed quoted string ${quoted}`, span, name)
  }

  return (
    diagnoseBracket(source, at) ??
    diagnoseEscape(source, at) ??
    diagnoseOperand(source, at) ??
    error('ERR_KQL_SYNTAX', syntaxMessage(text, at, failure.expected), spanAtChar(source, at), name)
  )
}

function diagnoseBracket(source: SourceText, at: number): Diagnostic | null {
  const { unclosed, unmatched } = scanBrackets(source.text)
  const name = source.name
  if (unmatched !== -1 && unmatched <= at) {
    const char = source.text[unmatched] ?? ''

    return error(
      'ERR_KQL_UNMATCHED_CLOSE',
      `"${char}" has no matching opening bracket`,
      source.spanAt(unmatched, unmatched + 1),
      name,
    )
  }

  const open = unclosed.at(-1)
  if (open === undefined || at < source.text.length) return null

  const isBrace = source.text[open] === '{'
  const code = isBrace ? 'ERR_KQL_UNCLOSED_BRACE' : 'ERR_KQL_UNCLOSED_PAREN'
  const message = isBrace ? '"{" is never closed with "}"' : '"(" is never closed with ")"'

  return error(code, message, source.spanAt(open, open + 1), name)
}

// brackets outside quoted strings and escapes; the innermost unclosed opener is last
function scanBrackets(text: string): { unclosed: number[]; unmatched: number } {
  const stack: number[] = []
  let inQuote = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '\\') i++
    else if (char === '"') inQuote = !inQuote
    else if (inQuote) continue
    else if (char === '(' || char === '{') stack.push(i)
    else if (char === ')' || char === '}') {
      const open = stack.pop()
      if (open === undefined || (text[open] === '(') !== (char === ')')) {
        return { unclosed: stack, unmatched: i }
      }
    }
  }

  return { unclosed: stack, unmatched: -1 }
}

function diagnoseEscape(source: SourceText, at: number): Diagnostic | null {
  if (source.text[at] !== '\\') return null

  const sequence = source.text.slice(at, at + 2)
  const message =
    sequence.length < 2
      ? 'a backslash ends the query'
      : `"${sequence}" is not a KQL escape (quote the value or escape the backslash as "\\\\")`

  return error('ERR_KQL_INVALID_ESCAPE', message, source.spanAt(at, at + 2), source.name)
}

function diagnoseOperand(source: SourceText, at: number): Diagnostic | null {
  const text = source.text
  const next = text[at]
  const isEndOfOperand = next === undefined || next === ')' || next === '}'
  if (!isEndOfOperand) return null

  let before = at
  while (before > 0 && isKqlSpace(text[before - 1])) before--

  const previous = text[before - 1]
  if (previous === ':' || previous === '<' || previous === '>' || previous === '=') {
    const span = source.spanAt(before - 1, before)

    return error(
      'ERR_KQL_MISSING_VALUE',
      `"${previous}" is not followed by a value`,
      span,
      source.name,
    )
  }

  const word = /(?:^|[\s(])(and|or|not)$/i.exec(text.slice(Math.max(0, before - 4), before))?.[1]
  if (word === undefined) return null

  const span = source.spanAt(before - word.length, before)

  return error(
    'ERR_KQL_DANGLING_OPERATOR',
    `"${word}" is not followed by an operand`,
    span,
    source.name,
  )
}

function syntaxMessage(text: string, at: number, expected: ReadonlySet<string>): string {
  const found = at >= text.length ? 'the end of the query' : `"${excerpt(text.slice(at))}"`
  const wanted = [...expected].filter((e) => e !== 'escape sequence').sort()
  const list = wanted.length === 0 ? 'more input' : wanted.join(', ')

  return `expected ${list} but found ${found}`
}

function spanAtChar(source: SourceText, at: number): ReturnType<SourceText['spanAt']> {
  return source.spanAt(at, Math.min(at + 1, source.text.length))
}

function excerpt(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? ''

  return line.length > 24 ? `${line.slice(0, 24)}…` : line
}
