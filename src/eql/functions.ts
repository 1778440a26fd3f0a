import type { FunctionName } from './ast.ts'

/** The type of a value as far as the parser can tell without a schema. */
export type ValueType = 'number' | 'string' | 'boolean' | 'null' | 'unknown'

/**
 * What a parameter accepts. `integer` is a number written without fraction; a `literal` parameter
 * must be written as a constant (ES folds it at planning time).
 */
export interface ParameterSpec {
  readonly name: string
  readonly type: 'number' | 'integer' | 'string' | 'boolean' | 'any'
  readonly isLiteral?: boolean
}

/** The signature of one EQL function (ES function reference). */
export interface FunctionSignature {
  readonly name: FunctionName
  readonly params: readonly ParameterSpec[]
  /** how many leading params are required */
  readonly required: number
  /** the last param repeats without bound (`concat`, `cidrMatch`) */
  readonly isVariadic: boolean
  readonly returns: ValueType
  /** has a `name~` form (documented for between, endsWith, indexOf, startsWith, stringContains) */
  readonly hasInsensitiveForm: boolean
}

const NUMBER_PAIR: readonly ParameterSpec[] = [
  { name: 'left', type: 'number' },
  { name: 'right', type: 'number' },
]
const SOURCE_AND_SUBSTRING: readonly ParameterSpec[] = [
  { name: 'source', type: 'string' },
  { name: 'substring', type: 'string' },
]

const SIGNATURES: readonly FunctionSignature[] = [
  math('add'),
  {
    name: 'between',
    params: [
      { name: 'source', type: 'string' },
      { name: 'left', type: 'string' },
      { name: 'right', type: 'string' },
      { name: 'greedy', type: 'boolean', isLiteral: true },
    ],
    required: 3,
    isVariadic: false,
    returns: 'string',
    hasInsensitiveForm: true,
  },
  {
    name: 'cidrMatch',
    params: [
      { name: 'ip', type: 'any' },
      { name: 'cidr', type: 'string', isLiteral: true },
    ],
    required: 2,
    isVariadic: true,
    returns: 'boolean',
    hasInsensitiveForm: false,
  },
  fixed('concat', [{ name: 'value', type: 'any' }], 'string', { isVariadic: true }),
  math('divide'),
  fixed('endsWith', SOURCE_AND_SUBSTRING, 'boolean', { hasInsensitiveForm: true }),
  fixed('indexOf', [...SOURCE_AND_SUBSTRING, { name: 'start', type: 'integer' }], 'number', {
    required: 2,
    hasInsensitiveForm: true,
  }),
  fixed('length', [{ name: 'source', type: 'string' }], 'number'),
  math('modulo'),
  math('multiply'),
  fixed(
    'number',
    [
      { name: 'source', type: 'string' },
      { name: 'base', type: 'integer' },
    ],
    'number',
    { required: 1 },
  ),
  fixed('startsWith', SOURCE_AND_SUBSTRING, 'boolean', { hasInsensitiveForm: true }),
  fixed('string', [{ name: 'value', type: 'any' }], 'string'),
  fixed('stringContains', SOURCE_AND_SUBSTRING, 'boolean', { hasInsensitiveForm: true }),
  fixed(
    'substring',
    [
      { name: 'source', type: 'string' },
      { name: 'start', type: 'integer' },
      { name: 'end', type: 'integer' },
    ],
    'string',
    { required: 2 },
  ),
  math('subtract'),
]

const BY_LOWER_NAME: ReadonlyMap<string, FunctionSignature> = new Map(
  SIGNATURES.map((signature) => [signature.name.toLowerCase(), signature]),
)

/**
 * Endgame functions Elasticsearch does not implement, with what to use instead (ES syntax
 * reference, "Differences from Endgame EQL syntax").
 */
export const ENDGAME_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['wildcard', 'use ":" or "like" with a pattern'],
  ['match', 'use "regex"'],
  ['matchlite', 'use "regex"'],
  ['arraycontains', 'array functions are not supported'],
  ['arraysearch', 'array functions are not supported'],
  ['arraycount', 'array functions are not supported'],
  ['safe', 'the safe function is not supported'],
])

/** Finds a function by name, case-insensitively (`STARTSWITH` is `startsWith`). */
export function findFunction(name: string): FunctionSignature | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase())
}

/** Every signature, in name order. */
export function listFunctions(): readonly FunctionSignature[] {
  return SIGNATURES
}

/** Known function names within edit distance 2 of `name` (for "did you mean"), best first. */
export function suggestFunctions(name: string): readonly FunctionName[] {
  const lower = name.toLowerCase()
  const scored = SIGNATURES.map((s) => ({
    name: s.name,
    distance: editDistance(lower, s.name.toLowerCase()),
  }))

  return scored
    .filter((entry) => entry.distance <= Math.max(2, Math.floor(lower.length / 4)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map((entry) => entry.name)
}

function math(name: FunctionName): FunctionSignature {
  return fixed(name, NUMBER_PAIR, 'number')
}

function fixed(
  name: FunctionName,
  params: readonly ParameterSpec[],
  returns: ValueType,
  options: { required?: number; isVariadic?: boolean; hasInsensitiveForm?: boolean } = {},
): FunctionSignature {
  return {
    name,
    params,
    required: options.required ?? params.length,
    isVariadic: options.isVariadic ?? false,
    returns,
    hasInsensitiveForm: options.hasInsensitiveForm ?? false,
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      )
    }

    previous = current
  }

  return previous[b.length] ?? 0
}
