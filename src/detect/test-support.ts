import type { EcsEvent } from '../ecs/index.ts'
import type { EqlRule, QueryRule, Rule } from '../rules/index.ts'
import { RULE_DEFAULTS } from '../rules/index.ts'
import type { Alert } from './alert-types.ts'
import { compileRule } from './compile-rule.ts'
import type { CompiledRule, CompileRuleOptions } from './compile-rule.ts'
import { Hunt } from './hunt.ts'
import type { HuntEvent, HuntOptions, HuntResult } from './hunt.ts'

/** The run start the tests use. */
export const TEST_NOW = Date.parse('2026-12-01T00:00:00.000Z')

const BASE = {
  rule_id: '00000000-0000-4000-8000-000000000001',
  name: 'Test Rule',
  description: 'a rule for tests',
  severity: 'medium',
  severity_mapping: [],
  risk_score: 47,
  risk_score_mapping: [],
  interval: RULE_DEFAULTS.interval,
  from: RULE_DEFAULTS.from,
  to: RULE_DEFAULTS.to,
  max_signals: RULE_DEFAULTS.max_signals,
  enabled: true,
  version: 1,
  tags: [],
  author: ['Vigil'],
  references: [],
  false_positives: [],
  threat: [],
  exceptions_list: [],
  setup: '',
  provenance: { path: 'test.toml', format: 'toml', positions: new Map() },
} as const

/** A KQL query rule with Kibana's defaults; `fields` override them. */
export function queryRule(query: string, fields: Partial<QueryRule> = {}): QueryRule {
  return { ...BASE, type: 'query', language: 'kuery', query, ...fields }
}

/** An EQL rule with Kibana's defaults; `fields` override them. */
export function eqlRule(query: string, fields: Partial<EqlRule> = {}): EqlRule {
  return { ...BASE, type: 'eql', language: 'eql', query, ...fields }
}

/** Compiles a rule or throws with its diagnostics. */
export function compiled(
  rule: Rule,
  options: Partial<CompileRuleOptions> = {},
  position = 0,
): CompiledRule {
  const result = compileRule(rule, position, { now: TEST_NOW, ...options })
  if (!result.ok)
    throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'))

  return result.value
}

/** Runs a hunt over in-memory events (file `mem.ndjson`, lines 1, 2, …). */
export function runHunt(
  rules: readonly CompiledRule[],
  events: readonly (EcsEvent | HuntEvent)[],
  options: Partial<HuntOptions> = {},
): HuntResult {
  const hunt = new Hunt(rules, { mode: 'all', now: TEST_NOW, ...options })
  events.forEach((event, i) => {
    hunt.push(isHuntEvent(event) ? event : { source: event, file: 'mem.ndjson', line: i + 1 })
  })

  return hunt.finish()
}

function isHuntEvent(value: EcsEvent | HuntEvent): value is HuntEvent {
  return typeof value.file === 'string' && typeof value.source === 'object'
}

/** An ECS process event at `time` with a few fields. */
export function processEvent(time: string, fields: Record<string, unknown> = {}): EcsEvent {
  return {
    '@timestamp': time,
    event: { kind: 'event', category: ['process'], type: ['start'] },
    host: { name: 'h1', os: { type: 'windows' } },
    process: { name: 'cmd.exe' },
    ...fields,
  }
}

/** One document field of an alert. */
export function field(alert: Alert | undefined, name: string): unknown {
  return alert?.document[name]
}
