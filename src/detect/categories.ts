import { planFilters } from '../compile/index.ts'
import type { QueryPlan } from '../compile/index.ts'
import type { KqlNode, KqlValueExpr } from '../kql/index.ts'

/**
 * The event categories a query requires, or null when it can match any category: an EQL
 * `category where` (a sequence: the union over its steps), or a KQL query whose top-level AND
 * (or every branch of a top-level OR) contains `event.category:value` with plain values.
 */
export function planCategories(plan: QueryPlan): readonly string[] | null {
  const categories = new Set<string>()
  for (const filter of planFilters(plan)) {
    if (filter.category === null) return null
    categories.add(filter.category)
  }

  return [...categories]
}

/** See {@link planCategories}: the KQL side. */
export function kqlCategories(node: KqlNode, field: string): readonly string[] | null {
  switch (node.kind) {
    case 'is':
      return node.field?.text === field && !node.field.isQuoted ? valueCategories(node.value) : null
    case 'and':
      for (const child of node.children) {
        const found = kqlCategories(child, field)
        if (found !== null) return found
      }

      return null
    case 'or':
      return unionOf(node.children.map((child) => kqlCategories(child, field)))
    case 'matchAll':
    case 'nested':
    case 'not':
    case 'range':
      return null
  }
}

function valueCategories(value: KqlValueExpr): readonly string[] | null {
  if (value.kind === 'literal') {
    return value.type === 'string' && value.segments.length === 1 ? [value.text] : null
  }

  if (value.kind === 'valueOr') return unionOf(value.children.map(valueCategories))
  if (value.kind === 'valueAnd') {
    for (const child of value.children) {
      const found = valueCategories(child)
      if (found !== null) return found
    }
  }

  return null
}

function unionOf(parts: readonly (readonly string[] | null)[]): readonly string[] | null {
  const out = new Set<string>()
  for (const part of parts) {
    if (part === null) return null
    for (const category of part) out.add(category)
  }

  return [...out]
}
