import { Hunt } from '../detect/index.ts'
import type { Alert, CompiledRule, HuntEvent, HuntOptions, HuntResult } from '../detect/index.ts'
import { compileValueReader } from '../ecs/index.ts'
import type { ValueReader } from '../ecs/index.ts'
import type { Rule } from '../rules/index.ts'

/** A rule that was loaded but never ran, and why (unsupported type, bad query, no input). */
export interface IdleRule {
  readonly name: string
  readonly path: string
  readonly reason: string
}

/** What one rule cost in a hunt. */
export interface RuleProfile {
  readonly name: string
  readonly path: string
  /** Events that fit the rule's index patterns and event categories, so its query was tried. */
  readonly examined: number
  readonly matches: number
  readonly alerts: number
  readonly seconds: number
  /** This rule's share of the time spent in all rules, 0..1. */
  readonly share: number
  readonly executions: number
  /** Replay executions cut by max_signals. */
  readonly truncatedExecutions: number
  /** Matches those cut executions dropped. */
  readonly droppedMatches: number
}

/** A hunt's profile: rules that ran, slowest first, and rules that never ran. */
export interface HuntProfile {
  readonly rules: readonly RuleProfile[]
  readonly idle: readonly IdleRule[]
  readonly events: number
  readonly seconds: number
}

interface Meter {
  readonly rule: CompiledRule
  readonly hunt: Hunt
  readonly category: ValueReader | null
  examined: number
  millis: number
}

/**
 * A hunt that measures every rule on its own: each rule gets its own {@link Hunt} (the same
 * semantics, replay included), every event is offered to each and the time spent is counted per
 * rule, so rules can be compared. It costs one clock read per rule per event, so it is for
 * `--profile` runs, not for ordinary hunts.
 */
export class ProfiledHunt {
  readonly #meters: Meter[]
  readonly #outcomes = new Map<Meter, HuntResult>()
  #events = 0

  constructor(rules: readonly CompiledRule[], options: HuntOptions) {
    this.#meters = rules.map((rule) => ({
      rule,
      // each hunt holds one rule, and a hunt files its rules by position
      hunt: new Hunt([{ ...rule, position: 0 }], options),
      category: rule.categories === null ? null : compileValueReader(rule.categoryField),
      examined: 0,
      millis: 0,
    }))
  }

  /** Matches so far over all rules. */
  get matches(): number {
    return this.#meters.reduce((sum, m) => sum + m.hunt.matches, 0)
  }

  /** Offers one event to every rule, timing each. */
  push(event: HuntEvent): void {
    this.#events++
    for (const meter of this.#meters) {
      if (isExamined(meter, event)) meter.examined++
      const started = performance.now()
      meter.hunt.push(event)
      meter.millis += performance.now() - started
    }
  }

  /** Builds every rule's alerts (timed too) and returns them as one hunt would, in rule order. */
  finish(): HuntResult {
    const alerts: Alert[] = []
    const rules: HuntResult['rules'][number][] = []
    const warnings: HuntResult['warnings'][number][] = []
    for (const meter of this.#meters) {
      const started = performance.now()
      const result = meter.hunt.finish()
      meter.millis += performance.now() - started
      alerts.push(...result.alerts.map((a) => ({ ...a, rulePosition: meter.rule.position })))
      rules.push(...result.rules.map((r) => ({ ...r, rule: meter.rule })))
      warnings.push(...result.warnings)
      this.#outcomes.set(meter, result)
    }

    return { alerts, rules, warnings }
  }

  /** The profile, after {@link finish}; `idle` lists the rules that could not be compiled. */
  profile(idle: readonly IdleRule[] = []): HuntProfile {
    const total = this.#meters.reduce((sum, m) => sum + m.millis, 0)
    const rules = this.#meters.map((meter) => ruleProfile(meter, this.#outcomes.get(meter), total))
    const unexamined = rules
      .filter((r) => r.examined === 0)
      .map((r) => ({
        name: r.name,
        path: r.path,
        reason: 'no event fit its index patterns and event categories',
      }))

    return {
      rules: rules.filter((r) => r.examined > 0).sort((a, b) => b.seconds - a.seconds),
      idle: [...idle, ...unexamined],
      events: this.#events,
      seconds: total / 1000,
    }
  }
}

function isExamined(meter: Meter, event: HuntEvent): boolean {
  if (!meter.rule.indexMatches(event.index)) return false
  if (meter.category === null) return true

  const value = meter.category(event.source)
  const categories = meter.rule.categories ?? []

  return (Array.isArray(value) ? value : [value]).some(
    (c: unknown) => typeof c === 'string' && categories.includes(c),
  )
}

function ruleProfile(meter: Meter, result: HuntResult | undefined, total: number): RuleProfile {
  const outcome = result?.rules[0]

  return {
    name: meter.rule.rule.name,
    path: meter.rule.rule.provenance.path,
    examined: meter.examined,
    matches: meter.hunt.matches,
    alerts: outcome?.alerts ?? 0,
    seconds: meter.millis / 1000,
    share: total > 0 ? meter.millis / total : 0,
    executions: outcome?.executions ?? 0,
    truncatedExecutions: outcome?.truncatedExecutions ?? 0,
    droppedMatches: outcome?.droppedMatches ?? 0,
  }
}

/** An idle rule for a rule that did not compile, with the first error as the reason. */
export function idleRule(rule: Rule, reason: string): IdleRule {
  return { name: rule.name, path: rule.provenance.path, reason }
}

/** The profile as a table, slowest rule first, then the rules that never ran with why. */
export function renderProfile(profile: HuntProfile): string {
  const header = ['time', 'share', 'examined', 'matches', 'alerts', 'cut', 'rule']
  const rows = profile.rules.map((r) => [
    `${(r.seconds * 1000).toFixed(1)} ms`,
    `${(r.share * 100).toFixed(1)}%`,
    String(r.examined),
    String(r.matches),
    String(r.alerts),
    r.truncatedExecutions > 0
      ? `${String(r.truncatedExecutions)}/${String(r.executions)} (${String(r.droppedMatches)} dropped)`
      : '-',
    r.name,
  ])
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const lines = [header, ...rows].map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padStart(widths[i] ?? 0))).join('  '),
  )
  const idle = profile.idle.map((r) => `  ${r.name} (${r.path}): ${r.reason}`)
  const total = `profile: ${String(profile.rules.length)} rules ran over ${String(profile.events)} events in ${(profile.seconds * 1000).toFixed(1)} ms of rule time; "cut" is replay executions cut by max_signals / executions`

  return [
    ...lines,
    total,
    ...(idle.length > 0 ? [`${String(idle.length)} rules never ran:`, ...idle] : []),
  ].join('\n')
}
