import type { RuleSeverity } from '../rules/index.ts'
import type { Alert } from './alert-types.ts'

const RANK: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2, critical: 3 }

/** The severities in increasing order. */
export const SEVERITIES: readonly RuleSeverity[] = ['low', 'medium', 'high', 'critical']

/**
 * Keeps alerts of at least `minimum` severity. A sequence's building blocks follow their shell
 * (they carry the rule's severity, the shell the overridden one), so a group stays whole.
 */
export function filterBySeverity(alerts: readonly Alert[], minimum: RuleSeverity): Alert[] {
  const floor = RANK[minimum] ?? 0
  const kept = new Set<string>()
  const out: Alert[] = []
  for (const alert of alerts) {
    const group = alert.document['kibana.alert.group.id']
    const isBlock = typeof group === 'string' && group !== alert.id
    const isKept = isBlock
      ? kept.has(group)
      : (RANK[String(alert.document['kibana.alert.severity'])] ?? 0) >= floor
    if (!isKept) continue

    kept.add(alert.id)
    out.push(alert)
  }

  return out
}
