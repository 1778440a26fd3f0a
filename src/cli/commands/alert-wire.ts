import { ruleFields } from '../../detect/index.ts'
import type { Alert, AlertDocument, CompiledRule } from '../../detect/index.ts'

/** The rule fields an alert's own values pick: the rest follow from the rule and these two. */
const NAME = 'kibana.alert.rule.name'
const EXECUTION = 'kibana.alert.rule.execution.uuid'

/** An alert as a worker posts it: its rule fields blank when `isPacked`. */
export interface PostedAlert extends Alert {
  readonly isPacked: boolean
}

/**
 * Blanks the `kibana.alert.rule.*` values of a worker's alert (its document is changed), since
 * they are most of an alert's bytes (about 13 KB of 16 over Elastic's library) and the main
 * thread can build them again from the same rule. Keys stay in place, so the document keeps its
 * order. An alert whose rule fields differ from the rule's own in any way is posted whole.
 */
export function packAlert(alert: Alert, rule: CompiledRule): PostedAlert {
  const { document } = alert
  const fields = fieldsOf(document, rule)
  const keys = fields === null ? [] : Object.keys(fields).filter(isDerived)
  const isPacked =
    fields !== null &&
    keys.every((key) => Object.hasOwn(document, key) && isSame(document[key], fields[key]))
  if (isPacked) for (const key of keys) document[key] = undefined

  return { ...alert, isPacked }
}

/** Fills in what {@link packAlert} blanked (its document is changed); returns the alert. */
export function unpackAlert(posted: PostedAlert, rule: CompiledRule): Alert {
  const { id, document, rulePosition } = posted
  const fields = posted.isPacked ? fieldsOf(document, rule) : null
  if (fields !== null)
    for (const key of Object.keys(fields)) if (isDerived(key)) document[key] = fields[key]

  return { id, document, rulePosition }
}

// the rule fields of the alert's name (after rule_name_override) and execution
function fieldsOf(
  document: AlertDocument,
  rule: CompiledRule,
): Readonly<Record<string, unknown>> | null {
  const name = document[NAME]
  const execution = document[EXECUTION]
  if (typeof name !== 'string' || typeof execution !== 'string') return null

  return ruleFields(rule.rule, rule.uuid, name, execution)
}

// the same value, or an object of the same JSON: a rule whose alerts are named by their events
// builds its fields afresh for each name
function isSame(value: unknown, expected: unknown): boolean {
  if (value === expected) return true

  return typeof value === 'object' && JSON.stringify(value) === JSON.stringify(expected)
}

function isDerived(key: string): boolean {
  return key !== NAME && key !== EXECUTION
}
