import { getFieldValues } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import type { RuleBase, RuleSeverity } from '../rules/index.ts'

const SEVERITY_RANK: Readonly<Record<RuleSeverity, number>> = {
  low: 0,
  medium: 1,
  high: 2,
  critical: 3,
}

/** What the overrides give one alert. */
export interface Overridden {
  readonly severity: RuleSeverity
  readonly riskScore: number
  readonly ruleName: string
}

/** Applies severity_mapping, risk_score_mapping and rule_name_override (Kibana's `mappings/`). */
export function applyOverrides(rule: RuleBase, event: EcsEvent): Overridden {
  return {
    severity: overrideSeverity(rule, event),
    riskScore: overrideRiskScore(rule, event),
    ruleName: overrideRuleName(rule, event),
  }
}

/** No overrides: what building blocks of a sequence get. */
export function plainValues(rule: RuleBase): Overridden {
  return { severity: rule.severity, riskScore: rule.risk_score, ruleName: rule.name }
}

/**
 * Entries are tried from low to critical and the last match wins, so the highest severity does.
 * Any element of the field equal to the value as a string matches; `event.severity` compares as
 * an integer.
 */
export function overrideSeverity(rule: RuleBase, event: EcsEvent): RuleSeverity {
  const sorted = [...rule.severity_mapping].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  )
  let severity = rule.severity
  for (const mapping of sorted) {
    const values = getFieldValues(event, mapping.field)
    const isMatch =
      mapping.field === 'event.severity'
        ? values.some((v) => integerOf(v) === integerOf(mapping.value))
        : values.some((v) => stringOf(v) === mapping.value)
    if (isMatch) severity = mapping.severity
  }

  return severity
}

/** Only the first mapping's field counts: its largest number in 0–100, else the rule's score. */
export function overrideRiskScore(rule: RuleBase, event: EcsEvent): number {
  const field = rule.risk_score_mapping[0]?.field
  if (field === undefined || field === '') return rule.risk_score

  const scores = getFieldValues(event, field)
    .map((v) =>
      typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN,
    )
    .filter((n) => Number.isFinite(n) && n >= 0 && n <= 100)

  return scores.length === 0 ? rule.risk_score : Math.max(...scores)
}

/** A string in the override field replaces the rule name. */
export function overrideRuleName(rule: RuleBase, event: EcsEvent): string {
  const field = rule.rule_name_override
  if (field === undefined || field === '') return rule.name

  const value = getFieldValues(event, field).find((v) => typeof v === 'string' && v !== '')

  return typeof value === 'string' ? value : rule.name
}

function integerOf(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value)
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10)

  return Number.NaN
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
