import type { EcsEvent } from '../ecs/index.ts'
import { parseTimestamp } from '../engine/index.ts'
import type { Alert, AlertDocument, ExecutionContext, SourceHit } from './alert-types.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { Ancestor } from './ids.ts'
import { eventAlertId, SPACE_ID } from './ids.ts'
import { applyOverrides, plainValues } from './overrides.ts'
import type { Overridden } from './overrides.ts'
import { buildReason } from './reason.ts'
import { ruleFields } from './rule-fields.ts'
import { alertSourceFields, originalEventFields } from './source-fields.ts'
import { lineageOf } from './ancestry.ts'

/** Everything that makes one alert document besides the rule. */
export interface AlertParts {
  /** The source as read: `kibana.alert.original_event.*` comes from it. */
  readonly original: EcsEvent
  /** The source fields the alert keeps. */
  readonly source: Record<string, unknown>
  readonly ancestors: readonly Ancestor[]
  readonly depth: number
  readonly values: Overridden
  /** The source's `@timestamp`, kept as `kibana.alert.original_time`. */
  readonly originalTime: unknown
}

/** The alert on one event, with overrides, under Kibana's deterministic id. */
export function buildEventAlert(
  hit: SourceHit,
  rule: CompiledRule,
  context: ExecutionContext,
): Alert {
  const id = eventAlertId(hit.index, hit.id, hit.version, rule.uuid)
  const { ancestors, depth } = lineageOf(hit.source, hit.index, hit.id)
  const parts: AlertParts = {
    original: hit.source,
    source: alertSourceFields(hit.source),
    ancestors,
    depth,
    values: applyOverrides(rule.rule, hit.source),
    originalTime: hit.source['@timestamp'],
  }

  return { id, document: buildDocument(id, parts, rule, context), rulePosition: rule.position }
}

/**
 * The alerts of `hits` whose ids are not in `created` yet (which it extends), in their order, at
 * most `room` of them; `dropped` counts the new ones past it. The id alone decides whether a hit
 * is new: a document is built only for the alerts kept.
 */
export function newEventAlerts(
  hits: readonly SourceHit[],
  rule: CompiledRule,
  context: ExecutionContext,
  created: Set<string>,
  room: number,
): { readonly alerts: Alert[]; readonly dropped: number } {
  const alerts: Alert[] = []
  let dropped = 0
  for (const hit of hits) {
    const id = eventAlertId(hit.index, hit.id, hit.version, rule.uuid)
    if (created.has(id)) continue

    if (alerts.length >= room) {
      dropped++
      continue
    }

    created.add(id)
    alerts.push(buildEventAlert(hit, rule, context))
  }

  return { alerts, dropped }
}

/** The parts of a sequence's building block: no overrides. */
export function buildingBlockParts(hit: SourceHit, rule: CompiledRule): AlertParts {
  const { ancestors, depth } = lineageOf(hit.source, hit.index, hit.id)

  return {
    original: hit.source,
    source: alertSourceFields(hit.source),
    ancestors,
    depth,
    values: plainValues(rule.rule),
    originalTime: hit.source['@timestamp'],
  }
}

/** Assembles the document: source fields, then the flattened `kibana.*` keys. */
export function buildDocument(
  id: string,
  parts: AlertParts,
  rule: CompiledRule,
  context: ExecutionContext,
): AlertDocument {
  const { values } = parts
  const document = newDocument()
  for (const key of Object.keys(parts.source)) document[key] = parts.source[key]
  document['@timestamp'] = context.now
  document['event.kind'] = 'signal'
  Object.assign(document, originalEventFields(parts.original))
  Object.assign(document, ruleFields(rule.rule, rule.uuid, values.ruleName, context.executionUuid))
  const originalTime = isoTime(parts.originalTime)
  const alert: Record<string, unknown> = {
    'kibana.alert.ancestors': parts.ancestors,
    'kibana.alert.building_block_type': rule.rule.building_block_type,
    'kibana.alert.depth': parts.depth,
    'kibana.alert.intended_timestamp': context.now,
    'kibana.alert.last_detected': context.now,
    'kibana.alert.original_time': originalTime,
    'kibana.alert.reason': buildReason(parts.source, values.severity, values.ruleName),
    'kibana.alert.risk_score': values.riskScore,
    'kibana.alert.severity': values.severity,
    'kibana.alert.start': context.now,
    'kibana.alert.status': 'active',
    'kibana.alert.uuid': id,
    'kibana.alert.workflow_assignee_ids': [],
    'kibana.alert.workflow_status': 'open',
    'kibana.alert.workflow_tags': [],
    'kibana.space_ids': [SPACE_ID],
  }
  for (const [key, value] of Object.entries(alert)) if (value !== undefined) document[key] = value

  return document
}

// an alert has 100 keys or more, in an order that differs with its source: built key by key, V8
// would make a hidden class per key and document. An object whose first key was deleted is a
// plain dictionary from the start, about three times faster to fill; key order (and so the JSON)
// is insertion order either way
function newDocument(): AlertDocument {
  const document: AlertDocument = { dictionary: 0, order: 0 }
  delete document.dictionary
  delete document.order

  return document
}

function isoTime(value: unknown): string | undefined {
  const millis = parseTimestamp(Array.isArray(value) ? value[0] : value)

  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString()
}
