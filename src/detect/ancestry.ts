import type { EcsEvent } from '../ecs/index.ts'
import type { Ancestor } from './ids.ts'
import { isRecord } from './predicates.ts'

/** The ancestors and depth an alert on `source` gets. */
export interface Lineage {
  readonly ancestors: readonly Ancestor[]
  readonly depth: number
}

/**
 * An event is its alert's only ancestor (depth 1). An alert read as input (alert on alert) passes
 * on its own ancestors plus itself as a `signal` ancestor, one level deeper.
 */
export function lineageOf(source: EcsEvent, index: string, id: string): Lineage {
  const parentRule = source['kibana.alert.rule.uuid']
  if (typeof parentRule !== 'string') {
    return { ancestors: [{ id, type: 'event', index, depth: 0 }], depth: 1 }
  }

  const parentDepth =
    typeof source['kibana.alert.depth'] === 'number' ? source['kibana.alert.depth'] : 1
  const self: Ancestor = { id, type: 'signal', index, depth: parentDepth, rule: parentRule }

  return { ancestors: [...parentAncestors(source), self], depth: parentDepth + 1 }
}

/** True when `source` is an alert of the rule `ruleUuid` or descends from one: never re-alerted. */
export function descendsFromRule(source: EcsEvent, ruleUuid: string): boolean {
  if (source['kibana.alert.rule.uuid'] === ruleUuid) return true

  return parentAncestors(source).some((a) => a.rule === ruleUuid)
}

function parentAncestors(source: EcsEvent): Ancestor[] {
  const raw = source['kibana.alert.ancestors']
  if (!Array.isArray(raw)) return []

  return raw.filter(isRecord).map((a) => {
    const base: Ancestor = {
      id: String(a.id),
      type: a.type === 'signal' ? 'signal' : 'event',
      index: String(a.index),
      depth: typeof a.depth === 'number' ? a.depth : 0,
    }

    return typeof a.rule === 'string' ? { ...base, rule: a.rule } : base
  })
}
