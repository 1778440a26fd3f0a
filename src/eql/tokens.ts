/**
 * Tokens of the EQL lexer. Offsets are 0-based UTF-16 indexes into the query text; `end` is
 * exclusive. The parser turns them into spans through a `SourceText`.
 */

/** What a token is. `name` covers identifiers (with a trailing `~` when written); `op` punctuation. */
export type TokenKind =
  'name' | 'quoted' | 'keyword' | 'string' | 'number' | 'op' | 'invalid' | 'eof'

/** One lexed token. `value` is the decoded string or number for strings, quoted names, numbers. */
export interface Token {
  readonly kind: TokenKind
  /** the source text of the token, as written */
  readonly text: string
  readonly value: string | number
  /** numbers: written without a fraction or exponent */
  readonly isInteger: boolean
  readonly start: number
  readonly end: number
}

/** The reserved words of Elasticsearch EQL; they are case-sensitive (lowercase only). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'any',
  'by',
  'false',
  'in',
  'in~',
  'join',
  'like',
  'like~',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'regex~',
  'sample',
  'sequence',
  'true',
  'until',
  'where',
  'with',
])

/** Operators and punctuation, longest first so the lexer can match greedily. */
export const OPERATORS: readonly string[] = [
  '![',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '=',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '|',
  '?',
]

/** Whether a token is the given operator or keyword. */
export function isToken(token: Token, text: string): boolean {
  return (token.kind === 'op' || token.kind === 'keyword') && token.text === text
}

/** A short description of a token for "expected X but found Y" messages. */
export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'end of input'
  const text = token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text

  // a string token already carries its quotes
  return token.kind === 'string' ? `string ${text}` : `"${text}"`
}
