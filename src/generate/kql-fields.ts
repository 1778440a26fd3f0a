import { resolveField } from '../compile/index.ts'
import type { FieldMapping } from '../compile/index.ts'
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

/** Resolves a field name to its KQL matching kind, as the KQL compiler maps it. */
export function resolveKqlField(name: string): KqlField {
  const mapping = resolveField(name)

  return { name, path: mapping.path, kind: kindOf(mapping), analyzer: mapping.analyzer }
}

function kindOf(mapping: FieldMapping): KqlFieldKind {
  if (mapping.isLowercase) return 'lowercase'

  switch (mapping.kind) {
    case 'exact':
    case 'flattened':
      return 'exact'
    case 'text':
      return 'text'
    case 'ip':
      return 'ip'
    case 'date':
      return 'date'
    case 'integer':
    case 'float':
    case 'double':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'keyword':
    case 'dynamic':
    case 'object':
    case 'nested':
    case 'unsearchable':
      return 'keyword'
  }
}

/** ECS leaf fields a wildcard field name (`file.hash.*`) covers, in ECS order. */
export function expandFieldPattern(pattern: RegExp): string[] {
  return ecsFieldNames().filter((name) => pattern.test(name) && ecsField(name)?.type !== 'object')
}
