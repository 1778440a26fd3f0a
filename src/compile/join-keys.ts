import type { Field } from '../eql/ast.ts'
import type { EcsEvent } from '../ecs/index.ts'
import { compileFieldRead, compileIpTextRead, fieldKindOf } from './field.ts'
import type { FieldRead } from './field.ts'
import type { JoinKeyExtractor, JoinValue } from './plan.ts'
import type { Scalar } from './value.ts'

const NO_KEYS: readonly (readonly JoinValue[])[] = [[]]

/**
 * Compiles the join-key extractor of a step: the keys in order (shared `by` keys first), each
 * value normalised by the field's type so that equal keys are `===` (an ECS keyword field's
 * `5` and `"5"` are both `"5"`, a numeric field's `"5"` is `5`, an ip is its canonical text, a
 * date its epoch ms; outside ECS the JSON type is kept, so `5` and `"5"` differ, as a long and
 * a keyword key differ in Elasticsearch).
 */
export function compileJoinKeys(fields: readonly Field[]): JoinKeyExtractor {
  if (fields.length === 0) return () => NO_KEYS

  const general = compileGeneral(fields.map((field) => keyReader(field)))
  const reads = fields.map((field) => scalarReader(field))

  // nearly always one scalar per key: one tuple, built without the general expansion
  return (event) => {
    const tuple = new Array<JoinValue>(reads.length)
    for (let i = 0; i < reads.length; i++) {
      const value = (reads[i] as ScalarReader)(event)
      if (value === NOT_SCALAR) return general(event)
      if (value === MISSING_KEY) return null

      tuple[i] = value
    }

    return [tuple]
  }
}

function compileGeneral(
  readers: readonly ((event: EcsEvent) => readonly JoinValue[] | null)[],
): JoinKeyExtractor {
  return (event) => {
    const columns: (readonly JoinValue[])[] = []
    for (const reader of readers) {
      const values = reader(event)
      if (values === null) return null

      columns.push(values)
    }

    return product(columns)
  }
}

const NOT_SCALAR = Symbol('not a scalar')
const MISSING_KEY = Symbol('missing key')

type ScalarReader = (event: EcsEvent) => JoinValue | typeof NOT_SCALAR | typeof MISSING_KEY

// one key's value when it is a single scalar (null for a missing optional key), or why not
function scalarReader(field: Field): ScalarReader {
  const { read } = keyRead(field)
  const missing = field.isOptional ? null : MISSING_KEY

  return (event) => {
    const value = read(event)
    if (value === null) return missing
    if (Array.isArray(value)) return NOT_SCALAR

    return value as JoinValue
  }
}

// the distinct values of one key; null when a non-optional key is missing, [null] when optional
function keyReader(field: Field): (event: EcsEvent) => readonly JoinValue[] | null {
  const { read } = keyRead(field)
  const missing: readonly JoinValue[] | null = field.isOptional ? [null] : null

  return (event) => {
    const value = read(event)
    if (value === null) return missing
    if (!Array.isArray(value)) return [value as JoinValue]

    return distinct(value as readonly Scalar[], missing)
  }
}

// a key's values typed by its field; an ip as its printed text, which equal addresses share
function keyRead(field: Field): FieldRead {
  return fieldKindOf(field.path) === 'ip'
    ? compileIpTextRead(field.path)
    : compileFieldRead(field.path)
}

function distinct(
  values: readonly Scalar[],
  missing: readonly JoinValue[] | null,
): readonly JoinValue[] | null {
  const seen = new Set<JoinValue>()
  for (const value of values) if (value !== null) seen.add(value)
  if (seen.size === 0) return missing

  return [...seen]
}

function product(columns: readonly (readonly JoinValue[])[]): (readonly JoinValue[])[] {
  // nearly always one value per key: one tuple, built without the general expansion
  if (columns.every((column) => column.length === 1))
    return [columns.map((column) => column[0] ?? null)]

  let tuples: JoinValue[][] = [[]]
  for (const column of columns) {
    tuples = tuples.flatMap((tuple) => column.map((value) => [...tuple, value]))
  }

  return tuples
}
