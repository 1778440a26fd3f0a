import { Hunt } from '../detect/index.ts'
import { counted } from '../syntax/index.ts'
import type { CompiledRule, HuntEvent, HuntOptions } from '../detect/index.ts'
import type { ActualAlert } from './run-case.ts'
import { groupAlerts } from './run-case.ts'

/** The alerts of one rule that only one side raised. */
export interface RuleDiff {
  readonly ruleId: string
  readonly name: string
  /** Alerts side B raises and side A does not. */
  readonly added: readonly ActualAlert[]
  /** Alerts side A raises and side B does not. */
  readonly removed: readonly ActualAlert[]
  /** Which sides have the rule. */
  readonly sides: 'both' | 'a' | 'b'
}

/** What two rule sets disagree on over the same events. */
export interface RuleSetDiffResult {
  /** Rules whose alerts differ (or that only one side has), in side A's order then B's. */
  readonly rules: readonly RuleDiff[]
  readonly unchanged: number
  readonly events: number
}

/**
 * Runs two versions of a rule set (two folders, or one set with and one without exceptions)
 * over one stream of events in a single pass and compares their alerts per rule_id. An alert
 * is known by the events it comes from, so the same match counts as one alert on both sides
 * even when the rule's other fields changed; a sequence counts once, as its shell alert.
 */
export class RuleSetDiff {
  readonly #a: Hunt
  readonly #b: Hunt
  readonly #rulesA: readonly CompiledRule[]
  readonly #rulesB: readonly CompiledRule[]
  #events = 0

  constructor(a: readonly CompiledRule[], b: readonly CompiledRule[], options: HuntOptions) {
    this.#rulesA = a
    this.#rulesB = b
    this.#a = new Hunt(a, options)
    this.#b = new Hunt(b, options)
  }

  /** Offers one event to both sides. */
  push(event: HuntEvent): void {
    this.#events++
    this.#a.push(event)
    this.#b.push(event)
  }

  /** Compares the two sides' alerts. */
  finish(): RuleSetDiffResult {
    const a = alertsByRule(this.#rulesA, this.#a)
    const b = alertsByRule(this.#rulesB, this.#b)
    const ids = [...new Set([...a.keys(), ...b.keys()])]
    const rules = ids.map((id) => compareRule(id, a.get(id), b.get(id)))
    const changed = rules.filter((r) => r.sides !== 'both' || r.added.length + r.removed.length > 0)

    return { rules: changed, unchanged: rules.length - changed.length, events: this.#events }
  }
}

interface Side {
  readonly name: string
  readonly alerts: readonly ActualAlert[]
}

function alertsByRule(rules: readonly CompiledRule[], hunt: Hunt): Map<string, Side> {
  const result = hunt.finish()
  const sides = new Map<string, Side>()
  for (const rule of rules) {
    const alerts = result.alerts.filter((a) => a.rulePosition === rule.position)
    sides.set(rule.rule.rule_id, { name: rule.rule.name, alerts: groupAlerts(alerts) })
  }

  return sides
}

function compareRule(ruleId: string, a: Side | undefined, b: Side | undefined): RuleDiff {
  const keysA = new Set((a?.alerts ?? []).map(keyOf))
  const keysB = new Set((b?.alerts ?? []).map(keyOf))

  return {
    ruleId,
    name: b?.name ?? a?.name ?? ruleId,
    added: (b?.alerts ?? []).filter((x) => !keysA.has(keyOf(x))),
    removed: (a?.alerts ?? []).filter((x) => !keysB.has(keyOf(x))),
    sides: a === undefined ? 'b' : b === undefined ? 'a' : 'both',
  }
}

function keyOf(alert: ActualAlert): string {
  return JSON.stringify(alert.events)
}

/** The diff as text: per rule, `+` for alerts added by side B and `-` for alerts removed. */
export function renderDiffText(result: RuleSetDiffResult): string {
  const lines = result.rules.flatMap((rule) => [
    `${rule.name} (${rule.ruleId})${sidesNote(rule)}: +${String(rule.added.length)} -${String(rule.removed.length)}`,
    ...rule.added.map((a) => `  + ${alertLine(a)}`),
    ...rule.removed.map((a) => `  - ${alertLine(a)}`),
  ])
  const added = result.rules.reduce((sum, r) => sum + r.added.length, 0)
  const removed = result.rules.reduce((sum, r) => sum + r.removed.length, 0)
  const total = `${counted(added, 'alert')} added, ${String(removed)} removed in ${counted(result.rules.length, 'rule')} (${String(result.unchanged)} unchanged) over ${counted(result.events, 'event')}`

  return [...lines, total].join('\n')
}

/** The diff as one JSON document. */
export function renderDiffJson(result: RuleSetDiffResult): string {
  const rules = result.rules.map((r) => ({
    rule_id: r.ruleId,
    name: r.name,
    sides: r.sides,
    added: r.added.map(alertJson),
    removed: r.removed.map(alertJson),
  }))

  return JSON.stringify({ rules, unchanged: result.unchanged, events: result.events })
}

function sidesNote(rule: RuleDiff): string {
  if (rule.sides === 'a') return ' [only in A]'

  return rule.sides === 'b' ? ' [only in B]' : ''
}

function alertLine(alert: ActualAlert): string {
  const doc = alert.document
  const severity = String(doc['kibana.alert.severity'])
  const reason =
    typeof doc['kibana.alert.reason'] === 'string' ? ` ${doc['kibana.alert.reason']}` : ''

  return `[${alert.events.join(', ')}] ${severity}${reason}`
}

function alertJson(alert: ActualAlert) {
  return {
    events: alert.events,
    severity: alert.document['kibana.alert.severity'],
    risk_score: alert.document['kibana.alert.risk_score'],
    reason: alert.document['kibana.alert.reason'],
    building_blocks: alert.buildingBlocks.length,
  }
}
