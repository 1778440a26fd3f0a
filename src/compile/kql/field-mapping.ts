import { ecsField } from '../../ecs/index.ts'
import type { EcsType } from '../../ecs/index.ts'
import type { AnalyzerName } from './analysis.ts'

/**
 * How one field is mapped, reduced to what changes KQL matching (doc §2.4, D2, D6). Field types
 * come from ECS; Defend's `.caseless` multi-fields, a few integration fields and the
 * `ecs@mappings` name rules fill in the rest; anything else is `dynamic` (typed per JSON value).
 */

/** The matching families of §2.4. */
export type MatchKind =
  | 'keyword'
  | 'exact'
  | 'text'
  | 'ip'
  | 'date'
  | 'integer'
  | 'float'
  | 'double'
  | 'boolean'
  | 'flattened'
  | 'object'
  | 'nested'
  | 'unsearchable'
  | 'dynamic'

/** A resolved field. */
export interface FieldMapping {
  readonly name: string
  /** where the values are read: the parent for derived multi-fields (`x.caseless`, `x.text`) */
  readonly path: string
  readonly kind: MatchKind
  /** keyword with the lowercase normaliser (`.caseless`) */
  readonly isLowercase: boolean
  readonly analyzer: AnalyzerName
  /** longer strings are not indexed (D5) */
  readonly ignoreAbove: number
  /** false for dynamic fields, which no mapping describes */
  readonly isMapped: boolean
}

/** A caller-supplied mapping for fields ECS does not describe (integration fields). */
export interface KqlFieldSpec {
  readonly type: EcsType | 'short' | 'byte' | 'half_float' | 'date_nanos' | 'unsigned_long'
  readonly isLowercase?: boolean
  readonly analyzer?: AnalyzerName
  readonly ignoreAbove?: number
}

/** Looks up a caller-supplied mapping; `undefined` falls back to ECS and dynamic rules. */
export type FieldSpecLookup = (name: string) => KqlFieldSpec | undefined

const KEYWORD_IGNORE_ABOVE = 1024

// integration fields whose mapping changes matching (elastic/integrations windows package)
const INTEGRATION_FIELDS: ReadonlyMap<string, KqlFieldSpec> = new Map([
  ['powershell.file.script_block_text', { type: 'text', analyzer: 'powershell' }],
])

const KIND_OF_TYPE: Record<KqlFieldSpec['type'], MatchKind> = {
  keyword: 'keyword',
  constant_keyword: 'exact',
  wildcard: 'exact',
  match_only_text: 'text',
  text: 'text',
  ip: 'ip',
  date: 'date',
  date_nanos: 'date',
  long: 'integer',
  integer: 'integer',
  short: 'integer',
  byte: 'integer',
  unsigned_long: 'integer',
  float: 'float',
  half_float: 'float',
  double: 'double',
  scaled_float: 'double',
  boolean: 'boolean',
  geo_point: 'unsearchable',
  object: 'object',
  flattened: 'flattened',
  nested: 'nested',
  other: 'unsearchable',
}

/** Resolves a full dotted field name to its mapping. */
export function resolveField(name: string, lookup?: FieldSpecLookup): FieldMapping {
  const spec = lookup?.(name) ?? INTEGRATION_FIELDS.get(name)
  if (spec !== undefined) return fromSpec(name, name, spec)

  const ecs = ecsField(name)
  const parent = parentOf(name)
  if (ecs !== undefined) {
    const isMultiField =
      parent !== null && ecsField(parent)?.multiFields.some((m) => m.name === name) === true

    return fromSpec(name, isMultiField ? parent : name, { type: ecs.type })
  }

  if (parent !== null && name.endsWith('.caseless')) {
    return fromSpec(name, parent, { type: 'keyword', isLowercase: true })
  }

  return resolveByName(name, parent, lookup)
}

// keyed flattened sub-fields, `.text` of dynamic wildcard fields, then ecs@mappings name rules
function resolveByName(
  name: string,
  parent: string | null,
  lookup?: FieldSpecLookup,
): FieldMapping {
  if (hasFlattenedAncestor(name)) return fromSpec(name, name, { type: 'wildcard' })
  if (parent !== null && name.endsWith('.text') && resolveField(parent, lookup).kind === 'exact') {
    return fromSpec(name, parent, { type: 'match_only_text' })
  }

  const type = dynamicTemplateType(name)

  return type === undefined
    ? { ...fromSpec(name, name, { type: 'keyword' }), kind: 'dynamic', isMapped: false }
    : fromSpec(name, name, { type })
}

function dynamicTemplateType(name: string): KqlFieldSpec['type'] | undefined {
  const last = name.slice(name.lastIndexOf('.') + 1)
  if (last === 'message') return 'match_only_text'
  if (last === 'ip' || last.endsWith('_ip')) return 'ip'
  if (/(?:command_line|url\.full|url\.original|\.body\.content)$/.test(name)) return 'wildcard'
  if (/\.(?:timestamp|created|start|end|ingested)$/.test(name)) return 'date'

  return undefined
}

function fromSpec(name: string, path: string, spec: KqlFieldSpec): FieldMapping {
  const kind = KIND_OF_TYPE[spec.type]
  const ignoreAbove = spec.ignoreAbove ?? (kind === 'keyword' ? KEYWORD_IGNORE_ABOVE : Infinity)

  return {
    name,
    path,
    kind,
    isLowercase: spec.isLowercase ?? false,
    analyzer: spec.analyzer ?? 'standard',
    ignoreAbove,
    isMapped: true,
  }
}

function parentOf(name: string): string | null {
  const dot = name.lastIndexOf('.')

  return dot === -1 ? null : name.slice(0, dot)
}

function hasFlattenedAncestor(name: string): boolean {
  for (let p = parentOf(name); p !== null; p = parentOf(p)) {
    if (ecsField(p)?.type === 'flattened') return true
  }

  return false
}

/** The deepest proper ancestor of a field that ECS maps as `nested`, or null. */
export function nestedAncestor(name: string): string | null {
  for (let p = parentOf(name); p !== null; p = parentOf(p)) {
    if (ecsField(p)?.type === 'nested') return p
  }

  return null
}

/** The ECS multi-field names of a field (`x.text`), for wildcard-name and free-text expansion. */
export function multiFieldNames(name: string): readonly string[] {
  return ecsField(name)?.multiFields.map((m) => m.name) ?? []
}
