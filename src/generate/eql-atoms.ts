import type { Comparison, Expression, FunctionCall, In, Literal, Match } from '../eql/index.ts'
import { holds } from '../compile/index.ts'
import { printExpression } from '../eql/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import { GenerationError } from './errors.ts'
import type { Atom, Formula, ProposeContext } from './formula.ts'
import { ABSENT } from './formula.ts'
import { addressInCidr, parseCidr } from './ip.ts'
import { compileRegexTester, sampleRegex } from './regex-gen.ts'
import type { Scalar } from './eql-values.ts'
import { scalarCompare, scalarEquals, valuesOf } from './eql-values.ts'
import { defaultValue, valueKindOf, variantsOf } from './values.ts'
import { instantiate, parseEqlPattern, patternTester } from './wildcard.ts'

const MIRROR = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const
const OUTSIDE_ADDRESSES = ['192.0.2.77', '203.0.113.9', '2001:db8::7']

/** Turns an EQL condition into a formula whose atoms each constrain one field. */
export function eqlFormula(expr: Expression): Formula {
  switch (expr.kind) {
    case 'Not':
      return { kind: 'not', item: eqlFormula(expr.operand) }
    case 'Logical':
      return { kind: expr.operator, items: expr.operands.map(eqlFormula) }
    case 'Literal':
      return { kind: 'const', value: expr.value !== null && expr.value !== false }
    case 'Field':
      return atom(booleanFieldAtom(expr.path, expr))
    case 'Comparison':
      return comparisonFormula(expr)
    case 'Match':
      return atom(matchAtom(expr))
    case 'In':
      return atom(inAtom(expr))
    case 'FunctionCall':
      return atom(functionAtom(expr))
    default:
      throw unsupported(expr, 'arithmetic as a condition')
  }
}

function atom(value: Atom): Formula {
  return { kind: 'atom', atom: value }
}

function unsupported(expr: Expression, why: string): GenerationError {
  return new GenerationError(
    'ERR_GEN_UNSUPPORTED',
    `cannot generate values for "${printExpression(expr)}": ${why}`,
    expr.span,
  )
}

function subjectField(expr: Expression): string {
  if (expr.kind === 'Field') return expr.path
  if (expr.kind === 'FunctionCall' && expr.args[0]?.kind === 'Field') {
    const others = expr.args.slice(1)
    if (others.every((a) => a.kind === 'Literal')) return expr.args[0].path
  }

  throw unsupported(
    expr,
    'an argument is an expression over another field (substring, concat, string)',
  )
}

function makeAtom(
  expr: Expression,
  field: string,
  test: (event: EcsEvent) => boolean,
  propose: (context: ProposeContext, wanted: boolean) => readonly unknown[],
  minLength?: number,
): Atom {
  const base = { field, text: printExpression(expr), span: expr.span, test, propose }

  return minLength === undefined ? base : { ...base, minLength }
}

function booleanFieldAtom(field: string, expr: Expression): Atom {
  const isTrue = (v: Scalar): boolean => v === true || v === 'true'

  return makeAtom(
    expr,
    field,
    (event) => valuesOf(expr, event).some(isTrue),
    (_c, wanted) => [wanted],
  )
}

function comparisonFormula(expr: Comparison): Formula {
  const isLiteralLeft = expr.left.kind === 'Literal'
  const subject = isLiteralLeft ? expr.right : expr.left
  const other = isLiteralLeft ? expr.left : expr.right
  const op = isLiteralLeft ? MIRROR[expr.operator] : expr.operator
  if (other.kind !== 'Literal') {
    if (subject.kind === 'Literal')
      return comparisonFormula({ ...expr, left: other, right: subject })
    throw unsupported(expr, 'compares two fields or expressions')
  }

  if (subject.kind === 'Literal')
    return { kind: 'const', value: constantCompare(subject, op, other) }
  if (isBooleanCall(subject) && typeof other.value === 'boolean' && (op === '==' || op === '!=')) {
    const call = atom(functionAtom(subject))

    return other.value === (op === '==') ? call : { kind: 'not', item: call }
  }

  return atom(comparisonAtom(expr, subject, op, other))
}

function isBooleanCall(expr: Expression): expr is FunctionCall {
  return expr.kind === 'FunctionCall' && expr.name !== 'length'
}

function constantCompare(left: Literal, op: Comparison['operator'], right: Literal): boolean {
  if (left.value === null || right.value === null)
    return (op === '==') === (left.value === right.value)
  const sign = scalarCompare(left.value, right.value)

  return sign !== null && holds(sign, op)
}

function comparisonAtom(
  expr: Comparison,
  subject: Expression,
  op: Comparison['operator'],
  literal: Literal,
): Atom {
  if (subject.kind === 'FunctionCall' && subject.name !== 'length') {
    throw unsupported(expr, `compares the result of ${subject.name}`)
  }

  const field = subjectField(subject)
  const isIp = subject.kind === 'Field' && valueKindOf(field) === 'ip'
  const value = literal.value
  const test = comparisonTest(subject, op, value, isIp)
  if (subject.kind === 'FunctionCall') return lengthAtom(expr, field, op, Number(value), test)

  const propose = (c: ProposeContext, wanted: boolean): unknown[] => {
    if (value === null) return (op === '==') === wanted ? [ABSENT] : [defaultValue(field, c.random)]
    const exact = isIp && typeof value === 'string' ? ipInside(value) : value
    const near =
      typeof value === 'number' ? [value + 1, value - 1, value] : [exact, `${String(value)}a`, '']

    return [exact, ...near, ...variantsOf(exact, field, c.random)]
  }

  return makeAtom(expr, field, test, propose)
}

function ipInside(value: string): string {
  const cidr = parseCidr(value)

  return cidr === null ? value : addressInCidr(cidr)
}

function comparisonTest(
  subject: Expression,
  op: Comparison['operator'],
  value: Literal['value'],
  isIp: boolean,
): (event: EcsEvent) => boolean {
  if (value === null) return (event) => (valuesOf(subject, event).length === 0) === (op === '==')
  if (op === '==')
    return (event) => valuesOf(subject, event).some((v) => scalarEquals(v, value, isIp))
  // `!=` on a field is a must_not term: no value may equal, and a missing field passes
  if (op === '!=' && subject.kind === 'Field') {
    return (event) => !valuesOf(subject, event).some((v) => scalarEquals(v, value, isIp))
  }

  return (event) =>
    valuesOf(subject, event).some((v) => {
      const sign = scalarCompare(v, value)

      return sign !== null && holds(sign, op)
    })
}

function lengthAtom(
  expr: Comparison,
  field: string,
  op: Comparison['operator'],
  target: number,
  test: (event: EcsEvent) => boolean,
): Atom {
  const needs = op === '>' ? target + 1 : op === '>=' || op === '==' ? target : 0
  const propose = (): string[] =>
    [target - 1, target, target + 1].filter((n) => n >= 0).map((n) => 'a'.repeat(n))

  return makeAtom(expr, field, test, propose, needs)
}

function matchAtom(expr: Match): Atom {
  const field = subjectField(expr.subject)
  const isInsensitive = expr.operator !== 'like' && expr.operator !== 'regex'
  const patterns = expr.patterns.map((p) => String(p.value))
  if (expr.operator === 'regex' || expr.operator === 'regex~')
    return regexAtom(expr, field, patterns, isInsensitive)

  const parsed = patterns.map(parseEqlPattern)
  const testers = parsed.map((p) => patternTester(p, isInsensitive))
  const test = (event: EcsEvent): boolean =>
    valuesOf(expr.subject, event).some((v) => testers.some((t) => t(String(v))))
  const propose = (c: ProposeContext, wanted: boolean): unknown[] => {
    const instances = parsed.flatMap((p) => [
      instantiate(p, c.random, 0),
      instantiate(p, c.random, 1),
      instantiate(p, c.random, 2, c.minLength),
    ])

    return wanted
      ? instances
      : [defaultValue(field, c.random), ...instances.flatMap((i) => variantsOf(i, field, c.random))]
  }

  return makeAtom(expr, field, test, propose)
}

function regexAtom(
  expr: Match,
  field: string,
  patterns: readonly string[],
  isInsensitive: boolean,
): Atom {
  const testers = patterns.map((p) => compileRegexTester(p, isInsensitive))
  const samples = patterns.map(sampleRegex).filter((s): s is string => s !== null)
  const usable = testers.filter((t): t is (value: string) => boolean => typeof t === 'function')
  if (usable.length === 0 || samples.length === 0)
    throw unsupported(expr, 'regular expression too complex to sample')

  const test = (event: EcsEvent): boolean =>
    valuesOf(expr.subject, event).some((v) => usable.some((t) => t(String(v))))
  const propose = (c: ProposeContext, wanted: boolean): unknown[] =>
    wanted
      ? samples
      : [defaultValue(field, c.random), ...samples.flatMap((s) => variantsOf(s, field, c.random))]

  return makeAtom(expr, field, test, propose)
}

function inAtom(expr: In): Atom {
  const field = subjectField(expr.subject)
  const isIp = expr.subject.kind === 'Field' && valueKindOf(field) === 'ip'
  const members = expr.values.map((v) => {
    if (v.kind !== 'Literal' || v.value === null)
      throw unsupported(expr, 'a list member is not a literal')

    return v.value
  })
  const fold = (s: Scalar): Scalar =>
    expr.isCaseInsensitive && typeof s === 'string' ? s.toLowerCase() : s
  const isMember = (v: Scalar): boolean => members.some((m) => scalarEquals(fold(v), fold(m), isIp))
  const test = (event: EcsEvent): boolean =>
    valuesOf(expr.subject, event).some(isMember) !== expr.isNegated
  const propose = (c: ProposeContext, wanted: boolean): unknown[] => {
    const inside = members.map((m) => (isIp && typeof m === 'string' ? ipInside(m) : m))
    const outside = [
      defaultValue(field, c.random),
      ...inside.flatMap((m) => variantsOf(m, field, c.random)),
    ]

    return wanted !== expr.isNegated ? inside : outside
  }

  return makeAtom(expr, field, test, propose)
}

const TWO_FIELD_TESTS = new Set(['startsWith', 'endsWith', 'stringContains'])

// `startsWith(a, b)` with two fields: a is built from the value already chosen for b
function twoFieldAtom(expr: FunctionCall, field: string, other: string): Atom {
  const test = (event: EcsEvent): boolean => valuesOf(expr, event).some((v) => v === true)
  const propose = (c: ProposeContext, wanted: boolean): unknown[] => {
    const peer = c.peers.get(other)
    const base = typeof peer === 'string' || typeof peer === 'number' ? String(peer) : ''
    if (!wanted) return [defaultValue(field, c.random), 'benign', `zz${base}zz`]
    if (expr.name === 'startsWith') return [`${base}acme`, base]

    return expr.name === 'endsWith' ? [`acme${base}`, base] : [`acme ${base} acme`, base]
  }

  return { ...makeAtom(expr, field, test, propose), reads: [other] }
}

function functionAtom(expr: FunctionCall): Atom {
  const [subject, second] = expr.args
  if (subject?.kind === 'Field' && second?.kind === 'Field' && TWO_FIELD_TESTS.has(expr.name)) {
    return twoFieldAtom(expr, subject.path, second.path)
  }

  const field = subjectField(expr)
  const needle = expr.args[1]?.kind === 'Literal' ? String(expr.args[1].value) : ''
  const test = (event: EcsEvent): boolean => valuesOf(expr, event).some((v) => v === true)
  const outside = (c: ProposeContext): unknown[] =>
    expr.name === 'cidrMatch' ? OUTSIDE_ADDRESSES : [defaultValue(field, c.random), 'benign']
  const inside = (): unknown[] => {
    switch (expr.name) {
      case 'stringContains':
        return [`acme ${needle} acme`, needle]
      case 'startsWith':
        return [`${needle}acme`, needle]
      case 'endsWith':
        return [`acme${needle}`, needle]
      case 'cidrMatch':
        return expr.args.slice(1).map((a) => ipInside(a.kind === 'Literal' ? String(a.value) : ''))
      default:
        throw unsupported(expr, `${expr.name} as a condition`)
    }
  }
  // fail early, at build time, for functions that are no condition
  inside()

  return makeAtom(expr, field, test, (c, wanted) => (wanted ? inside() : outside(c)))
}
