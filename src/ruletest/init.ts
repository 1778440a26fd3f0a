import { basename } from 'node:path'
import type { EcsEvent } from '../ecs/index.ts'
import { exampleEvents } from '../generate/index.ts'
import type { Rule } from '../rules/index.ts'
import { EMPTY_SPAN, error, fail, ok } from '../syntax/index.ts'
import type { Result } from '../syntax/index.ts'
import { dottedLines, tomlValue } from './toml-write.ts'

/** Where generated events are put in time when the generator gives them none: one second apart. */
const BASE_TIME = Date.UTC(2026, 0, 1, 12, 0, 0)

/**
 * The text of a starting test file for a rule: one case whose events the query matches (one
 * event per sequence step) with the alert they must raise, and one near miss that must raise
 * nothing, both derived from the query by the generate stage, for the author to complete.
 */
export function starterTestText(rule: Rule, rulePath: string): Result<string> {
  const language = rule.type === 'eql' ? 'eql' : 'language' in rule ? rule.language : undefined
  if (!('query' in rule) || (language !== 'eql' && language !== 'kuery')) {
    const message = `cannot derive events for a ${rule.type} rule; only eql and kuery queries`

    return fail([error('ERR_TEST_INIT_RULE', message, EMPTY_SPAN, rulePath)])
  }

  const example = exampleEvents(rule.query, language)
  if (!example.ok) {
    const reasons = example.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')
    const message = `cannot derive events from the query of "${rule.name}": ${reasons}`

    return fail([error('ERR_TEST_INIT_RULE', message, EMPTY_SPAN, rulePath)])
  }

  const positive = example.value.positive.map((e, i) => timed(rule, e, i))
  const negative = example.value.negative.map((e, i) => timed(rule, e, i))

  return ok(
    [
      ...header(rule, rulePath),
      ...matchCase(rule, positive),
      ...missCase(negative, example.value.flipped),
    ].join('\n'),
  )
}

function header(rule: Rule, rulePath: string): string[] {
  return [
    `# Tests for the rule "${rule.name}", started by vigil test --init.`,
    '# The events were derived from the rule query: make them look like the real events the rule',
    '# must catch (and the look-alikes it must not), then run: vigil test <this file>',
    `rule = ${tomlValue(basename(rulePath))}`,
    `now = ${tomlValue(new Date(BASE_TIME + 3_600_000).toISOString())}`,
    '',
  ]
}

function matchCase(rule: Rule, events: readonly EcsEvent[]): string[] {
  const ids = events.map((_, i) => `match-${String(i + 1)}`)
  const noun =
    events.length === 1 ? 'an event the query matches raises' : 'events the sequence matches raise'

  return [
    '[[case]]',
    `name = ${tomlValue(`${noun} one alert`)}`,
    'alerts = 1',
    '',
    ...events.flatMap((e, i) => eventTable(ids[i] ?? '', e)),
    '[[case.alert]]',
    `events = ${tomlValue(ids)}`,
    `fields = { "kibana.alert.severity" = ${tomlValue(rule.severity)}, "kibana.alert.risk_score" = ${String(rule.risk_score)}, "kibana.alert.rule.name" = ${tomlValue(rule.name)} }`,
    '',
  ]
}

function missCase(events: readonly EcsEvent[], flipped: string): string[] {
  return [
    '[[case]]',
    `name = ${tomlValue(`a near miss raises nothing (${flipped})`)}`,
    'alerts = 0',
    '',
    ...events.flatMap((e, i) => eventTable(`miss-${String(i + 1)}`, e)),
  ]
}

function eventTable(id: string, event: EcsEvent): string[] {
  return ['[[case.events]]', `_id = ${tomlValue(id)}`, ...dottedLines(event), '']
}

// replay and since/until place events by time, so every event gets one (and the override field)
function timed(rule: Rule, event: EcsEvent, i: number): EcsEvent {
  const time = new Date(BASE_TIME + i * 1000).toISOString()
  const out: Record<string, unknown> = { '@timestamp': time, ...event }
  const override = rule.timestamp_override
  if (override !== undefined && !hasPath(out, override)) setPath(out, override, out['@timestamp'])

  return out
}

function hasPath(doc: Record<string, unknown>, path: string): boolean {
  if (Object.hasOwn(doc, path)) return true

  let current: unknown = doc
  for (const part of path.split('.'))
    current = (current as Record<string, unknown> | undefined)?.[part]

  return current !== undefined
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.')
  let current = doc
  for (const part of parts.slice(0, -1)) {
    const next = current[part]
    if (typeof next !== 'object' || next === null || Array.isArray(next)) current[part] = {}
    current = current[part] as Record<string, unknown>
  }

  current[parts[parts.length - 1] ?? path] = value
}
