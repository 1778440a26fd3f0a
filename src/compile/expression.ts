import type { Comparison, Expression, Field, In, Literal, Logical, Match } from '../eql/ast.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { ArithmeticName } from './arithmetic.ts'
import { arithmetic, OPERATOR_NAMES, resultKind } from './arithmetic.ts'
import { compareValues, flipOperator } from './compare.ts'
import type { CompileContext } from './context.ts'
import { compileFieldRead, numericKindOf } from './field.ts'
import { compileFieldComparison } from './field-comparison.ts'
import { compileFunctionCall } from './function-call.ts'
import { compileIn, compileMatch, isMember } from './membership.ts'
import type { CompiledValue, Evaluator, Scalar, Value } from './value.ts'
import { isNullValue, someScalar, truthOf } from './value.ts'

const EMPTY_EVENT: EcsEvent = {}

/** Whether an expression reads any field (otherwise it is folded at compile time). */
export function readsField(expr: Expression): boolean {
  switch (expr.kind) {
    case 'Literal':
      return false
    case 'Field':
      return true
    case 'Not':
    case 'Negate':
      return readsField(expr.operand)
    case 'Logical':
      return expr.operands.some(readsField)
    case 'Comparison':
    case 'Arithmetic':
      return readsField(expr.left) || readsField(expr.right)
    case 'Match':
      return readsField(expr.subject)
    case 'In':
      return readsField(expr.subject) || expr.values.some(readsField)
    case 'FunctionCall':
      return expr.args.some(readsField)
  }
}

/**
 * Compiles an expression to a closure giving its value with three-valued logic (null for
 * missing or unknown). Field-free sub-expressions are evaluated once, here.
 */
export function compileValue(expr: Expression, context: CompileContext): CompiledValue {
  const compiled = compileValueNode(expr, context)
  if (readsField(expr) || context.diagnostics.length > 0) return compiled

  const value = compiled.evaluate(EMPTY_EVENT)

  return { evaluate: () => value, numericKind: compiled.numericKind, constant: { value } }
}

function compileValueNode(expr: Expression, context: CompileContext): CompiledValue {
  const sub = (e: Expression): CompiledValue => compileValue(e, context)
  switch (expr.kind) {
    case 'Literal': {
      const value = expr.value

      return {
        evaluate: () => value,
        numericKind: expr.isInteger ? 'int' : typeof value === 'number' ? 'float' : 'any',
      }
    }

    case 'Field': {
      const read = compileFieldRead(expr.path)
      // functions see an ip field's text, not its comparison key
      const evaluate = read.kind === 'ip' ? compileFieldRead(expr.path, 'json').read : read.read

      return { evaluate, numericKind: numericKindOf(read.kind) }
    }

    case 'Not': {
      const operand = sub(expr.operand).evaluate

      return boolean((event) => {
        const truth = truthOf(operand(event))

        return truth === null ? null : !truth
      })
    }

    case 'Logical':
      return boolean(compileLogicalValue(expr, context))
    case 'Comparison':
      return boolean(compileComparisonValue(expr, context))
    case 'Match':
    case 'In':
      return boolean(compileMembershipValue(expr, context))
    case 'Arithmetic':
      return compileArithmetic(sub(expr.left), sub(expr.right), OPERATOR_NAMES[expr.operator])
    case 'Negate': {
      const operand = sub(expr.operand)
      const negate = (a: Scalar): Scalar => (typeof a === 'number' ? -a : null)

      return {
        evaluate: (event) => mapPair(operand.evaluate(event), 0, negate),
        numericKind: operand.numericKind,
      }
    }

    case 'FunctionCall':
      return compileFunctionCall(expr, context, sub)
  }
}

function compileArithmetic(
  left: CompiledValue,
  right: CompiledValue,
  name: ArithmeticName,
): CompiledValue {
  const [ka, kb] = [left.numericKind, right.numericKind]
  const apply = (a: Scalar, b: Scalar): Scalar => arithmetic(name, a, b, ka, kb)

  return {
    evaluate: (event) => mapPair(left.evaluate(event), right.evaluate(event), apply),
    numericKind: resultKind(ka, kb),
  }
}

function boolean(evaluate: (event: EcsEvent) => boolean | null): CompiledValue {
  return { evaluate, numericKind: 'any' }
}

function mapPair(a: Value, b: Value, apply: (x: Scalar, y: Scalar) => Scalar): Value {
  if (!Array.isArray(a) && !Array.isArray(b)) return apply(a as Scalar, b as Scalar)

  const left: readonly Scalar[] = Array.isArray(a) ? a : [a as Scalar]
  const right: readonly Scalar[] = Array.isArray(b) ? b : [b as Scalar]

  return left.flatMap((x) => right.map((y) => apply(x, y)))
}

function compileLogicalValue(
  expr: Logical,
  context: CompileContext,
): (event: EcsEvent) => boolean | null {
  const operands = expr.operands.map((o) => compileValue(o, context).evaluate)
  const isAnd = expr.operator === 'and'

  return (event) => {
    let sawNull = false
    for (const operand of operands) {
      const truth = truthOf(operand(event))
      if (truth === null) sawNull = true
      else if (truth !== isAnd) return truth
    }

    return sawNull ? null : isAnd
  }
}

function compileComparisonValue(
  expr: Comparison,
  context: CompileContext,
): (event: EcsEvent) => boolean | null {
  const typed = fieldLiteralSides(expr)
  if (typed !== null) {
    const comparison = compileFieldComparison(typed.field, typed.op, typed.literal, context)
    const { read } = comparison.field

    return (event) => {
      const value = read(event)
      if (comparison.isNullLiteral) return nullCheck(comparison.op, isNullValue(value))
      if (isNullValue(value)) return null

      const any = someScalar(value, comparison.test)

      return comparison.op === '!=' ? !any : any
    }
  }

  const left = compileValue(expr.left, context)
  const right = compileValue(expr.right, context)
  const nullSide = isNullConstant(left) ? right : isNullConstant(right) ? left : null
  if (nullSide !== null) {
    // `x == null` / `x != null` are null checks (IsNull / IsNotNull), never null themselves
    return (event) => nullCheck(expr.operator, isNullValue(nullSide.evaluate(event)))
  }

  const bothOptional = isOptionalField(expr.left) && isOptionalField(expr.right)

  return (event) => {
    const [a, b] = [left.evaluate(event), right.evaluate(event)]
    // optional fields absent from the data stand for literal nulls: `?x == ?y` is null == null
    if (bothOptional && isNullValue(a) && isNullValue(b)) return nullCheck(expr.operator, true)

    return compareValues(a, b, expr.operator)
  }
}

function isNullConstant(value: CompiledValue): boolean {
  return value.constant !== undefined && isNullValue(value.constant.value)
}

function isOptionalField(expr: Expression): boolean {
  return expr.kind === 'Field' && expr.isOptional
}

function nullCheck(op: Comparison['operator'], isNull: boolean): boolean | null {
  if (op === '==') return isNull
  if (op === '!=') return !isNull

  return null
}

/** A `field op literal` comparison, normalised with the field on the left. */
export interface FieldLiteralSides {
  readonly field: Field
  readonly literal: Literal
  readonly op: Comparison['operator']
}

/** The field, literal and operator (field on the left) of a `field op literal` comparison. */
export function fieldLiteralSides(expr: Comparison): FieldLiteralSides | null {
  if (expr.left.kind === 'Field' && expr.right.kind === 'Literal') {
    return { field: expr.left, literal: expr.right, op: expr.operator }
  }

  if (expr.left.kind === 'Literal' && expr.right.kind === 'Field') {
    return { field: expr.right, literal: expr.left, op: flipOperator(expr.operator) }
  }

  return null
}

function compileMembershipValue(
  expr: Match | In,
  context: CompileContext,
): (event: EcsEvent) => boolean | null {
  const compileSub = (e: Expression): CompiledValue => compileValue(e, context)
  const membership =
    expr.kind === 'Match' ? compileMatch(expr, context, compileSub) : compileIn(expr, compileSub)
  const isNegated = expr.kind === 'In' && expr.isNegated

  return (event) => {
    const value = membership.subject(event)
    if (isNullValue(value) && !membership.matchesMissing) return null

    const member = isMember(membership, value)

    return isNegated ? !member : member
  }
}

/** A compiled value as a condition: true only when the value is true. */
export function asCondition(evaluate: Evaluator): (event: EcsEvent) => boolean {
  return (event) => truthOf(evaluate(event)) === true
}
