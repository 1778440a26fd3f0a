import type { KqlValueExpr } from '../../kql/index.ts'
import { isLoneWildcard, isWildcardLiteral } from '../../kql/index.ts'
import type { Predicate } from '../plan.ts'
import { compileGlob } from './glob.ts'
import type { GlobTest } from './glob.ts'
import { toIndexedString } from './indexed.ts'
import type { FieldReader } from './indexed.ts'

/**
 * The common shape `field:(v1 or v2 or … or vN)` on an exact string field, answered in one pass
 * over the field's values with a hash set (and the wildcard patterns) instead of N clauses. Same
 * result as the OR of the terms (N3: OR of any-element is any-element of the OR).
 */
export function buildValueSet(reader: FieldReader, list: KqlValueExpr): Predicate | null {
  const { kind, isLowercase } = reader.mapping
  const isKeyword = kind === 'keyword'
  if (list.kind !== 'valueOr' || !(isKeyword || kind === 'exact' || kind === 'flattened'))
    return null

  const wanted = new Set<string>()
  const globs: GlobTest[] = []
  for (const child of list.children) {
    if (child.kind !== 'literal' || child.type === 'null') return null

    const isWildcard = isWildcardLiteral(child)
    if (isWildcard && !isKeyword) return null

    const segments = isLowercase ? child.segments.map((s) => s.toLowerCase()) : child.segments
    if (isLoneWildcard(child)) globs.unshift(() => true)
    else if (isWildcard) globs.push(compileGlob(segments))
    else wanted.add(segments[0] ?? '')
  }

  const mapping = reader.mapping

  return (event) => {
    for (const raw of reader.values(event)) {
      const value = toIndexedString(raw, mapping)
      if (value === null) continue
      if (wanted.has(value)) return true

      for (const glob of globs) if (glob(value)) return true
    }

    return false
  }
}
