import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compileRule, Hunt } from '../detect/index.ts'
import type { CompiledRule, HuntEvent, HuntOptions } from '../detect/index.ts'
import { loadRules } from '../rules/index.ts'
import { readInputs } from '../sources/index.ts'
import { ProfiledHunt, renderProfile } from './profile.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const NOW = Date.parse('2026-12-01T00:00:00Z')

async function exampleRules(): Promise<CompiledRule[]> {
  const loaded = await loadRules([
    `${ROOT}examples/rules/exchange-worker-shell.toml`,
    `${ROOT}examples/rules/password-spray-then-success.toml`,
  ])

  return loaded.rules.map((rule, i) => {
    const compiled = compileRule(rule, i, { now: NOW })
    assert.ok(compiled.ok)

    return compiled.value
  })
}

async function events(index?: string): Promise<HuntEvent[]> {
  const out: HuntEvent[] = []
  for await (const item of readInputs([`${ROOT}examples/events`]))
    if (item.kind === 'event') out.push(index === undefined ? item : { ...item, index })

  return out
}

describe('ProfiledHunt', () => {
  for (const mode of ['all', 'replay'] as const) {
    test(`gives the same alerts as one hunt (${mode})`, async () => {
      const rules = await exampleRules()
      const options: HuntOptions = { mode, now: NOW }
      const plain = new Hunt(rules, options)
      const profiled = new ProfiledHunt(rules, options)
      for (const event of await events()) {
        plain.push(event)
        profiled.push(event)
      }

      const ids = (alerts: readonly { id: string; rulePosition: number }[]) =>
        alerts.map((a) => `${String(a.rulePosition)}:${a.id}`).sort()
      assert.deepEqual(ids(profiled.finish().alerts), ids(plain.finish().alerts))
    })
  }

  test('counts examined events, matches and alerts per rule, slowest first', async () => {
    const profiled = new ProfiledHunt(await exampleRules(), { mode: 'all', now: NOW })
    for (const event of await events()) profiled.push(event)
    profiled.finish()
    const profile = profiled.profile([{ name: 'Broken', path: 'b.toml', reason: 'unsupported' }])
    const byName = new Map(profile.rules.map((r) => [r.name, r]))
    const exchange = byName.get('Exchange Worker Started a Shell')
    assert.deepEqual([exchange?.examined, exchange?.matches, exchange?.alerts], [13, 4, 4])
    const spray = byName.get('Repeated Logon Failures Followed by Success')
    assert.equal(spray?.examined, 15)
    assert.equal(spray?.alerts, 5)
    assert.equal(profile.events, 28)
    const times = profile.rules.map((r) => r.seconds)
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    )
    assert.ok(Math.abs(profile.rules.reduce((s, r) => s + r.share, 0) - 1) < 1e-9)
    const text = renderProfile(profile)
    assert.match(text, /^ +time +share +examined +matches +alerts +cut +rule$/m)
    assert.match(text, /1 rules never ran:\n {2}Broken \(b\.toml\): unsupported$/)
  })

  test('reports the replay executions max_signals cut and the matches they dropped', async () => {
    const [exchange] = await exampleRules()
    assert.ok(exchange !== undefined)
    const capped = { ...exchange, rule: { ...exchange.rule, max_signals: 1 } }
    const profiled = new ProfiledHunt([capped], { mode: 'replay', now: NOW })
    for (const event of await events()) profiled.push(event)
    profiled.finish()
    const [rule] = profiled.profile([]).rules
    // the three exch01 shells fall in the same executions; max_signals 1 keeps one per execution
    assert.ok(rule !== undefined && rule.truncatedExecutions > 0)
    assert.ok(rule.droppedMatches > 0)
    assert.match(renderProfile(profiled.profile([])), /\d+\/\d+ \(\d+ dropped\)/)
  })

  test('a rule no event reaches is listed as never run', async () => {
    const profiled = new ProfiledHunt(await exampleRules(), { mode: 'all', now: NOW })
    for (const event of await events('auditbeat-8')) profiled.push(event)
    profiled.finish()
    const profile = profiled.profile()
    assert.deepEqual(profile.rules, [])
    assert.equal(profile.idle.length, 2)
    assert.match(profile.idle[0]?.reason ?? '', /index patterns/)
  })
})
