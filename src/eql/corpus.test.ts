import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { parse } from 'smol-toml'
import { parseEql, printEql } from './index.ts'
import { findCorpus, withoutSpans } from './test-helpers.ts'

interface RuleFile {
  readonly rule?: { readonly language?: string; readonly query?: unknown }
}

interface SuiteFile {
  readonly queries?: readonly { readonly name: string; readonly query: string }[]
}

function listToml(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.toml'))
    .map((name) => join(dir, name))
}

function readRuleQueries(root: string): { file: string; query: string }[] {
  const files = ['rules', 'rules_building_block'].flatMap((sub) => listToml(join(root, sub)))

  return files.flatMap((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as RuleFile
    const query = doc.rule?.query
    if (doc.rule?.language !== 'eql' || typeof query !== 'string') return []

    return [{ file, query }]
  })
}

// test_extra.toml writes bare null inside arrays, which TOML forbids
function readSuite(file: string): SuiteFile {
  const text = readFileSync(file, 'utf8').replace(/(?<=[[ ,])null(?=[\],])/g, '"null"')

  return parse(text)
}

function describeFailure(query: string): string {
  const result = parseEql(query)

  return result.ok ? '' : result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')
}

function assertRoundTrip(query: string): void {
  const first = parseEql(query)
  assert.ok(first.ok, describeFailure(query))
  const printed = printEql(first.value)
  const second = parseEql(printed)
  assert.ok(second.ok, `reprint does not parse: ${printed}`)
  assert.deepEqual(withoutSpans(second.value), withoutSpans(first.value), printed)
}

describe('detection rules corpus', () => {
  const root = findCorpus('detection-rules')
  test('parses every eql rule query without diagnostics and round-trips it', (t) => {
    if (root === undefined) {
      t.skip('shared corpus not found (../shared/corpus/detection-rules)')

      return
    }

    const rules = readRuleQueries(root)
    const failures = rules.filter((r) => !parseEql(r.query).ok)
    assert.deepEqual(
      failures.map((r) => `${r.file}: ${describeFailure(r.query)}`),
      [],
    )
    for (const rule of rules) assertRoundTrip(rule.query)
    assert.ok(rules.length >= 1000, `only ${rules.length} eql rules found`)
    t.diagnostic(`${rules.length} eql rule queries parsed`)
  })
})

describe('elasticsearch eql qa suites', () => {
  const dir = findCorpus('eql/elastic-elasticsearch/resources')
  test('parses every suite query without diagnostics and round-trips it', (t) => {
    if (dir === undefined) {
      t.skip('shared corpus not found (../shared/corpus/eql/elastic-elasticsearch)')

      return
    }

    const queries = readdirSync(dir)
      .filter((name) => name.endsWith('.toml'))
      .flatMap((name) =>
        (readSuite(join(dir, name)).queries ?? []).map((q) => ({ file: name, ...q })),
      )
    const failures = queries.filter((q) => !parseEql(q.query).ok)
    assert.deepEqual(
      failures.map((q) => `${q.file} ${q.name}: ${describeFailure(q.query)}`),
      [],
    )
    for (const q of queries) assertRoundTrip(q.query)
    assert.ok(queries.length >= 300, `only ${queries.length} suite queries found`)
    t.diagnostic(`${queries.length} suite queries parsed`)
  })
})
