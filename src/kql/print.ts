import type { KqlLiteral, KqlNode, KqlValueExpr } from './ast.ts'

/**
 * Prints a tree back as KQL that parses to the same tree: quoted literals stay quoted, unquoted
 * ones are escaped where the grammar needs it, and parentheses appear only where precedence
 * (not > and > or, G1) requires them.
 */
export function printKql(node: KqlNode): string {
  return printNode(node, 0)
}

const PRECEDENCE = { or: 1, and: 2, not: 3 } as const

function printNode(node: KqlNode, outer: number): string {
  switch (node.kind) {
    case 'matchAll':
      return ''
    case 'or':
    case 'and':
      return wrap(
        node.children
          .map((child) => printNode(child, PRECEDENCE[node.kind]))
          .join(` ${node.kind} `),
        PRECEDENCE[node.kind] <= outer,
      )
    case 'not':
      return `not ${node.child.kind === 'not' ? `(${printNode(node.child, 0)})` : printNode(node.child, PRECEDENCE.not)}`
    case 'is':
      return node.field === null
        ? printLiteral(node.value.kind === 'literal' ? node.value : unexpectedList())
        : `${printLiteral(node.field)}:${printValues(node.value, 0)}`
    case 'range':
      return `${printLiteral(node.field)} ${node.operator} ${printLiteral(node.value)}`
    case 'nested':
      return `${printLiteral(node.path)}:{ ${printNode(node.query, 0)} }`
  }
}

function printValues(value: KqlValueExpr, outer: number): string {
  const body = printValueBody(value)
  const isList = value.kind !== 'literal'

  return outer === 0 && isList ? `(${body})` : body
}

function printValueBody(value: KqlValueExpr): string {
  switch (value.kind) {
    case 'literal':
      return printLiteral(value)
    case 'valueOr':
    case 'valueAnd': {
      const level = value.kind === 'valueOr' ? PRECEDENCE.or : PRECEDENCE.and
      const word = value.kind === 'valueOr' ? ' or ' : ' and '

      return value.children.map((child) => printListItem(child, level)).join(word)
    }
    case 'valueNot':
      return `not ${printListItem(value.child, PRECEDENCE.not)}`
  }
}

function printListItem(value: KqlValueExpr, outer: number): string {
  if (value.kind === 'literal') return printLiteral(value)

  const level =
    value.kind === 'valueOr'
      ? PRECEDENCE.or
      : value.kind === 'valueAnd'
        ? PRECEDENCE.and
        : PRECEDENCE.not

  // `not not x` is not in the grammar, so a negated negation needs parentheses
  return wrap(
    printValueBody(value),
    level <= outer && (value.kind !== 'valueNot' || outer === PRECEDENCE.not),
  )
}

function wrap(text: string, isNeeded: boolean): string {
  return isNeeded ? `(${text})` : text
}

function unexpectedList(): never {
  throw new Error('free text cannot hold a value list')
}

/** Prints one literal: quoted as `"…"`, unquoted with the escapes G10 requires. */
export function printLiteral(literal: KqlLiteral): string {
  if (literal.isQuoted) return `"${escapeQuoted(literal.segments.join(''))}"`
  if (literal.type !== 'string') return literal.text

  const isPlain = literal.segments.length === 1
  const text = literal.segments[0] ?? ''
  const isAmbiguous = text === '' || text !== text.trim() || TYPED.has(text)
  // `\not` would read as a newline escape, so a lowercase `not ` can only be written quoted
  const hasLowerNot = literal.segments.some((segment) => /not[ \u00a0]/.test(segment))
  if (isPlain && (isAmbiguous || hasLowerNot)) return `"${escapeQuoted(text)}"`

  return literal.segments.map(escapeUnquoted).join('*')
}

const TYPED = new Set(['true', 'false', 'null'])

function escapeQuoted(text: string): string {
  return text.replace(/[\\"\t\r\n]/g, (char) => QUOTED_ESCAPES[char] ?? char)
}

const QUOTED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\t': '\\t',
  '\r': '\\r',
  '\n': '\\n',
}

// specials get a backslash; a keyword sequence inside the value gets its word escaped
function escapeUnquoted(segment: string): string {
  return segment
    .replace(/[\\():<>"*{}]/g, (char) => `\\${char}`)
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(
      /([ \u00a0])(or|and)(?=[ \u00a0]|$)/gi,
      (_m, space: string, word: string) => `${space}\\${word}`,
    )
    .replace(/not(?=[ \u00a0])/gi, (word) => `\\${word}`)
}
