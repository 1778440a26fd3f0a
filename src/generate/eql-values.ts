import type { Expression } from '../eql/index.ts'
import { getFieldValues } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import { compareUtf8 } from '../compile/index.ts'
import type { Cidr } from './ip.ts'
import { isInCidr, parseCidr, parseIp } from './ip.ts'

/** A scalar an EQL expression yields. */
export type Scalar = string | number | boolean

/**
 * The values an expression takes on an event: every value of a multi-valued field, none for a
 * missing field or a null result (functions of a missing argument are null, FN).
 */
export function valuesOf(expr: Expression, event: EcsEvent): Scalar[] {
  switch (expr.kind) {
    case 'Literal':
      return expr.value === null ? [] : [expr.value]
    case 'Field':
      return getFieldValues(event, expr.path).filter(isScalar)
    case 'FunctionCall':
      return callValues(expr.name, expr.args, expr.isCaseInsensitive, event)
    default:
      throw new Error(`no value for ${expr.kind}`)
  }
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

function callValues(
  name: string,
  args: readonly Expression[],
  isInsensitive: boolean,
  event: EcsEvent,
): Scalar[] {
  const [first, ...rest] = args.map((a) => valuesOf(a, event))
  if (first === undefined) return []
  if (name === 'length') return first.map((v) => String(v).length)
  if (name === 'cidrMatch') return [cidrMatch(first, rest.flat())]

  const needle = rest[0]?.[0]
  if (needle === undefined) return []
  const fold = (s: Scalar): string => (isInsensitive ? String(s).toLowerCase() : String(s))
  const test = STRING_TESTS[name]
  if (test === undefined) throw new Error(`no value for ${name}`)

  return first.length === 0 ? [] : [first.some((v) => test(fold(v), fold(needle)))]
}

const STRING_TESTS: Readonly<Record<string, (source: string, sub: string) => boolean>> = {
  // stringContains is false for an empty source or substring (eql-semantics B.6)
  stringContains: (s, sub) => s !== '' && sub !== '' && s.includes(sub),
  startsWith: (s, sub) => s.startsWith(sub),
  endsWith: (s, sub) => s.endsWith(sub),
}

const CIDRS = new Map<string, Cidr | null>()

function cidrOf(text: string): Cidr | null {
  let cidr = CIDRS.get(text)
  if (cidr === undefined) {
    cidr = parseCidr(text)
    CIDRS.set(text, cidr)
  }

  return cidr
}

function cidrMatch(addresses: readonly Scalar[], blocks: readonly Scalar[]): boolean {
  const cidrs = blocks.map((b) => cidrOf(String(b)))

  return addresses.some((a) => {
    const ip = parseIp(String(a))

    return ip !== null && cidrs.some((c) => c !== null && isInCidr(ip, c))
  })
}

/** EQL equality of a field value and a literal (ip fields compare as addresses or CIDR). */
export function scalarEquals(value: Scalar, literal: Scalar, isIpField: boolean): boolean {
  if (isIpField && typeof value === 'string' && typeof literal === 'string') {
    const ip = parseIp(value)
    const cidr = cidrOf(literal)

    return ip !== null && cidr !== null && isInCidr(ip, cidr)
  }

  if (typeof value === typeof literal) return value === literal
  if (typeof value === 'boolean' || typeof literal === 'boolean') {
    return String(value) === String(literal)
  }

  return Number(value) === Number(literal) && String(value).trim() !== ''
}

/** The sign of `value` compared with `literal`: numbers numerically, strings by UTF-8 bytes. */
export function scalarCompare(value: Scalar, literal: Scalar): number | null {
  if (typeof value === 'string' && typeof literal === 'string') return compareUtf8(value, literal)

  const left = Number(value)
  const right = Number(literal)
  if (Number.isNaN(left) || Number.isNaN(right)) return null

  return Math.sign(left - right)
}
