import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { loadPageRule } from './load-page.ts'
import { loadTomlRule } from './load-toml.ts'
import { positionOf, readFixture } from './test-fixtures.ts'

const EXCHANGE_TOML = fileURLToPath(
  new URL(
    '../../../shared/corpus/detection-rules/rules/windows/initial_access_suspicious_ms_exchange_worker_child_process.toml',
    import.meta.url,
  ),
)

function loadFixture(name: string): ReturnType<typeof loadPageRule> & { text: string } {
  const { path, text } = readFixture(`pages/${name}`)

  return { ...loadPageRule(path, text), text }
}

describe('rule page loader', () => {
  test('reads the exchange worker page into an eql rule', () => {
    const { rules, diagnostics } = loadFixture('exchange-worker-spawning-suspicious-processes.md')
    assert.deepEqual(diagnostics, [])
    const rule = rules[0]
    assert.ok(rule?.type === 'eql')
    assert.equal(rule.name, 'Microsoft Exchange Worker Spawning Suspicious Processes')
    assert.equal(
      rule.rule_id,
      'prebuilt-rule-8-3-3-microsoft-exchange-worker-spawning-suspicious-processes',
    )
    assert.equal(rule.version, 101)
    assert.equal(rule.interval, '5m')
    assert.equal(rule.from, 'now-9m')
    assert.equal(rule.max_signals, 100)
    assert.deepEqual(rule.author, ['Elastic'])
    assert.equal(rule.license, 'Elastic License v2')
    assert.equal(rule.references.length, 3)
    assert.ok(rule.note?.includes('Triage in brief'))
    assert.ok(rule.setup.startsWith('Needs process start events'))
    assert.ok(rule.description.startsWith('Flags a command shell'))
    assert.equal(rule.provenance.format, 'markdown')
  })

  test('matches the rule toml in every field the page shows', (t) => {
    if (!existsSync(EXCHANGE_TOML)) {
      t.skip('shared corpus not found at ../shared/corpus/detection-rules')

      return
    }

    const page = loadFixture('exchange-worker-spawning-suspicious-processes.md').rules[0]
    const toml = loadTomlRule(EXCHANGE_TOML, readFileSync(EXCHANGE_TOML, 'utf8')).rules[0]
    assert.ok(page?.type === 'eql' && toml?.type === 'eql')
    for (const key of [
      'name',
      'type',
      'language',
      'index',
      'severity',
      'risk_score',
      'from',
      'interval',
      'tags',
      'references',
      'author',
      'license',
      'threat',
    ] as const) {
      assert.deepEqual(page[key], toml[key], key)
    }

    assert.equal(page.query, toml.query.trimEnd())
  })

  test('places the query origin on the line after the fence', () => {
    const { rules, text } = loadFixture('exchange-worker-spawning-suspicious-processes.md')
    const fence = text.split('\n').indexOf('```js')
    assert.deepEqual(rules[0]?.provenance.query?.start.line, fence + 2)
    assert.equal(rules[0]?.provenance.query?.start.column, 1)
  })

  test('reads a query page with spelled-out schedule and inline author', () => {
    const { rules, diagnostics } = loadFixture('okta-session-from-new-proxy.md')
    assert.deepEqual(diagnostics, [])
    const rule = rules[0]
    assert.ok(rule?.type === 'query')
    assert.equal(rule.language, 'kuery')
    assert.equal(rule.severity, 'medium')
    assert.equal(rule.interval, '15m')
    assert.equal(rule.from, 'now-30m')
    assert.deepEqual(rule.references, [])
    assert.deepEqual(rule.author, ['Vigil Tests'])
    assert.deepEqual(rule.threat, [])
    assert.ok(rule.description.endsWith('Second paragraph of the description.'))
    assert.equal(
      rule.query,
      'event.dataset:okta.system and event.action:user.session.start and\n  okta.security_context.is_proxy:true',
    )
  })

  const MALFORMED = [
    ['bad-risk-score.md', 'ERR_RULE_FIELD_TYPE', 9, 'high'],
    ['orphan-technique.md', 'ERR_RULE_PAGE_THREAT', 19, '* Technique:'],
    ['no-query.md', 'ERR_RULE_MISSING_FIELD', 1, '# EQL Page'],
    ['not-a-rule.md', 'ERR_RULE_PAGE_NOT_A_RULE', 1, 'Just'],
  ] as const

  for (const [file, code, line, needle] of MALFORMED) {
    test(`reports ${code} in ${file}`, () => {
      const { rules, diagnostics, text } = loadFixture(file)
      assert.deepEqual(rules, [])
      const d = diagnostics.find((x) => x.code === code)
      assert.ok(d, JSON.stringify(diagnostics))
      assert.equal(d.severity, 'error')
      assert.deepEqual(
        { line: d.span.start.line, column: d.span.start.column },
        positionOf(text, line, needle),
      )
    })
  }

  test('warns about labels it does not know', () => {
    const text =
      '# T [t]\n\nd\n\n**Rule type**: query\n\n**Severity**: low\n\n**Risk score**: 1\n\n**Colour**: red\n'
    const { rules, diagnostics } = loadPageRule('t.md', text)
    assert.equal(rules.length, 1)
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.span.start.line]),
      [['ERR_RULE_PAGE_UNKNOWN_LABEL', 'warning', 11]],
    )
  })
})
