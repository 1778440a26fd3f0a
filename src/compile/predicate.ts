import type { Comparison, Expression, In, Match } from '../eql/ast.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { Predicate } from './plan.ts'
import type { CompileContext } from './context.ts'
import { asCondition, compileValue, fieldLiteralSides, readsField } from './expression.ts'
import { orderConjuncts } from './conjunct-order.ts'
import { compileFieldRead } from './field.ts'
import { compileFieldComparison } from './field-comparison.ts'
import { compileIn, compileMatch, isMember } from './membership.ts'
import type { CompiledValue, Scalar } from './value.ts'
import { isNullValue, someScalar, truthOf } from './value.ts'

const ALWAYS: Predicate = () => true
const NEVER: Predicate = () => false

/**
 * Compiles a condition the way Elasticsearch runs it on an index: as a Lucene query, where each
 * leaf (comparison, match, membership, script) either matches a document or not. Hence `not`,
 * `!=` and `not in` match events that lack the field (a `must_not` clause), while inside a
 * value expression (`null == (x > 1)`) three-valued logic applies. See docs/limitations.md.
 */
export function compilePredicate(expr: Expression, context: CompileContext): Predicate {
  if (!readsField(expr)) {
    const value = compileValue(expr, context)

    return truthOf(value.evaluate({})) === true ? ALWAYS : NEVER
  }

  switch (expr.kind) {
    case 'Not': {
      const operand = compilePredicate(expr.operand, context)

      return (event) => !operand(event)
    }

    case 'Logical': {
      const operands = expr.operands.map((o) => compilePredicate(o, context))

      return compileLogical(
        expr.operator,
        expr.operator === 'and' ? orderConjuncts(expr.operands, operands) : operands,
      )
    }
    case 'Comparison':
      return compileComparison(expr, context)
    case 'Match':
      return compileMembership(expr, context)
    case 'In':
      return compileMembership(expr, context)
    case 'Field': {
      // a bare field is `field == true` (a term query for true)
      const read = compileFieldRead(expr.path).read
      const isTrue = (s: Scalar): boolean => s === true || s === 'true'

      return (event) => someScalar(read(event), isTrue)
    }

    case 'Literal':
    case 'Arithmetic':
    case 'Negate':
    case 'FunctionCall':
      return asCondition(compileValue(expr, context).evaluate)
  }
}

function compileLogical(operator: 'and' | 'or', operands: readonly Predicate[]): Predicate {
  const [first = ALWAYS, second = ALWAYS] = operands
  if (operands.length === 2) {
    return operator === 'and' ? (e) => first(e) && second(e) : (e) => first(e) || second(e)
  }

  // plain loops: a callback per call would allocate a closure on every event
  if (operator === 'and') {
    return (event) => {
      for (const operand of operands) if (!operand(event)) return false

      return true
    }
  }

  return (event) => {
    for (const operand of operands) if (operand(event)) return true

    return false
  }
}

function compileComparison(expr: Comparison, context: CompileContext): Predicate {
  const sides = fieldLiteralSides(expr)
  if (sides === null) return asCondition(compileValue(expr, context).evaluate)

  const { field, test, op, isNullLiteral } = compileFieldComparison(
    sides.field,
    sides.op,
    sides.literal,
    context,
  )
  const { read } = field
  if (isNullLiteral) {
    if (op === '==') return (event) => isNullValue(read(event))
    if (op === '!=') return (event) => !isNullValue(read(event))

    return NEVER
  }

  // `!=` is `must_not term`: no value equals, including when the field is missing
  if (op === '!=') return (event) => !someScalar(read(event), test)

  return (event) => someScalar(read(event), test)
}

function compileMembership(expr: Match | In, context: CompileContext): Predicate {
  const compileSub = (e: Expression): CompiledValue => compileValue(e, context)
  const membership =
    expr.kind === 'Match' ? compileMatch(expr, context, compileSub) : compileIn(expr, compileSub)
  const { subject } = membership
  if (expr.kind === 'In' && expr.isNegated)
    return (event: EcsEvent) => !isMember(membership, subject(event))

  return (event: EcsEvent) => isMember(membership, subject(event))
}
