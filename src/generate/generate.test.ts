import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compileEql } from '../compile/index.ts'
import { compileKql } from '../compile/kql/index.ts'
import type { EcsEvent } from '../ecs/index.ts'
import { parseEqlOrThrow } from '../eql/index.ts'
import { createRunner, toEngineEvent } from '../engine/index.ts'
import { parseKqlOrThrow } from '../kql/index.ts'
import { exampleEvents, GENERATE_DEFAULTS, generateEvents } from './index.ts'
import type { GeneratedCases } from './index.ts'

const NOW = GENERATE_DEFAULTS.now

function eqlMatcher(query: string): (events: readonly EcsEvent[]) => boolean {
  const compiled = compileEql(parseEqlOrThrow(query))
  assert.ok(compiled.ok)
  const plan = compiled.value.plan
  if (plan.kind === 'event')
    return (events) => events.length === 1 && events.every(plan.filter.matches)

  return (events) => {
    const runner = createRunner(plan)
    events.forEach((e, ordinal) => {
      runner.push(toEngineEvent(e, { ordinal }))
    })

    return runner.finish().total > 0
  }
}

function kqlMatcher(query: string): (events: readonly EcsEvent[]) => boolean {
  const compiled = compileKql(parseKqlOrThrow(query), { now: NOW })
  assert.ok(compiled.ok)
  const matches = compiled.value.matches

  return (events) => events.length === 1 && events.every(matches)
}

function generate(query: string, language: 'eql' | 'kuery'): GeneratedCases {
  const input =
    language === 'eql'
      ? { language, query: parseEqlOrThrow(query) }
      : { language, query: parseKqlOrThrow(query) }
  const result = generateEvents(input, { seed: 7 })
  assert.ok(result.ok, result.ok ? '' : result.diagnostics.map((d) => d.message).join('; '))

  return result.value
}

const EQL_CASES: readonly string[] = [
  'process where process.name == "cmd.exe"',
  'process where process.name : "*\\\\foo.exe"',
  'process where process.name like~ ("a*.exe", "b?.dll")',
  'process where process.executable : "C:\\\\Windows\\\\*" and process.executable : "*\\\\svchost.exe"',
  'process where process.args : "-enc" and process.args : "*http*"',
  'process where process.name in ("a.exe", "b.exe") and not process.name in ("b.exe")',
  'process where process.name in~ ("CMD.exe") and process.parent.name != "explorer.exe"',
  'file where file.path regex~ """.*\\\\temp\\\\[a-z]{3}[0-9]+\\.tmp"""',
  'network where destination.port > 1024 and destination.port <= 2048',
  'network where cidrMatch(destination.ip, "10.0.0.0/8", "192.168.0.0/16")',
  'network where not cidrMatch(source.ip, "10.0.0.0/8") and source.ip != null',
  'network where destination.ip == "172.16.0.0/12"',
  'process where stringContains(process.command_line, "invoke-")',
  'process where startsWith~(dns.question.name, host.name) and not endsWith(file.name, user.name)',
  'process where startsWith~(process.name, "ps") and endsWith(process.name, ".exe")',
  'process where length(process.command_line) > 200 and process.command_line : "*powershell*"',
  'process where process.code_signature.trusted == false and process.pe.original_file_name == null',
  'any where user.name == "root" or (host.name : "srv-*" and not host.name : "srv-test*")',
  'process where ?process.Ext.relative_file_creation_time <= 500',
  'sequence by host.id with maxspan=1m [process where process.name == "a"] [network where true]',
  'sequence with maxspan=10s [process where true] by process.entity_id [process where true] by process.parent.entity_id',
  'sequence by user.name [authentication where event.outcome == "failure"] with runs=5 [authentication where event.outcome == "success"]',
  'sequence by host.id [process where process.name == "a"] [file where true] until [process where event.type == "end"]',
  'sample by host.id [process where process.name == "a"] [network where destination.port == 53]',
]

const KQL_CASES: readonly string[] = [
  'event.category:process and process.name:cmd.exe',
  'process.name:(a.exe or b.exe) and not process.parent.name:explorer.exe',
  'process.executable:*\\\\Temp\\\\*.exe',
  'process.name.caseless:("cmd.exe" or "wscript.exe")',
  'process.command_line:(* and not "a b")',
  'message:"command not found"',
  'powershell.file.script_block_text:("Reflection.Emit.OpCodes" and psenum)',
  'source.ip:(10.0.0.0/8 or 172.16.0.0/12) and not destination.ip:"FE80::/10"',
  'destination.port >= 5800 and destination.port <= 5810',
  '@timestamp >= "now-30d/d" and event.kind:alert',
  'process.code_signature.trusted:false and file.hash.*:*',
  'user_agent.original:(*S3 Browser*)',
]

describe('generated events', () => {
  for (const query of EQL_CASES) {
    test(`eql ${query}: positives match and negatives do not`, () => {
      const matches = eqlMatcher(query)
      const cases = generate(query, 'eql')
      assert.ok(cases.positives.length > 0 && cases.negatives.length > 0)
      for (const c of cases.positives) assert.ok(matches(c.events), JSON.stringify(c.events))
      for (const c of cases.negatives)
        assert.ok(!matches(c.events), `${c.description} ${JSON.stringify(c.events)}`)
    })
  }

  for (const query of KQL_CASES) {
    test(`kql ${query}: positives match and negatives do not`, () => {
      const matches = kqlMatcher(query)
      const cases = generate(query, 'kuery')
      assert.ok(cases.positives.length > 0 && cases.negatives.length > 0)
      for (const c of cases.positives) assert.ok(matches(c.events), JSON.stringify(c.events))
      for (const c of cases.negatives)
        assert.ok(!matches(c.events), `${c.description} ${JSON.stringify(c.events)}`)
    })
  }
})

describe('generation limits', () => {
  const cases: readonly [query: string, language: 'eql' | 'kuery', code: string][] = [
    [
      'process where startsWith(process.name, substring(process.parent.name, 0, 2))',
      'eql',
      'ERR_GEN_UNSUPPORTED',
    ],
    ['process where process.name regex "a&b"', 'eql', 'ERR_GEN_UNSUPPORTED'],
    ['process where process.name == "a" and process.name != "a"', 'eql', 'ERR_GEN_CONTRADICTION'],
    ['mimikatz', 'kuery', 'ERR_GEN_UNSUPPORTED'],
    ['process.name:a and not process.name:a', 'kuery', 'ERR_GEN_CONTRADICTION'],
  ]

  for (const [query, language, code] of cases) {
    test(`${language} ${query} fails with ${code}`, () => {
      const input =
        language === 'eql'
          ? { language, query: parseEqlOrThrow(query) }
          : { language, query: parseKqlOrThrow(query) }
      const result = generateEvents(input)
      assert.equal(result.ok, false)
      assert.equal(result.ok ? '' : result.diagnostics[0]?.code, code)
    })
  }
})

describe('generation details', () => {
  test('the same seed gives the same events', () => {
    const query = parseEqlOrThrow('process where process.name : "*.exe" and not user.name : "a*"')
    const first = generateEvents({ language: 'eql', query }, { seed: 3 })
    const second = generateEvents({ language: 'eql', query }, { seed: 3 })
    assert.deepEqual(first, second)
  })

  test('sequence steps share join keys and stay inside maxspan', () => {
    const cases = generate(
      'sequence by host.id with maxspan=2s [process where true] [file where true]',
      'eql',
    )
    const [a, b] = cases.positives[0]?.events ?? []
    assert.deepEqual(a?.['host'], b?.['host'])
    const span = Date.parse(String(b?.['@timestamp'])) - Date.parse(String(a?.['@timestamp']))
    assert.ok(span > 0 && span <= 2000, String(span))
  })

  test('event queries get no timestamp they do not need', () => {
    const event = generate('process where process.name == "a"', 'eql').positives[0]?.events[0]
    assert.equal(event?.['@timestamp'], undefined)
  })

  test('the example names the flipped condition, preferring one besides the category', () => {
    const result = exampleEvents('process where process.name == "cmd.exe"', 'eql')
    assert.ok(result.ok)
    assert.match(result.value.flipped, /process\.name == "cmd\.exe"/)
    assert.equal(
      eqlMatcher('process where process.name == "cmd.exe"')(result.value.negative),
      false,
    )
  })

  test('the example reports parse errors as diagnostics', () => {
    const result = exampleEvents('process where', 'eql')
    assert.equal(result.ok, false)
  })
})
