import type { Expression, FunctionCall, FunctionName } from '../eql/ast.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { CompileContext } from './context.ts'
import { reportError } from './context.ts'
import { ipKey, ipRange, isInIpRange } from './ip.ts'
import type { IpRange } from './ip.ts'
import type { ValueCompiler } from './membership.ts'
import { arithmetic, resultKind } from './arithmetic.ts'
import * as text from './string-functions.ts'
import type { CompiledValue, Evaluator, NumericKind, Scalar, Value } from './value.ts'
import { stringify } from './value.ts'

type Impl = (args: readonly Scalar[], kinds: readonly NumericKind[]) => Scalar

interface Signature {
  readonly min: number
  readonly max: number
  /** The literal type each position requires (the last one repeats). */
  readonly types: readonly ('string' | 'number' | 'boolean' | 'any')[]
}

const SIGNATURES: Record<FunctionName, Signature> = {
  add: { min: 2, max: 2, types: ['number'] },
  subtract: { min: 2, max: 2, types: ['number'] },
  multiply: { min: 2, max: 2, types: ['number'] },
  divide: { min: 2, max: 2, types: ['number'] },
  modulo: { min: 2, max: 2, types: ['number'] },
  between: { min: 3, max: 4, types: ['string', 'string', 'string', 'boolean'] },
  cidrMatch: { min: 2, max: Infinity, types: ['string'] },
  concat: { min: 1, max: Infinity, types: ['any'] },
  endsWith: { min: 2, max: 2, types: ['string'] },
  startsWith: { min: 2, max: 2, types: ['string'] },
  stringContains: { min: 2, max: 2, types: ['string'] },
  indexOf: { min: 2, max: 3, types: ['string', 'string', 'number'] },
  length: { min: 1, max: 1, types: ['string'] },
  number: { min: 1, max: 2, types: ['string', 'number'] },
  string: { min: 1, max: 1, types: ['any'] },
  substring: { min: 2, max: 3, types: ['string', 'number'] },
}

/**
 * Compiles a function call. Arity and literal argument types are checked here (Elasticsearch's
 * verifier errors); a null required argument gives null; a multi-valued argument applies the
 * function to each value (the result is multi-valued).
 */
export function compileFunctionCall(
  node: FunctionCall,
  context: CompileContext,
  compileValue: ValueCompiler,
): CompiledValue {
  checkSignature(node, context)

  const args = node.args.map((arg) => compileValue(arg))
  const kinds = args.map((arg) => arg.numericKind)
  const impl =
    node.name === 'cidrMatch' ? cidrImpl(node, context) : implOf(node.name, node.isCaseInsensitive)
  const evaluators = args.map((arg) => arg.evaluate)

  return {
    evaluate: (event) => applyAll(impl, evaluators, kinds, event),
    numericKind: numericKindOfCall(node.name, kinds),
  }
}

function numericKindOfCall(name: FunctionName, kinds: readonly NumericKind[]): NumericKind {
  if (name === 'indexOf' || name === 'length') return 'int'
  if (['add', 'subtract', 'multiply', 'divide', 'modulo'].includes(name)) {
    return resultKind(kinds[0] ?? 'any', kinds[1] ?? 'any')
  }

  return 'any'
}

function checkSignature(node: FunctionCall, context: CompileContext): void {
  const signature = SIGNATURES[node.name]
  const count = node.args.length
  if (count < signature.min || count > signature.max) {
    const expected =
      signature.max === Infinity
        ? `at least ${signature.min}`
        : signature.min === signature.max
          ? `${signature.min}`
          : `${signature.min} to ${signature.max}`
    reportError(
      context,
      'ERR_EQL_FUNCTION_ARITY',
      `${node.name}() takes ${expected} arguments, got ${count}`,
      node.span,
    )

    return
  }

  node.args.forEach((arg, i) => {
    const expected = signature.types[Math.min(i, signature.types.length - 1)] ?? 'any'
    if (!isLiteralOfWrongType(arg, expected)) return

    reportError(
      context,
      'ERR_EQL_ARGUMENT_TYPE',
      `argument ${i + 1} of ${node.name}() must be a ${expected}`,
      arg.span,
    )
  })
}

function isLiteralOfWrongType(arg: Expression, expected: string): boolean {
  if (arg.kind !== 'Literal' || arg.value === null || expected === 'any') return false

  return typeof arg.value !== expected
}

// applies the function to every combination of argument values (multi-valued fields)
function applyAll(
  impl: Impl,
  evaluators: readonly Evaluator[],
  kinds: readonly NumericKind[],
  event: EcsEvent,
): Value {
  const values = evaluators.map((evaluate) => evaluate(event))
  if (!values.some((v) => Array.isArray(v))) return impl(values as Scalar[], kinds)

  const results: Scalar[] = []
  for (const combination of combinations(values)) results.push(impl(combination, kinds))

  return results
}

function combinations(values: readonly Value[]): Scalar[][] {
  let out: Scalar[][] = [[]]
  for (const value of values) {
    const options: readonly Scalar[] = Array.isArray(value)
      ? value.length === 0
        ? [null]
        : value
      : [value as Scalar]
    out = out.flatMap((prefix) => options.map((option) => [...prefix, option]))
  }

  return out
}

function str(value: Scalar, kind: NumericKind = 'any'): string | null {
  if (value === null) return null

  return stringify(value, kind)
}

function num(value: Scalar): number | null {
  return typeof value === 'number' ? value : null
}

function implOf(name: Exclude<FunctionName, 'cidrMatch'>, ci: boolean): Impl {
  switch (name) {
    case 'add':
    case 'subtract':
    case 'multiply':
    case 'divide':
    case 'modulo':
      return ([a = null, b = null], [ka = 'any', kb = 'any']) => arithmetic(name, a, b, ka, kb)
    case 'between':
      return ([s = null, l = null, r = null, g = null]) => {
        const [source, left, right] = [str(s), str(l), str(r)]
        if (source === null || left === null || right === null) return null

        return text.between(source, left, right, g === true, ci)
      }
    case 'concat':
      return (args, kinds) => {
        if (args.includes(null)) return null

        return args.map((a, i) => str(a, kinds[i])).join('')
      }
    case 'endsWith':
      return stringPair((s, t) => text.endsWith(s, t, ci))
    case 'startsWith':
      return stringPair((s, t) => text.startsWith(s, t, ci))
    case 'stringContains':
      return stringPair((s, t) => text.stringContains(s, t, ci))
    case 'indexOf':
      return ([s = null, t = null, start = null]) => {
        const [source, sub] = [str(s), str(t)]
        if (source === null || sub === null) return null

        return text.indexOf(source, sub, num(start) ?? 0, ci)
      }
    case 'length':
      return ([s = null]) => str(s)?.length ?? null
    case 'number':
      return ([s = null, base = null]) => {
        const source = str(s)

        return source === null ? null : text.parseNumber(source, num(base))
      }
    case 'string':
      return ([v = null], [kind = 'any']) => str(v, kind)
    case 'substring':
      return ([s = null, start = null, end = null]) => {
        const source = str(s)

        return source === null ? null : text.substring(source, num(start), num(end))
      }
  }
}

function stringPair(apply: (source: string, other: string) => boolean): Impl {
  return ([s = null, t = null]) => {
    const [source, other] = [str(s), str(t)]

    return source === null || other === null ? null : apply(source, other)
  }
}

// the CIDR blocks are literals (Elasticsearch requires constants): parsed once, here
function cidrImpl(node: FunctionCall, context: CompileContext): Impl {
  const ranges: IpRange[] = []
  for (const arg of node.args.slice(1)) {
    if (arg.kind !== 'Literal' || typeof arg.value !== 'string') {
      if (!(arg.kind === 'Literal' && arg.value === null)) {
        reportError(
          context,
          'ERR_EQL_ARGUMENT_TYPE',
          'cidrMatch() takes CIDR blocks as string literals',
          arg.span,
        )
      }

      continue
    }

    const range = ipRange(arg.value)
    if (range === null)
      reportError(context, 'ERR_EQL_CIDR', `"${arg.value}" is not a CIDR block`, arg.span)
    else ranges.push(range)
  }

  const hasNullBlock = node.args.slice(1).some((a) => a.kind === 'Literal' && a.value === null)

  return ([ip = null]) => {
    if (ip === null || hasNullBlock || typeof ip !== 'string') return null

    const key = ipKey(ip)

    if (key === null) return false

    for (const range of ranges) if (isInIpRange(key, range)) return true

    return false
  }
}
