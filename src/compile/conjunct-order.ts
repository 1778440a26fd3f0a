import type { Expression } from '../eql/ast.ts'
import { isWildcardLiteral } from '../kql/index.ts'
import type { KqlNode } from '../kql/index.ts'
import { EMPTY_SPAN } from '../syntax/index.ts'

/**
 * Fields whose values most events of a kind share (every Windows event has host.os.type
 * windows): a test on them rarely rules an event out, so it runs after the tests on names, paths
 * and arguments, and the hunt's rule index keys on them only as a last resort.
 */
export const COMMON_VALUE_FIELDS: ReadonlySet<string> = new Set([
  'host.os.type',
  'host.os.family',
  'host.os.platform',
  'event.type',
  'event.action',
  'event.kind',
  'event.category',
  'event.outcome',
  'event.module',
  'data_stream.type',
  'agent.type',
])

/** Patterns in a list beyond which testing it costs more than a plain comparison. */
const LONG_LIST = 16

/**
 * Orders the operands of an `and` for evaluation: the conditions likeliest to fail cheaply first.
 * Each leaf is a pure test (a Lucene clause), so the order never changes the result, only how
 * soon a non-matching event is left; the sort is stable, so equal ranks keep the query's order.
 */
export function orderConjuncts<T>(operands: readonly Expression[], compiled: readonly T[]): T[] {
  const ranked = operands.map((operand, i) => ({ rank: rankOf(operand), item: compiled[i] as T }))

  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.item)
}

function rankOf(expr: Expression): number {
  switch (expr.kind) {
    case 'Comparison':
      return fieldRank(expr.left.kind === 'Field' ? expr.left : expr.right)
    case 'Match':
      return fieldRank(expr.subject) + (expr.patterns.length > LONG_LIST ? 1 : 0)
    case 'In':
      return fieldRank(expr.subject) + (expr.values.length > LONG_LIST ? 1 : 0)
    case 'Not':
    case 'Logical':
      return 3
    case 'Field':
    case 'Literal':
    case 'Arithmetic':
    case 'Negate':
    case 'FunctionCall':
      return 4
  }
}

// a test on a plain field: selective fields first, common ones after
function fieldRank(subject: Expression): number {
  if (subject.kind !== 'Field') return 4

  return pathRank(subject.path)
}

/** The evaluation rank of a test on the field at `path`: 0 for selective fields, 2 for common. */
export function pathRank(path: string): number {
  return COMMON_VALUE_FIELDS.has(path) ? 2 : 0
}

/**
 * The children of an `and` in evaluation order: tests on selective fields first, common fields
 * (host.os.type, event.category) after, compound clauses and free text last. Clauses are pure,
 * so the order changes only how soon a non-matching event is left; equal ranks keep their order.
 */
export function orderKqlConjuncts<T>(children: readonly KqlNode[], predicates: readonly T[]): T[] {
  const ranked = predicates.map((predicate, i) => ({
    predicate,
    rank: kqlRank(children[i] ?? { kind: 'matchAll', span: EMPTY_SPAN }),
  }))

  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.predicate)
}

function kqlRank(node: KqlNode): number {
  switch (node.kind) {
    case 'is':
      return node.field === null || isWildcardLiteral(node.field)
        ? 4
        : pathRank(node.field.segments.join(''))
    case 'range':
      return 1
    case 'matchAll':
      return 0
    case 'and':
    case 'or':
    case 'not':
    case 'nested':
      return 3
  }
}
