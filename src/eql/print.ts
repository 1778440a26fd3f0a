import type {
  Duration,
  EventFilter,
  Expression,
  Field,
  Literal,
  Pipe,
  Query,
  SampleFilter,
  SequenceStep,
} from './ast.ts'
import { isIdentifierPart, isIdentifierStart } from './lexer.ts'
import { KEYWORDS } from './tokens.ts'

// binding strength of each printed form, loosest first; mirrors the parser's levels
const OR = 1
const AND = 2
const NOT = 3
const COMPARISON = 4
const SUM = 5
const PRODUCT = 6
const UNARY = 7
const PREDICATE = 8
const PRIMARY = 9

/** Renders a query as canonical EQL text on one line; parsing the output gives the same tree. */
export function printEql(query: Query): string {
  switch (query.kind) {
    case 'EventQuery':
      return printFilter(query.filter) + printPipes(query.pipes)
    case 'SequenceQuery': {
      const head = `sequence${printKeys(query.joinKeys)}${printMaxspan(query.maxspan)}`
      const steps = query.steps.map(printStep).join(' ')
      const until = query.until === null ? '' : ` until ${printStep(query.until)}`

      return `${head} ${steps}${until}${printPipes(query.pipes)}`
    }

    case 'SampleQuery':
      return `sample${printKeys(query.joinKeys)} ${query.filters.map(printSampleFilter).join(' ')}`
  }
}

/** Renders an expression as EQL text, adding parentheses only where precedence needs them. */
export function printExpression(expression: Expression): string {
  switch (expression.kind) {
    case 'Literal':
      return printLiteral(expression)
    case 'Field':
      return printField(expression)
    case 'Not':
      return `not ${wrap(expression.operand, NOT)}`
    case 'Logical': {
      const level = expression.operator === 'or' ? OR : AND

      return expression.operands.map((o) => wrap(o, level + 1)).join(` ${expression.operator} `)
    }

    case 'Comparison':
      return `${wrap(expression.left, SUM)} ${expression.operator} ${wrap(expression.right, SUM)}`
    case 'Match':
      return `${wrap(expression.subject, PRIMARY)} ${expression.operator} ${printPatterns(expression.patterns)}`
    case 'In': {
      const operator = `${expression.isNegated ? 'not ' : ''}in${expression.isCaseInsensitive ? '~' : ''}`

      return `${wrap(expression.subject, PRIMARY)} ${operator} (${expression.values.map(printExpression).join(', ')})`
    }

    case 'Arithmetic': {
      const level = expression.operator === '+' || expression.operator === '-' ? SUM : PRODUCT

      return `${wrap(expression.left, level)} ${expression.operator} ${wrap(expression.right, level + 1)}`
    }

    case 'Negate':
      return `-${wrap(expression.operand, UNARY)}`
    case 'FunctionCall': {
      const tilde = expression.isCaseInsensitive ? '~' : ''

      return `${expression.name}${tilde}(${expression.args.map(printExpression).join(', ')})`
    }
  }
}

/** Renders a string as an EQL double-quoted literal with escapes. */
export function printString(value: string): string {
  let out = '"'
  for (const char of value) out += escapeChar(char)

  return `${out}"`
}

/** Renders a dotted field path, back-quoting segments that are not plain identifiers. */
export function printFieldPath(path: string): string {
  return path
    .split('.')
    .map((segment) => (isPlainName(segment) ? segment : `\`${segment.replaceAll('`', '``')}\``))
    .join('.')
}

function printFilter(filter: EventFilter): string {
  return `${printCategory(filter.category)} where ${printExpression(filter.condition)}`
}

function printCategory(category: string | null): string {
  if (category === null) return 'any'

  return isPlainName(category) ? category : printString(category)
}

function printStep(step: SequenceStep): string {
  const open = step.isMissing ? '![' : '['
  const runs = step.runs === 1 ? '' : ` with runs=${step.runs}`

  return `${open}${printFilter(step.filter)}]${printKeys(step.joinKeys)}${runs}`
}

function printSampleFilter(filter: SampleFilter): string {
  return `[${printFilter(filter.filter)}]${printKeys(filter.joinKeys)}`
}

function printKeys(keys: readonly Field[]): string {
  return keys.length === 0 ? '' : ` by ${keys.map(printField).join(', ')}`
}

function printMaxspan(maxspan: Duration | null): string {
  return maxspan === null ? '' : ` with maxspan=${maxspan.value}${maxspan.unit}`
}

function printPipes(pipes: readonly Pipe[]): string {
  return pipes.map((pipe) => ` | ${pipe.name} ${pipe.count}`).join('')
}

function printPatterns(patterns: readonly Literal[]): string {
  const [only] = patterns
  if (patterns.length === 1 && only !== undefined) return printLiteral(only)

  return `(${patterns.map(printLiteral).join(', ')})`
}

function printField(field: Field): string {
  return `${field.isOptional ? '?' : ''}${printFieldPath(field.path)}`
}

function printLiteral(literal: Literal): string {
  const { value } = literal
  if (value === null) return 'null'
  if (typeof value === 'string') return printString(value)
  if (typeof value === 'boolean') return String(value)

  return printNumber(value, literal.isInteger)
}

function printNumber(value: number, isInteger: boolean): string {
  const text = String(value)
  // a float keeps a fraction so it re-parses as a float (integer division depends on it)
  if (isInteger || !/^-?\d+$/.test(text)) return text

  return `${text}.0`
}

function wrap(expression: Expression, level: number): string {
  const text = printExpression(expression)

  return levelOf(expression) < level ? `(${text})` : text
}

function levelOf(expression: Expression): number {
  switch (expression.kind) {
    case 'Logical':
      return expression.operator === 'or' ? OR : AND
    case 'Not':
      return NOT
    case 'Comparison':
      return COMPARISON
    case 'Arithmetic':
      return expression.operator === '+' || expression.operator === '-' ? SUM : PRODUCT
    case 'Negate':
      return UNARY
    case 'Match':
    case 'In':
      return PREDICATE
    case 'Literal':
      // "-1 in (..)" would parse as -(1 in (..)): a negative literal binds like unary minus
      return typeof expression.value === 'number' && expression.value < 0 ? UNARY : PRIMARY
    case 'Field':
    case 'FunctionCall':
      return PRIMARY
  }
}

function isPlainName(text: string): boolean {
  if (text === '' || KEYWORDS.has(text) || !isIdentifierStart(text.charAt(0))) return false
  for (let i = 1; i < text.length; i++) if (!isIdentifierPart(text.charAt(i))) return false

  return true
}

function escapeChar(char: string): string {
  switch (char) {
    case '\\':
      return '\\\\'
    case '"':
      return '\\"'
    case '\n':
      return '\\n'
    case '\r':
      return '\\r'
    case '\t':
      return '\\t'
    default: {
      const code = char.codePointAt(0) ?? 0

      return code < 0x20 || code === 0x7f ? `\\u{${code.toString(16).padStart(2, '0')}}` : char
    }
  }
}
