import { ecsField, ecsFieldNames } from '../ecs/index.ts'

/** How a KQL leaf matches on a field (kql-semantics §2.4), reduced to what generation needs. */
export type KqlFieldKind =
  'keyword' | 'lowercase' | 'exact' | 'text' | 'ip' | 'number' | 'date' | 'boolean'

/** A field as a KQL leaf sees it: where its values are read and how they match. */
export interface KqlField {
  readonly name: string
  /** the source field: the parent of a derived `.caseless` or `.text` multi-field */
  readonly path: string
  readonly kind: KqlFieldKind
  readonly analyzer: 'standard' | 'powershell'
}

const KIND_OF_ECS: Readonly<Record<string, KqlFieldKind>> = {
  keyword: 'keyword',
  constant_keyword: 'exact',
  wildcard: 'exact',
  match_only_text: 'text',
  text: 'text',
  ip: 'ip',
  date: 'date',
  long: 'number',
  integer: 'number',
  float: 'number',
  double: 'number',
  scaled_float: 'number',
  boolean: 'boolean',
  flattened: 'exact',
}

/** Resolves a field name to its KQL matching kind (ECS, Defend `.caseless`, ecs@mappings names). */
export function resolveKqlField(name: string): KqlField {
  if (name === 'powershell.file.script_block_text') return field(name, name, 'text', 'powershell')

  const parent = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : null
  const ecs = ecsField(name)
  if (ecs !== undefined) {
    const isMulti =
      parent !== null && ecsField(parent)?.multiFields.some((m) => m.name === name) === true

    return field(
      name,
      isMulti && parent !== null ? parent : name,
      KIND_OF_ECS[ecs.type] ?? 'keyword',
    )
  }

  if (parent !== null && name.endsWith('.caseless')) return field(name, parent, 'lowercase')
  if (hasFlattenedAncestor(name)) return field(name, name, 'exact')

  return field(name, name, kindByName(name))
}

function field(
  name: string,
  path: string,
  kind: KqlFieldKind,
  analyzer: KqlField['analyzer'] = 'standard',
): KqlField {
  return { name, path, kind, analyzer }
}

function kindByName(name: string): KqlFieldKind {
  const last = name.slice(name.lastIndexOf('.') + 1)
  if (last === 'message') return 'text'
  if (last === 'ip' || last.endsWith('_ip')) return 'ip'
  if (/(?:command_line|url\.full|url\.original|\.body\.content)$/.test(name)) return 'exact'
  if (/\.(?:timestamp|created|start|end|ingested)$/.test(name)) return 'date'

  return 'keyword'
}

function hasFlattenedAncestor(name: string): boolean {
  const parts = name.split('.')
  for (let i = parts.length - 1; i > 0; i--) {
    if (ecsField(parts.slice(0, i).join('.'))?.type === 'flattened') return true
  }

  return false
}

/** ECS leaf fields a wildcard field name (`file.hash.*`) covers, in ECS order. */
export function expandFieldPattern(pattern: RegExp): string[] {
  return ecsFieldNames().filter((name) => pattern.test(name) && ecsField(name)?.type !== 'object')
}
