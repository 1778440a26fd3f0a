import { EcsFlat } from '@elastic/ecs'

/**
 * The Elasticsearch field type ECS assigns to a field, as the mapping an Elastic index would use.
 * Only the types that change how a value matches are distinguished; everything else is `other`.
 */
export type EcsType =
  | 'keyword'
  | 'constant_keyword'
  | 'wildcard'
  | 'match_only_text'
  | 'text'
  | 'ip'
  | 'date'
  | 'long'
  | 'integer'
  | 'float'
  | 'double'
  | 'scaled_float'
  | 'boolean'
  | 'geo_point'
  | 'object'
  | 'flattened'
  | 'nested'
  | 'other'

/** What ECS says about one field. */
export interface EcsFieldInfo {
  readonly name: string
  readonly type: EcsType
  /** `process.command_line.text` and the like: the sub-fields an index adds, with their types. */
  readonly multiFields: readonly { readonly name: string; readonly type: EcsType }[]
  /** Whether ECS documents the field as an array (`normalize: ["array"]`). */
  readonly isArray: boolean
}

interface RawField {
  readonly type?: string
  readonly normalize?: readonly string[]
  readonly multi_fields?: readonly { readonly flat_name: string; readonly type: string }[]
}

const KNOWN_TYPES = new Set<string>([
  'keyword',
  'constant_keyword',
  'wildcard',
  'match_only_text',
  'text',
  'ip',
  'date',
  'long',
  'integer',
  'float',
  'double',
  'scaled_float',
  'boolean',
  'geo_point',
  'object',
  'flattened',
  'nested',
])

let table: Map<string, EcsFieldInfo> | undefined

/** The ECS definition of a dotted field name, including multi-fields such as `x.text`. */
export function ecsField(name: string): EcsFieldInfo | undefined {
  table ??= buildTable()

  return table.get(name)
}

/** The ECS type of a dotted field name, or `undefined` when the field is not in ECS. */
export function ecsFieldType(name: string): EcsType | undefined {
  return ecsField(name)?.type
}

/** Every ECS field name, in the order ECS lists them. */
export function ecsFieldNames(): string[] {
  table ??= buildTable()

  return [...table.keys()]
}

function buildTable(): Map<string, EcsFieldInfo> {
  const result = new Map<string, EcsFieldInfo>()
  const entries = Object.entries(EcsFlat as Record<string, RawField>)

  for (const [name, raw] of entries) {
    const multiFields = (raw.multi_fields ?? []).map((m) => ({
      name: m.flat_name,
      type: toType(m.type),
    }))
    const isArray = raw.normalize?.includes('array') ?? false
    result.set(name, { name, type: toType(raw.type), multiFields, isArray })

    for (const multi of multiFields) {
      result.set(multi.name, { name: multi.name, type: multi.type, multiFields: [], isArray })
    }
  }

  return result
}

function toType(type: string | undefined): EcsType {
  return type !== undefined && KNOWN_TYPES.has(type) ? (type as EcsType) : 'other'
}
