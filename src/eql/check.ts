import { counted } from '../syntax/index.ts'
import type { Span } from '../syntax/index.ts'
import type {
  EventFilter,
  Expression,
  FunctionCall,
  Query,
  SampleQuery,
  SequenceQuery,
  SequenceStep,
} from './ast.ts'
import type { ParameterSpec, ValueType } from './functions.ts'
import { findFunction } from './functions.ts'
import { printExpression } from './print.ts'

/** Receives one semantic problem. */
export type ReportProblem = (code: string, message: string, span: Span) => void

const MAX_SAMPLE_FILTERS = 5

/**
 * Runs the semantic checks Elasticsearch's verifier applies after parsing: function arity and
 * argument types, field-to-field comparisons, operand types, sequence and sample rules. Reports
 * every problem found; a tree without problems is what the compiler may rely on.
 */
export function checkQuery(query: Query, report: ReportProblem): void {
  switch (query.kind) {
    case 'EventQuery':
      checkFilter(query.filter, report)
      break
    case 'SequenceQuery':
      checkSequence(query, report)
      break
    case 'SampleQuery':
      checkSample(query, report)
      break
  }
}

/** The type an expression has as far as the text shows; fields are `unknown`. */
export function typeOf(expression: Expression): ValueType {
  switch (expression.kind) {
    case 'Literal':
      return expression.value === null ? 'null' : literalType(expression.value)
    case 'Field':
      return 'unknown'
    case 'FunctionCall':
      return findFunction(expression.name)?.returns ?? 'unknown'
    case 'Arithmetic':
    case 'Negate':
      return 'number'
    case 'Comparison':
    case 'Match':
    case 'In':
    case 'Not':
    case 'Logical':
      return 'boolean'
  }
}

function checkFilter(filter: EventFilter, report: ReportProblem): void {
  expectType(filter.condition, 'boolean', 'condition', report)
  checkExpression(filter.condition, report)
}

function checkExpression(expression: Expression, report: ReportProblem): void {
  switch (expression.kind) {
    case 'Literal':
    case 'Field':
      return
    case 'Not':
      expectType(expression.operand, 'boolean', 'operand of "not"', report)
      checkExpression(expression.operand, report)

      return
    case 'Logical':
      for (const operand of expression.operands) {
        expectType(operand, 'boolean', `operand of "${expression.operator}"`, report)
        checkExpression(operand, report)
      }

      return
    case 'Comparison':
      checkComparison(expression.left, expression.right, expression.span, report)
      checkExpression(expression.left, report)
      checkExpression(expression.right, report)

      return
    case 'Match':
      checkExpression(expression.subject, report)

      return
    case 'In':
      checkIn(expression.subject, expression.values, report)

      return
    case 'Arithmetic':
      for (const side of [expression.left, expression.right]) {
        expectType(side, 'number', `operand of "${expression.operator}"`, report)
        checkExpression(side, report)
      }

      return
    case 'Negate':
      expectType(expression.operand, 'number', 'operand of unary "-"', report)
      checkExpression(expression.operand, report)

      return
    case 'FunctionCall':
      checkCall(expression, report)
      for (const arg of expression.args) checkExpression(arg, report)
  }
}

// ES syntax reference, limitations: "cannot compare a field to another field"; optional fields
// absent from the mapping turn into null, so they are exempt
function checkComparison(
  left: Expression,
  right: Expression,
  span: Span,
  report: ReportProblem,
): void {
  if (!isPlainField(left) || !isPlainField(right)) return
  const message = `cannot compare field "${left.path}" to field "${right.path}"`
  report('ERR_EQL_FIELD_COMPARISON', message, span)
}

function checkIn(subject: Expression, values: readonly Expression[], report: ReportProblem): void {
  checkExpression(subject, report)
  for (const value of values) {
    if (isPlainField(subject) && isPlainField(value)) {
      const message = `cannot compare field "${subject.path}" to field "${value.path}" in a list`
      report('ERR_EQL_FIELD_COMPARISON', message, value.span)
    }

    checkExpression(value, report)
  }
}

function checkCall(call: FunctionCall, report: ReportProblem): void {
  const signature = findFunction(call.name)
  if (signature === undefined) return
  if (call.isCaseInsensitive && !signature.hasInsensitiveForm) {
    const message = `function "${call.name}" has no case-insensitive "~" form`
    report('ERR_EQL_CASE_INSENSITIVE_FUNCTION', message, call.span)
  }

  const max = signature.isVariadic ? Infinity : signature.params.length
  if (call.args.length < signature.required || call.args.length > max) {
    const message = `function "${call.name}" expects ${describeArity(signature.required, max)} but got ${call.args.length}`
    report('ERR_EQL_FUNCTION_ARITY', message, call.span)
  }

  call.args.forEach((arg, index) => {
    const param = signature.params[Math.min(index, signature.params.length - 1)]
    if (param !== undefined) checkArgument(call, arg, index, param, report)
  })
}

function checkArgument(
  call: FunctionCall,
  arg: Expression,
  index: number,
  param: ParameterSpec,
  report: ReportProblem,
): void {
  const where = `argument ${index + 1} (${param.name}) of "${call.name}"`
  if (param.isLiteral === true && arg.kind !== 'Literal') {
    report(
      'ERR_EQL_ARGUMENT_TYPE',
      `${where} must be a constant but found "${printExpression(arg)}"`,
      arg.span,
    )

    return
  }

  const actual = typeOf(arg)
  if (param.type === 'any' || actual === 'unknown' || actual === 'null') return
  const isInteger = arg.kind !== 'Literal' || arg.isInteger
  const expected = param.type === 'integer' ? 'number' : param.type
  if (actual === expected && (param.type !== 'integer' || isInteger)) return
  const wanted = param.type === 'integer' ? 'an integer' : `a ${param.type}`
  report(
    'ERR_EQL_ARGUMENT_TYPE',
    `${where} must be ${wanted} but found "${printExpression(arg)}"`,
    arg.span,
  )
}

function expectType(
  expression: Expression,
  expected: 'boolean' | 'number',
  what: string,
  report: ReportProblem,
): void {
  const actual = typeOf(expression)
  if (actual === expected || actual === 'unknown' || actual === 'null') return
  const message = `${what} must be a ${expected} but found ${actual} "${printExpression(expression)}"`
  report('ERR_EQL_OPERAND_TYPE', message, expression.span)
}

function checkSequence(query: SequenceQuery, report: ReportProblem): void {
  const steps = query.until === null ? query.steps : [...query.steps, query.until]
  for (const step of steps) checkFilter(step.filter, report)
  // "[...] with runs=10" alone is a sequence of ten steps (production rules rely on it)
  if (query.steps.reduce((total, step) => total + Math.max(step.runs, 1), 0) < 2) {
    report('ERR_EQL_SEQUENCE_STEPS', 'sequence needs at least two steps', query.span)
  }

  if (query.maxspan !== null && query.maxspan.value <= 0) {
    const message = `maxspan must be positive but found "${query.maxspan.value}${query.maxspan.unit}"`
    report('ERR_EQL_MAXSPAN_VALUE', message, query.maxspan.span)
  }

  checkMissingSteps(query, report)
  checkKeyCounts(steps, report)
}

// ES syntax reference, "Missing events": needs maxspan and at least one positive step
function checkMissingSteps(query: SequenceQuery, report: ReportProblem): void {
  const missing = query.steps.filter((step) => step.isMissing)
  const [first] = missing
  if (first === undefined) return
  if (query.maxspan === null) {
    const message = 'missing-event steps "![...]" need "with maxspan"'
    report('ERR_EQL_MISSING_WITHOUT_MAXSPAN', message, first.span)
  }

  if (missing.length === query.steps.length) {
    report(
      'ERR_EQL_MISSING_ONLY',
      'sequence needs at least one step that is not missing',
      query.span,
    )
  }
}

function checkKeyCounts(
  parts: readonly (SequenceStep | SampleQuery['filters'][number])[],
  report: ReportProblem,
): void {
  const expected = parts[0]?.joinKeys.length ?? 0
  for (const part of parts) {
    if (part.joinKeys.length === expected) continue
    const message = `expected ${counted(expected, 'join key')} as in the first step but found ${part.joinKeys.length}`
    report('ERR_EQL_JOIN_KEY_COUNT', message, part.span)
  }
}

// ES syntax reference, "Samples": at least one join key, two to five filters, no pipes
function checkSample(query: SampleQuery, report: ReportProblem): void {
  for (const filter of query.filters) checkFilter(filter.filter, report)
  const count = query.filters.length
  if (count < 2 || count > MAX_SAMPLE_FILTERS) {
    const message = `sample needs 2 to ${MAX_SAMPLE_FILTERS} filters but found ${count}`
    report('ERR_EQL_SAMPLE_FILTERS', message, query.span)
  }

  for (const filter of query.filters) {
    if (query.joinKeys.length + filter.joinKeys.length > 0) continue
    report('ERR_EQL_SAMPLE_KEYS', 'sample filter has no join key; add "by" keys', filter.span)
  }

  checkKeyCounts(query.filters, report)
}

function isPlainField(
  expression: Expression,
): expression is Expression & { kind: 'Field'; path: string } {
  return expression.kind === 'Field' && !expression.isOptional
}

function literalType(value: string | number | boolean): ValueType {
  if (typeof value === 'string') return 'string'

  return typeof value === 'number' ? 'number' : 'boolean'
}

function describeArity(min: number, max: number): string {
  if (min === max) return counted(min, 'argument')
  if (max === Infinity) return `at least ${counted(min, 'argument')}`

  return `${min} to ${max} arguments`
}
