import { warning } from '../syntax/index.ts'
import type { Diagnostic, SourceText } from '../syntax/index.ts'
import type { KqlLiteral, KqlNode, KqlValueExpr } from './ast.ts'

/**
 * Warnings for queries that parse but probably do not say what the author meant. Only one shape
 * is flagged: an unquoted value that ends in ` or` / ` and`, which happens when an operator is
 * followed by the end of the query or a bracket (`a:1 or`) and the grammar folds it into the value.
 */
export function collectWarnings(source: SourceText, node: KqlNode): Diagnostic[] {
  const out: Diagnostic[] = []
  visitNode(node, (literal) => {
    const word = /[ \t\r\n\u00a0](or|and)$/i.exec(literal.text)?.[1]
    if (literal.isQuoted || word === undefined) return

    const message = `value "${literal.text}" ends with "${word}", which is read as part of the value`
    out.push(warning('ERR_KQL_KEYWORD_IN_VALUE', message, literal.span, source.name))
  })

  return out
}

function visitNode(node: KqlNode, visit: (literal: KqlLiteral) => void): void {
  switch (node.kind) {
    case 'matchAll':
    case 'range':
      return
    case 'or':
    case 'and':
      for (const child of node.children) visitNode(child, visit)

      return
    case 'not':
      visitNode(node.child, visit)

      return
    case 'nested':
      visitNode(node.query, visit)

      return
    case 'is':
      visitValue(node.value, visit)
  }
}

function visitValue(value: KqlValueExpr, visit: (literal: KqlLiteral) => void): void {
  if (value.kind === 'literal') visit(value)
  else if (value.kind === 'valueNot') visitValue(value.child, visit)
  else for (const child of value.children) visitValue(child, visit)
}
