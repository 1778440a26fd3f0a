import { ecsFieldType } from '../ecs/index.ts'
import type { Expression, Query } from '../eql/index.ts'
import type { KqlNode, KqlValueExpr } from '../kql/index.ts'

/**
 * A necessary condition of a query: the event must hold `field` with one of `values`, compared
 * after lowercasing both sides (a superset of both case-sensitive and insensitive equality).
 * The hunt files rules under these values, so an event only meets rules whose key it holds.
 */
export interface ValueKey {
  readonly field: string
  readonly values: readonly string[]
}

/** Fields whose values are read from a derived multi-field, not from the event as written. */
export const DERIVED_SUFFIX = /\.(caseless|text|keyword)$/
/** Fields most events of a kind share (every Windows event has host.os.type windows): a last resort. */
export const UNSELECTIVE: ReadonlySet<string> = new Set([
  'host.os.type',
  'host.os.family',
  'host.os.platform',
  'event.type',
  'event.kind',
  'event.category',
  'event.outcome',
  'event.module',
  'data_stream.type',
  'agent.type',
])
// preferred key fields: common in rules and selective in data
const PREFERRED = [
  'process.name',
  'process.parent.name',
  'event.action',
  'event.code',
  'file.name',
  'dll.name',
]

/** The key of an EQL single-event query, or null when its condition has none. */
export function eqlValueKey(query: Query): ValueKey | null {
  if (query.kind !== 'EventQuery') return null

  return best(eqlKeys(query.filter.condition))
}

/** The key of a KQL query, or null. */
export function kqlValueKey(node: KqlNode): ValueKey | null {
  return best(kqlKeys(node))
}

function eqlKeys(expr: Expression): ValueKey[] {
  switch (expr.kind) {
    case 'Logical':
      return expr.operator === 'and'
        ? expr.operands.flatMap(eqlKeys)
        : mergeAlternatives(expr.operands.map(eqlKeys))
    case 'Comparison':
      return expr.operator === '==' ? comparisonKey(expr.left, expr.right) : []
    case 'Match':
      return expr.operator === ':' || expr.operator === 'like' || expr.operator === 'like~'
        ? fieldKey(
            expr.subject,
            expr.patterns.map((p) =>
              typeof p.value !== 'string' || hasWildcard(p.value) ? null : p.value,
            ),
          )
        : []
    case 'In':
      return expr.isNegated ? [] : fieldKey(expr.subject, expr.values.map(literalString))
    case 'Arithmetic':
    case 'Field':
    case 'FunctionCall':
    case 'Literal':
    case 'Negate':
    case 'Not':
      return []
  }
}

function comparisonKey(left: Expression, right: Expression): ValueKey[] {
  if (left.kind === 'Field') return fieldKey(left, [literalString(right)])
  if (right.kind === 'Field') return fieldKey(right, [literalString(left)])

  return []
}

function fieldKey(subject: Expression, values: readonly (string | null)[]): ValueKey[] {
  if (subject.kind !== 'Field' || !isEqlKeyField(subject.path)) return []
  if (values.length === 0 || values.some((v) => v === null)) return []

  return [{ field: subject.path, values: lowered(values as string[]) }]
}

function literalString(expr: Expression): string | null {
  return expr.kind === 'Literal' && typeof expr.value === 'string' ? expr.value : null
}

function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?')
}

/** Whether an EQL field compares as a keyword, so its values can key a rule. */
export function isEqlKeyField(path: string): boolean {
  if (DERIVED_SUFFIX.test(path)) return false

  const type = ecsFieldType(path)

  return (
    type === undefined || type === 'keyword' || type === 'constant_keyword' || type === 'wildcard'
  )
}

function kqlKeys(node: KqlNode): ValueKey[] {
  switch (node.kind) {
    case 'and':
      return node.children.flatMap(kqlKeys)
    case 'or':
      return mergeAlternatives(node.children.map(kqlKeys))
    case 'is':
      return kqlIsKey(node.field?.text ?? null, node.field?.isQuoted ?? true, node.value)
    case 'matchAll':
    case 'nested':
    case 'not':
    case 'range':
      return []
  }
}

function kqlIsKey(field: string | null, isQuoted: boolean, value: KqlValueExpr): ValueKey[] {
  const key = kqlTermValues(field, isQuoted, value)

  return key === null ? [] : [key]
}

/**
 * The key of one KQL `field: value`, or null. Only ECS keyword fields: elsewhere KQL may analyse
 * the value (text) or compare by type.
 */
export function kqlTermValues(
  field: string | null,
  isQuoted: boolean,
  value: KqlValueExpr,
): ValueKey | null {
  if (field === null || isQuoted || field.includes('*')) return null

  const type = ecsFieldType(field)
  if (type !== 'keyword' && type !== 'constant_keyword') return null

  const values = kqlValues(value)

  return values === null ? null : { field, values: lowered(values) }
}

function kqlValues(value: KqlValueExpr): string[] | null {
  switch (value.kind) {
    case 'literal':
      return value.type === 'string' && value.segments.length === 1 ? [value.text] : null
    case 'valueOr': {
      const parts = value.children.map(kqlValues)

      return parts.some((p) => p === null) ? null : parts.flatMap((p) => p ?? [])
    }
    case 'valueAnd':
      return value.children.map(kqlValues).find((p) => p !== null) ?? null
    case 'valueNot':
      return null
  }
}

// an OR needs a key on the same field in every branch; the values then add up
function mergeAlternatives(branches: readonly ValueKey[][]): ValueKey[] {
  const [first, ...rest] = branches
  if (first === undefined) return []

  const out: ValueKey[] = []
  for (const key of first) {
    const matches = rest.map((branch) => branch.find((k) => k.field === key.field))
    if (matches.every((m) => m !== undefined)) {
      out.push({
        field: key.field,
        values: [...new Set([...key.values, ...matches.flatMap((m) => m?.values ?? [])])],
      })
    }
  }

  return out
}

function best(keys: readonly ValueKey[]): ValueKey | null {
  const rank = (key: ValueKey): number => {
    const preferred = PREFERRED.indexOf(key.field)
    const tier = preferred !== -1 ? preferred : UNSELECTIVE.has(key.field) ? 100 : PREFERRED.length

    return tier * 1000 + key.values.length
  }

  return [...keys].sort((a, b) => rank(a) - rank(b))[0] ?? null
}

function lowered(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.toLowerCase()))]
}
