import type { CompiledRule, RuleOutcome } from '../detect/index.ts'
import { counted } from '../syntax/index.ts'

/** The totals under the per-rule summary. */
export interface HuntTotals {
  /** Alerts written (after `--min-severity`). */
  readonly alerts: number
  readonly events: number
  readonly files: number
  readonly seconds: number
}

/**
 * The end-of-hunt summary for people: one row per rule that alerted (alerts, severity, MITRE
 * techniques), then a totals line.
 */
export function renderHuntSummary(rules: readonly RuleOutcome[], totals: HuntTotals): string {
  const alerted = rules.filter((r) => r.alerts > 0)
  const rows = alerted.map((r) => [
    String(r.alerts),
    r.rule.rule.severity,
    techniquesOf(r.rule),
    r.rule.rule.name,
  ])
  const header = ['alerts', 'severity', 'technique', 'rule']
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const lines = [header, ...rows].map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
  )
  const truncated = rules.reduce((sum, r) => sum + r.truncatedExecutions, 0)
  const cut = truncated > 0 ? `, ${counted(truncated, 'execution')} cut by max_signals` : ''
  const suppressed = rules.reduce((sum, r) => sum + r.suppressed, 0)
  const held = suppressed > 0 ? `, ${counted(suppressed, 'more event')} suppressed into them` : ''
  const counts = `${counted(totals.alerts, 'alert')} from ${String(alerted.length)} of ${counted(rules.length, 'rule')} over ${counted(totals.events, 'event')} in ${counted(totals.files, 'file')}`
  const total = `${counts} (${totals.seconds.toFixed(2)} s)${cut}${held}`

  return rows.length === 0 ? total : `${lines.join('\n')}\n${total}`
}

/** The widest the technique column gets: a rule's other techniques are counted, not listed. */
const MAX_TECHNIQUES_WIDTH = 40

function techniquesOf(rule: CompiledRule): string {
  const ids = rule.rule.threat.flatMap((t) =>
    t.technique.flatMap((tech) => [tech.id, ...tech.subtechnique.map((s) => s.id)]),
  )

  return fitted([...new Set(ids)]) || '-'
}

// the ids that fit the column, then `+N` for the N left out
function fitted(ids: readonly string[]): string {
  let text = ids.join(', ')
  for (let shown = ids.length - 1; text.length > MAX_TECHNIQUES_WIDTH && shown > 0; shown--) {
    text = `${ids.slice(0, shown).join(', ')}, +${String(ids.length - shown)}`
  }

  return text
}
