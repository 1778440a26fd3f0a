import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { loadRules, loadRuleText } from './load-rules.ts'
import { fixturePath } from './test-fixtures.ts'

// only the folders these tests own: other suites keep their own rule files next to them
const FOLDERS = ['toml', 'json', 'pages'].map(fixturePath)

describe('loadRules', () => {
  test('loads every fixture format from one folder and reports the broken files', async () => {
    const { rules, diagnostics, files } = await loadRules(FOLDERS)
    const errors = diagnostics.filter((d) => d.severity === 'error')
    assert.equal(files, 21)
    assert.deepEqual([...new Set(rules.map((r) => r.provenance.format))].sort(), [
      'json',
      'markdown',
      'ndjson',
      'toml',
    ])
    assert.equal(rules.length, 14)
    // one error per broken fixture, none for the good ones
    assert.deepEqual(errors.map((d) => d.source?.split('/fixtures/rules/')[1]).sort(), [
      'json/export.ndjson',
      'json/export.ndjson',
      'pages/bad-risk-score.md',
      'pages/no-query.md',
      'pages/orphan-technique.md',
      'toml/broken-syntax.toml',
      'toml/missing-name.toml',
      'toml/unknown-type.toml',
      'toml/wrong-type.toml',
    ])
  })

  test('reports deprecated rules and markdown that is not a rule page as warnings', async () => {
    const { diagnostics } = await loadRules(FOLDERS)
    const warnings = diagnostics
      .filter((d) => d.severity === 'warning')
      .map((d) => d.code)
      .sort()
    assert.deepEqual(warnings, ['ERR_RULE_DEPRECATED', 'ERR_RULE_PAGE_NOT_A_RULE'])
  })

  test('treats a markdown file named explicitly as an error when it is not a rule page', async () => {
    const { diagnostics } = await loadRules([fixturePath('pages/not-a-rule.md')])
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['ERR_RULE_PAGE_NOT_A_RULE', 'error']],
    )
  })

  test('reports a missing path and still loads the others', async () => {
    const { rules, diagnostics, files } = await loadRules([
      '/no/such/rules',
      fixturePath('toml/threshold.toml'),
    ])
    assert.equal(files, 1)
    assert.equal(rules.length, 1)
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [['ERR_RULE_READ', 'cannot read "/no/such/rules": no such file or directory']],
    )
  })

  test('warns about a rule_id used twice and skips unknown extensions in folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'))
    try {
      mkdirSync(join(dir, '_deprecated'))
      const rule =
        '{"rule_id":"same","name":"n","description":"d","type":"query","severity":"low","risk_score":1}'
      writeFileSync(join(dir, 'a.json'), rule)
      writeFileSync(join(dir, '_deprecated', 'b.json'), rule)
      writeFileSync(join(dir, 'LICENSE.txt'), 'not a rule')
      const { rules, diagnostics, files } = await loadRules([dir])
      assert.equal(files, 2)
      assert.equal(rules.length, 2)
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), [
        'ERR_RULE_DEPRECATED',
        'ERR_RULE_DUPLICATE_ID',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('refuses a file type it has no loader for', () => {
    const { diagnostics } = loadRuleText('rules.yaml', 'title: x')
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [['ERR_RULE_UNSUPPORTED_FILE', 'unsupported rule file type ".yaml"']],
    )
  })
})

describe('loadRules on a folder with rule tests', () => {
  test('skips <rule>.test.toml files unless they are named explicitly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'))
    try {
      const rule = [
        '[rule]',
        'author = ["t"]',
        'description = "d"',
        'name = "n"',
        'risk_score = 1',
        'rule_id = "00000000-0000-4000-8000-000000000001"',
        'severity = "low"',
        'type = "query"',
        'language = "kuery"',
        'query = "a:b"',
      ].join('\n')
      writeFileSync(join(dir, 'r.toml'), rule)
      writeFileSync(join(dir, 'r.test.toml'), '[[case]]\nname = "x"\n')

      const folder = await loadRules([dir])
      assert.equal(folder.files, 1)
      assert.equal(folder.rules.length, 1)
      assert.deepEqual(folder.diagnostics, [])

      const explicit = await loadRules([join(dir, 'r.test.toml')])
      assert.equal(explicit.files, 1)
      assert.equal(explicit.rules.length, 0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
