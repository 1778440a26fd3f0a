import type { Expression, In, Literal, Match } from '../eql/ast.ts'
import { lowerRoot } from './case-fold.ts'
import { compareValues } from './compare.ts'
import type { CompileContext } from './context.ts'
import { parseDateRange } from './date.ts'
import type { FieldKind } from './field.ts'
import { compileFieldRead } from './field.ts'
import { asBoolean, asNumber } from './field-comparison.ts'
import { ipRange } from './ip.ts'
import { compileRegexList } from './regex.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { Evaluator, NumericKind, Scalar, Value } from './value.ts'
import { someScalar, stringify } from './value.ts'
import { compileWildcardList } from './wildcard.ts'

/** Compiles a value sub-expression (provided by the expression compiler, to break the cycle). */
export type ValueCompiler = (expr: Expression) => { evaluate: Evaluator; numericKind: NumericKind }

/**
 * A membership-like test (`:`, `like`, `regex`, `in`) split into the subject and a test of one
 * non-null subject value; `matchesMissing` tells whether a null/missing subject is a member
 * (`in (null, …)`).
 */
export interface MembershipTest {
  readonly subject: Evaluator
  readonly test: (scalar: Scalar) => boolean
  readonly matchesMissing: boolean
}

/** Compiles `subject : patterns` and its `like`/`regex` forms. */
export function compileMatch(
  node: Match,
  context: CompileContext,
  compileValue: ValueCompiler,
): MembershipTest {
  const subject = subjectOf(node.subject, compileValue)
  const isCaseInsensitive = node.operator === ':' || node.operator.endsWith('~')
  const stringTest =
    node.operator === 'regex' || node.operator === 'regex~'
      ? compileRegexList(node.patterns, isCaseInsensitive, context)
      : compileWildcardList(
          node.patterns.map((p) => String(p.value)),
          isCaseInsensitive,
        )

  // wildcard and regex queries run on keyword terms: a number in a keyword field is its text
  const test = (s: Scalar): boolean =>
    typeof s === 'string' ? stringTest(s) : s !== null && stringTest(stringify(s, 'any'))

  return { subject, test, matchesMissing: false }
}

function subjectOf(expr: Expression, compileValue: ValueCompiler): Evaluator {
  if (expr.kind !== 'Field') return compileValue(expr).evaluate

  // ip and date values keep their text for pattern matching
  const kind = fieldKindForText(expr.path)

  return compileFieldRead(expr.path, kind).read
}

function fieldKindForText(path: string): FieldKind {
  const kind = compileFieldRead(path).kind

  return kind === 'ip' || kind === 'date' ? 'json' : kind
}

/** Compiles `subject in (...)` / `in~` (the negation is applied by the caller). */
export function compileIn(node: In, compileValue: ValueCompiler): MembershipTest {
  const literals = node.values.filter((v) => v.kind === 'Literal')
  if (literals.length !== node.values.length) return compileGenericIn(node, compileValue)

  const matchesMissing = literals.some((l) => l.value === null)
  const present = literals.filter((l) => l.value !== null)
  if (node.subject.kind !== 'Field') {
    const subject = compileValue(node.subject).evaluate

    return {
      subject,
      test: literalSetTest('json', present, node.isCaseInsensitive),
      matchesMissing,
    }
  }

  const read = compileFieldRead(node.subject.path)

  return {
    subject: read.read,
    test: literalSetTest(read.kind, present, node.isCaseInsensitive),
    matchesMissing,
  }
}

function literalSetTest(
  kind: FieldKind,
  literals: readonly Literal[],
  isCaseInsensitive: boolean,
): (s: Scalar) => boolean {
  const values = literals.map((l) => l.value).filter((v) => v !== null)
  const texts = new Set(
    literals.map((l) => {
      const text = stringify(l.value as string | number | boolean, l.isInteger ? 'int' : 'float')

      return isCaseInsensitive ? lowerRoot(text) : text
    }),
  )
  const numbers = new Set(values.map(asNumber).filter((n) => n !== undefined))
  const booleans = new Set(values.map(asBoolean).filter((b) => b !== undefined))
  const text = isCaseInsensitive
    ? (s: string) => texts.has(lowerRoot(s))
    : (s: string) => texts.has(s)

  switch (kind) {
    case 'string':
      return (s) => typeof s === 'string' && text(s)
    case 'int':
    case 'float':
      return (s) => typeof s === 'number' && numbers.has(s)
    case 'boolean':
      return (s) => typeof s === 'boolean' && booleans.has(s)
    case 'date':
      return rangeTest(values.map((v) => (typeof v === 'boolean' ? null : parseDateRange(v))))
    case 'ip':
      return rangeTest(values.map((v) => (typeof v === 'string' ? ipRange(v) : null)))
    case 'json':
      return (s) => {
        if (typeof s === 'string') return text(s)

        return typeof s === 'number' ? numbers.has(s) : booleans.has(s as boolean)
      }
  }
}

function rangeTest<T extends string | number>(
  ranges: readonly ({ readonly low: T; readonly high: T } | null)[],
): (s: Scalar) => boolean {
  const valid = ranges.filter((r) => r !== null)

  return (s) => {
    if (s === null || typeof s === 'boolean') return false

    for (const r of valid) if (typeof s === typeof r.low && s >= r.low && s <= r.high) return true

    return false
  }
}

// list members that are expressions: equality against each computed member
function compileGenericIn(node: In, compileValue: ValueCompiler): MembershipTest {
  const subject = compileValue(node.subject).evaluate
  const members = node.values.map((v) => compileValue(v).evaluate)
  const fold = (s: Scalar): Scalar =>
    node.isCaseInsensitive && typeof s === 'string' ? lowerRoot(s) : s
  let current: EcsEvent = {}
  const wrapped: Evaluator = (event) => {
    current = event

    return subject(event)
  }

  const test = (s: Scalar): boolean =>
    members.some((member) => {
      const value = member(current)
      const folded = Array.isArray(value)
        ? (value as readonly Scalar[]).map(fold)
        : fold(value as Scalar)

      return compareValues(fold(s), folded, '==') === true
    })

  return { subject: wrapped, test, matchesMissing: false }
}

/** Whether any value of the subject is a member (missing subjects per `matchesMissing`). */
export function isMember(membership: MembershipTest, value: Value): boolean {
  if (value === null || (Array.isArray(value) && value.length === 0))
    return membership.matchesMissing

  return someScalar(value, membership.test)
}
