import type { RunnableRule } from './compile-rule.ts'

// the rule-level (saved object) fields; everything else of a rule is a parameter
const NOT_PARAMETERS = new Set(['provenance', 'name', 'tags', 'interval', 'enabled', 'rule_name'])

const RULE_TYPE_IDS: Readonly<Record<RunnableRule['type'], string>> = {
  eql: 'siem.eqlRule',
  query: 'siem.queryRule',
}

const CATEGORIES: Readonly<Record<RunnableRule['type'], string>> = {
  eql: 'Event Correlation Rule',
  query: 'Custom Query Rule',
}

/** The fields last built per rule: a rule's alerts of one execution share them. */
const LAST_FIELDS = new WeakMap<
  RunnableRule,
  { key: string; fields: Readonly<Record<string, unknown>> }
>()

/**
 * The `kibana.alert.rule.*` fields of every alert of a rule. `name` is the name after
 * rule_name_override; `severity` and `risk_score` stay the rule's (the alert's own, after
 * overrides, are `kibana.alert.severity` / `kibana.alert.risk_score`). The object is shared by
 * the alerts of one execution: callers copy its keys, never change it.
 */
export function ruleFields(
  rule: RunnableRule,
  uuid: string,
  name: string,
  executionUuid: string,
): Readonly<Record<string, unknown>> {
  const key = `${uuid}\u0000${name}\u0000${executionUuid}`
  const last = LAST_FIELDS.get(rule)
  if (last?.key === key) return last.fields

  const fields = buildRuleFields(rule, uuid, name, executionUuid)
  LAST_FIELDS.set(rule, { key, fields })

  return fields
}

function buildRuleFields(
  rule: RunnableRule,
  uuid: string,
  name: string,
  executionUuid: string,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    'kibana.alert.rule.actions': [],
    'kibana.alert.rule.author': rule.author,
    'kibana.alert.rule.building_block_type': rule.building_block_type,
    'kibana.alert.rule.category': CATEGORIES[rule.type],
    'kibana.alert.rule.consumer': 'siem',
    'kibana.alert.rule.description': rule.description,
    'kibana.alert.rule.enabled': rule.enabled,
    'kibana.alert.rule.exceptions_list': rule.exceptions_list,
    'kibana.alert.rule.execution.type': 'scheduled',
    'kibana.alert.rule.execution.uuid': executionUuid,
    'kibana.alert.rule.false_positives': rule.false_positives,
    'kibana.alert.rule.from': rule.from,
    'kibana.alert.rule.immutable': false,
    'kibana.alert.rule.interval': rule.interval,
    'kibana.alert.rule.investigation_fields': rule.investigation_fields,
    'kibana.alert.rule.license': rule.license,
    'kibana.alert.rule.max_signals': rule.max_signals,
    'kibana.alert.rule.meta': rule.meta,
    'kibana.alert.rule.name': name,
    'kibana.alert.rule.note': rule.note,
    'kibana.alert.rule.parameters': ruleParameters(rule),
    'kibana.alert.rule.producer': 'siem',
    'kibana.alert.rule.references': rule.references,
    'kibana.alert.rule.revision': 0,
    'kibana.alert.rule.risk_score': rule.risk_score,
    'kibana.alert.rule.risk_score_mapping': rule.risk_score_mapping,
    'kibana.alert.rule.rule_id': rule.rule_id,
    'kibana.alert.rule.rule_name_override': rule.rule_name_override,
    'kibana.alert.rule.rule_type_id': RULE_TYPE_IDS[rule.type],
    'kibana.alert.rule.setup': rule.setup,
    'kibana.alert.rule.severity': rule.severity,
    'kibana.alert.rule.severity_mapping': rule.severity_mapping,
    'kibana.alert.rule.tags': rule.tags,
    'kibana.alert.rule.threat': rule.threat,
    'kibana.alert.rule.timestamp_override': rule.timestamp_override,
    'kibana.alert.rule.to': rule.to,
    'kibana.alert.rule.type': rule.type,
    'kibana.alert.rule.uuid': uuid,
    'kibana.alert.rule.version': rule.version,
  }

  return withoutUndefined(fields)
}

/** `kibana.alert.rule.parameters`: every rule parameter, snake_case as in the API. */
export function ruleParameters(rule: RunnableRule): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rule)) {
    if (!NOT_PARAMETERS.has(key) && value !== undefined) out[key] = value
  }

  return out
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}
