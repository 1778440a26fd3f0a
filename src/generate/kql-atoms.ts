import { getFieldValues } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { KqlLiteral, KqlNode, KqlRange, KqlValueExpr } from '../kql/index.ts'
import { isLoneWildcard, isWildcardLiteral, printKql, printLiteral } from '../kql/index.ts'
import { compareUtf8 } from '../compile/index.ts'
import { powershellTokens, standardTokens } from '../compile/kql/index.ts'
import { GenerationError } from './errors.ts'
import type { Atom, Formula, ProposeContext } from './formula.ts'
import { ABSENT } from './formula.ts'
import { addressInCidr, isInCidr, parseCidr, parseIp } from './ip.ts'
import type { KqlField } from './kql-fields.ts'
import { expandFieldPattern, resolveKqlField } from './kql-fields.ts'
import { rangeBound, readDateLiteral } from './kql-dates.ts'
import { defaultValue, variantsOf } from './values.ts'
import type { PatternPart } from './wildcard.ts'
import { instantiate, patternOfSegments, patternRegExp, patternTester } from './wildcard.ts'

/** Settings for KQL formulas. */
export interface KqlFormulaOptions {
  /** The instant `now` stands for in date math, epoch ms. */
  readonly now: number
}

const OUTSIDE_ADDRESSES = ['192.0.2.77', '203.0.113.9', '2001:db8::7']

/** Turns a KQL tree into a formula whose atoms each test one field. */
export function kqlFormula(node: KqlNode, options: KqlFormulaOptions, prefix = ''): Formula {
  switch (node.kind) {
    case 'matchAll':
      return { kind: 'const', value: true }
    case 'and':
    case 'or':
      return { kind: node.kind, items: node.children.map((c) => kqlFormula(c, options, prefix)) }
    case 'not':
      return { kind: 'not', item: kqlFormula(node.child, options, prefix) }
    case 'nested':
      return kqlFormula(node.query, options, `${prefix}${node.path.text}.`)
    case 'range':
      return { kind: 'atom', atom: rangeAtom(node, fieldsOf(node.field, prefix), options) }
    case 'is': {
      if (node.field === null) throw unsupported(node, 'free text without a field')
      if (
        isLoneWildcard(node.field) &&
        node.value.kind === 'literal' &&
        isLoneWildcard(node.value)
      ) {
        return { kind: 'const', value: true }
      }

      return valueFormula(node.value, fieldsOf(node.field, prefix), node, options)
    }
  }
}

function unsupported(node: KqlNode, why: string): GenerationError {
  return new GenerationError(
    'ERR_GEN_UNSUPPORTED',
    `cannot generate values for "${printKql(node)}": ${why}`,
    node.span,
  )
}

function fieldsOf(literal: KqlLiteral, prefix: string): KqlField[] {
  const name = `${prefix}${literal.text}`
  if (!isWildcardLiteral(literal)) return [resolveKqlField(name)]

  const pattern = patternRegExp(
    patternOfSegments(literal.segments.map((s, i) => (i === 0 ? prefix + s : s))),
    false,
  )
  const names = expandFieldPattern(pattern)
  // outside ECS the pattern expands over the event's own paths: write one concrete path
  if (names.length === 0) return [resolveKqlField(literal.segments.join('0').replace(/^/, prefix))]

  return names.map(resolveKqlField)
}

function valueFormula(
  value: KqlValueExpr,
  fields: readonly KqlField[],
  node: KqlNode,
  options: KqlFormulaOptions,
): Formula {
  switch (value.kind) {
    case 'valueOr':
    case 'valueAnd':
      return {
        kind: value.kind === 'valueOr' ? 'or' : 'and',
        items: value.children.map((c) => valueFormula(c, fields, node, options)),
      }
    case 'valueNot':
      return { kind: 'not', item: valueFormula(value.child, fields, node, options) }
    case 'literal':
      return { kind: 'atom', atom: isAtom(value, fields, node, options) }
  }
}

/** One `field:value` leaf: true when any of the fields (a wildcard name expands) matches. */
function isAtom(
  literal: KqlLiteral,
  fields: readonly KqlField[],
  node: KqlNode,
  options: KqlFormulaOptions,
): Atom {
  const matchers = fields.map((f) => ({ f, test: leafTest(literal, f, node, options) }))
  const first = fields[0]
  if (first === undefined) throw unsupported(node, 'no field')

  return {
    field: first.path,
    text: `${fields.length === 1 ? first.name : fields.map((f) => f.name).join('|')}:${printLiteral(literal)}`,
    span: literal.span,
    test: (event) => matchers.some((m) => m.test(event)),
    propose: (context, wanted) => proposeIs(literal, first, context, wanted, options),
  }
}

function readStrings(event: EcsEvent, field: KqlField): string[] {
  return getFieldValues(event, field.path)
    .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(String)
}

function leafTest(
  literal: KqlLiteral,
  field: KqlField,
  node: KqlNode,
  options: KqlFormulaOptions,
): (event: EcsEvent) => boolean {
  if (literal.type === 'null') throw unsupported(node, 'null value')
  if (isLoneWildcard(literal)) return (event) => readStrings(event, field).length > 0

  const text = literal.text
  if (!literal.isQuoted && isWildcardLiteral(literal)) return wildcardTest(literal, field, node)

  switch (field.kind) {
    case 'keyword':
    case 'exact':
      return (event) => readStrings(event, field).includes(text)
    case 'lowercase':
      return (event) =>
        readStrings(event, field).some((v) => v.toLowerCase() === text.toLowerCase())
    case 'text':
      return textTest(text, field, literal.isQuoted)
    case 'ip':
      return ipTest(text, node, field)
    case 'number':
      if (Number.isNaN(Number(text))) throw unsupported(node, 'a non-number on a numeric field')

      return (event) => readStrings(event, field).some((v) => Number(v) === Number(text))
    case 'boolean':
      return (event) => readStrings(event, field).includes(text)
    case 'date':
      return dateEqualTest(text, field, node, options)
  }
}

function wildcardTest(
  literal: KqlLiteral,
  field: KqlField,
  node: KqlNode,
): (event: EcsEvent) => boolean {
  const parts = patternOfSegments(literal.segments)
  switch (field.kind) {
    case 'keyword':
    case 'lowercase': {
      const tester = patternTester(parts, field.kind === 'lowercase')

      return (event) => readStrings(event, field).some(tester)
    }

    case 'exact':
    case 'text':
      return queryStringTest(literal, field)
    default:
      throw unsupported(node, `a wildcard on a ${field.kind} field`)
  }
}

// query_string: whitespace splits the pattern into OR'd clauses; a lone `*` clause is exists (M9)
function queryStringTest(literal: KqlLiteral, field: KqlField): (event: EcsEvent) => boolean {
  const isText = field.kind === 'text'
  const clauses = clausesOf(literal).map((c) => ({
    isExists: c.length === 2 && c[0] === '' && c[1] === '',
    tester: patternTester(patternOfSegments(isText ? c.map((s) => s.toLowerCase()) : c), false),
  }))
  const tokensOf = field.analyzer === 'powershell' ? powershellTokens : standardTokens

  return (event) => {
    const values = readStrings(event, field)
    const tokens = isText ? values.flatMap(tokensOf) : values

    return clauses.some((c) => (c.isExists ? values.length > 0 : tokens.some(c.tester)))
  }
}

// whitespace starts a new clause; a star boundary starts a new segment of the same clause
function clausesOf(literal: KqlLiteral): string[][] {
  const clauses: string[][] = [[]]
  for (const segment of literal.segments) {
    segment.split(/\s+/).forEach((piece, j) => {
      if (j > 0) clauses.push([])
      clauses[clauses.length - 1]?.push(piece)
    })
  }

  return clauses.filter((c) => c.some((s) => s !== '') || c.length > 1)
}

function textTest(text: string, field: KqlField, isPhrase: boolean): (event: EcsEvent) => boolean {
  const tokensOf = field.analyzer === 'powershell' ? powershellTokens : standardTokens
  const wanted = tokensOf(text)

  return (event) =>
    readStrings(event, field).some((v) => {
      const tokens = tokensOf(v)
      if (!isPhrase) return wanted.some((w) => tokens.includes(w))

      return (
        wanted.length > 0 && tokens.some((_t, i) => wanted.every((w, j) => tokens[i + j] === w))
      )
    })
}

function ipTest(text: string, node: KqlNode, field: KqlField): (event: EcsEvent) => boolean {
  const cidr = parseCidr(text)
  if (cidr === null) throw unsupported(node, 'an invalid address on an ip field')

  return (event) =>
    readStrings(event, field).some((v) => {
      const ip = parseIp(v)

      return ip !== null && isInCidr(ip, cidr)
    })
}

function dateEqualTest(
  text: string,
  field: KqlField,
  node: KqlNode,
  options: KqlFormulaOptions,
): (event: EcsEvent) => boolean {
  const literal = readDateLiteral(text, options.now)
  if (literal === null || literal.unit !== null || !/^\d+$|T\d\d:\d\d:\d\d/.test(text)) {
    throw unsupported(node, 'date equality on a partial date')
  }

  return (event) => readStrings(event, field).some((v) => Date.parse(v) === literal.at)
}

function proposeIs(
  literal: KqlLiteral,
  field: KqlField,
  context: ProposeContext,
  wanted: boolean,
  options: KqlFormulaOptions,
): unknown[] {
  if (isLoneWildcard(literal)) return wanted ? [defaultValue(field.path, context.random)] : [ABSENT]

  const inside = insideValues(literal, field, context, options)
  if (wanted) return inside

  return [
    defaultValue(field.path, context.random),
    ...inside.flatMap((v) => variantsOf(v, field.path, context.random)),
    ...OUTSIDE_ADDRESSES,
  ]
}

function insideValues(
  literal: KqlLiteral,
  field: KqlField,
  context: ProposeContext,
  options: KqlFormulaOptions,
): unknown[] {
  const text = literal.text
  if (!literal.isQuoted && isWildcardLiteral(literal))
    return wildcardInstances(literal, field, context)

  switch (field.kind) {
    case 'text':
      return [text, `acme ${text} acme`]
    case 'ip': {
      const cidr = parseCidr(text)

      return cidr === null ? [] : [addressInCidr(cidr)]
    }

    case 'number':
      return [Number(text)]
    case 'boolean':
      return [text === 'true']
    case 'date':
      return [new Date(readDateLiteral(text, options.now)?.at ?? 0).toISOString()]
    default:
      return [text]
  }
}

function wildcardInstances(
  literal: KqlLiteral,
  field: KqlField,
  context: ProposeContext,
): string[] {
  const whole = patternOfSegments(literal.segments)
  const patterns: PatternPart[][] =
    field.kind === 'exact' || field.kind === 'text'
      ? [whole, ...clausesOf(literal).map(patternOfSegments)]
      : [whole]

  return patterns.flatMap((p) => [
    instantiate(p, context.random, 0),
    instantiate(p, context.random, 1),
  ])
}

function rangeAtom(node: KqlRange, fields: readonly KqlField[], options: KqlFormulaOptions): Atom {
  const field = fields[0]
  if (field === undefined || fields.length > 1)
    throw unsupported(node, 'a range on a wildcard field name')

  const { compare, candidates } = rangeSide(node, field, options)
  const accepts = (sign: number): boolean => RANGE_TESTS[node.operator](sign)
  const test = (event: EcsEvent): boolean =>
    readStrings(event, field).some((v) => {
      const sign = compare(v)

      return sign !== null && accepts(sign)
    })

  return {
    field: field.path,
    text: printKql(node),
    span: node.span,
    test,
    propose: (context) => [...candidates, defaultValue(field.path, context.random)],
  }
}

const RANGE_TESTS = {
  '<': (s: number) => s < 0,
  '<=': (s: number) => s <= 0,
  '>': (s: number) => s > 0,
  '>=': (s: number) => s >= 0,
} as const

interface RangeSide {
  readonly compare: (value: string) => number | null
  readonly candidates: readonly unknown[]
}

function rangeSide(node: KqlRange, field: KqlField, options: KqlFormulaOptions): RangeSide {
  const text = node.value.text
  if (field.kind === 'number') {
    const bound = Number(text)
    if (Number.isNaN(bound)) throw unsupported(node, 'a non-number on a numeric field')

    return {
      compare: (v) => signOf(Number(v) - bound),
      candidates: [bound - 1, bound, bound + 1, Math.floor(bound) + 1],
    }
  }

  if (field.kind === 'date') return dateSide(node, options)
  if (field.kind === 'ip' || field.kind === 'text')
    throw unsupported(node, `a range on a ${field.kind} field`)

  return {
    compare: (v) => compareUtf8(v, text),
    candidates: [text, `${text}a`, '', text.slice(0, -1), `${text.slice(0, -1)}~`],
  }
}

function dateSide(node: KqlRange, options: KqlFormulaOptions): RangeSide {
  const literal = readDateLiteral(node.value.text, options.now)
  if (literal === null) throw unsupported(node, 'an unreadable date')

  const bound = rangeBound(literal, node.operator)
  const around = [0, 1, -1, 3_600_000, -3_600_000, 86_400_000 * 2, -86_400_000 * 2]

  return {
    compare: (v) => {
      const at = Date.parse(v)

      return Number.isNaN(at) ? null : signOf(at - bound)
    },
    candidates: around.map((d) => new Date(bound + d).toISOString()),
  }
}

function signOf(n: number): number | null {
  return Number.isNaN(n) ? null : Math.sign(n)
}
