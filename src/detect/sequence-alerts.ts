import type { Alert, ExecutionContext, SourceHit } from './alert-types.ts'
import { buildDocument, buildingBlockParts } from './build-alert.ts'
import type { AlertParts } from './build-alert.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { Ancestor } from './ids.ts'
import { buildingBlockIds, shellAlertId } from './ids.ts'
import { applyOverrides } from './overrides.ts'
import { alertSourceFields, intersectSources } from './source-fields.ts'

/** The group index of the shell alert (it has no `kibana.alert.group.index`). */
const BUILDING_BLOCK = 'default'

/**
 * One sequence as Kibana writes it (detection-engine.md §4d): a building block per event (no
 * overrides, `building_block_type: default`, group id and index), and the shell alert built
 * from the blocks as parents (depth 2) with the fields all events share, its id also the group
 * id. The shell comes first, then its blocks in step order.
 */
export function buildSequenceAlerts(
  hits: readonly SourceHit[],
  rule: CompiledRule,
  context: ExecutionContext,
): Alert[] {
  const blocks = hits.map((hit) => buildingBlockParts(hit, rule))
  const blockIds = buildingBlockIds(
    blocks.map((b) => b.ancestors),
    rule.uuid,
  )
  const ancestors: Ancestor[] = blocks.flatMap((block, i) => [
    ...block.ancestors,
    { id: blockIds[i] ?? '', type: 'signal', index: '', depth: block.depth, rule: rule.uuid },
  ])
  const shellId = shellAlertId(ancestors, rule.uuid)
  const shared = intersectSources(hits.map((hit) => hit.source))
  const shellParts: AlertParts = {
    original: shared,
    source: alertSourceFields(shared),
    ancestors,
    depth: Math.max(...blocks.map((b) => b.depth)) + 1,
    values: applyOverrides(rule.rule, shared),
    originalTime: shared['@timestamp'],
  }
  const shell = buildDocument(shellId, shellParts, rule, context)
  shell['kibana.alert.group.id'] = shellId
  const out: Alert[] = [{ id: shellId, document: shell, rulePosition: rule.position }]
  blocks.forEach((block, i) => {
    const id = blockIds[i] ?? ''
    const document = buildDocument(id, block, rule, context)
    document['kibana.alert.building_block_type'] = BUILDING_BLOCK
    document['kibana.alert.group.id'] = shellId
    document['kibana.alert.group.index'] = i
    out.push({ id, document, rulePosition: rule.position })
  })

  return out
}
