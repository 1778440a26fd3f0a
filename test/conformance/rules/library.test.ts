import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { before, describe, test } from 'node:test'
import { loadRules, validateRules } from '../../../src/rules/index.ts'
import type { LoadedRules, Rule, ValidationRow } from '../../../src/rules/index.ts'

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/detection-rules/', import.meta.url))
const FOLDERS = ['rules', 'rules_building_block'].map((f) => `${CORPUS}${f}`)

// detection-engine.md §1 and the corpus SOURCES.md (active rules, building blocks included)
const TYPE_COUNTS: Readonly<Record<string, number>> = {
  eql: 1024,
  query: 454,
  new_terms: 241,
  esql: 209,
  machine_learning: 106,
  threshold: 28,
  threat_match: 6,
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1

  return counts
}

describe(
  'the whole detection-rules library',
  {
    skip: existsSync(CORPUS)
      ? false
      : 'shared corpus not found at ../shared/corpus/detection-rules',
  },
  () => {
    let loaded: LoadedRules
    let rows: ValidationRow[]
    let loadMs = 0
    let loadCpuMs = 0
    let validateMs = 0

    before(async () => {
      const started = performance.now()
      // cpu time as well as wall time: the machine running the suite is often shared
      const cpu = process.cpuUsage()
      loaded = await loadRules(FOLDERS)
      loadMs = performance.now() - started
      const used = process.cpuUsage(cpu)
      loadCpuMs = (used.user + used.system) / 1000
      rows = validateRules(loaded.rules)
      validateMs = performance.now() - started - loadMs
    })

    test('loads every file with no diagnostics', (t) => {
      t.diagnostic(
        `loaded ${loaded.files} files into ${loaded.rules.length} rules in ${loadMs.toFixed(0)} ms (${loadCpuMs.toFixed(0)} ms cpu), validated in ${validateMs.toFixed(0)} ms`,
      )
      assert.equal(loaded.files, 2068)
      assert.equal(loaded.rules.length, 2068)
      assert.deepEqual(loaded.diagnostics, [])
    })

    test('has the rule counts per type of detection-engine.md', () => {
      assert.deepEqual(
        countBy(loaded.rules, (r) => r.type),
        TYPE_COUNTS,
      )
      assert.deepEqual(
        countBy(loaded.rules, (r) => ('language' in r ? r.language : 'none')),
        { eql: 1024, kuery: 729, esql: 209, none: 106 },
      )
    })

    test('marks all 128 building-block rules and only those', () => {
      const blocks = loaded.rules.filter((r) => r.building_block_type !== undefined)
      assert.equal(blocks.length, 128)
      assert.deepEqual(
        countBy(blocks, (r) => r.type),
        { eql: 70, query: 30, new_terms: 24, esql: 3, threshold: 1 },
      )
      assert.ok(
        blocks.every(
          (r) =>
            r.building_block_type === 'default' &&
            r.provenance.path.includes('rules_building_block'),
        ),
      )
    })

    test('applies kibana defaults where rules leave fields out', () => {
      const rules: readonly Rule[] = loaded.rules
      assert.equal(rules.filter((r) => r.interval === '5m').length, 1607 + 111)
      assert.equal(rules.filter((r) => r.from === 'now-6m').length, 104 + 272)
      assert.ok(rules.every((r) => r.to === 'now' && r.version === 1))
      // 9 files say enabled = false; the rest take the default (2 spell out true)
      assert.equal(rules.filter((r) => !r.enabled).length, 9)
      assert.equal(rules.filter((r) => r.max_signals !== 100).length, 59)
      assert.ok(rules.every((r) => r.provenance.maturity === 'production'))
    })

    test('keeps the optional fields the library uses', () => {
      const rules: readonly Rule[] = loaded.rules
      const has = (pick: (r: Rule) => unknown): number =>
        rules.filter((r) => pick(r) !== undefined).length
      assert.equal(rules.filter((r) => r.timestamp_override === 'event.ingested').length, 1814)
      assert.equal(
        has((r) => r.alert_suppression),
        23,
      )
      assert.equal(
        has((r) => r.investigation_fields),
        504,
      )
      assert.equal(
        has((r) => r.rule_name_override),
        25,
      )
      assert.equal(
        has((r) => ('event_category_override' in r ? r.event_category_override : undefined)),
        15,
      )
      assert.equal(
        has((r) => ('filters' in r ? r.filters : undefined)),
        18,
      )
      assert.equal(rules.filter((r) => r.exceptions_list.length > 0).length, 9)
      assert.equal(rules.filter((r) => r.severity_mapping.length > 0).length, 28)
      assert.equal(rules.filter((r) => r.risk_score_mapping.length > 0).length, 20)
      assert.equal(rules.filter((r) => r.threat.length > 0).length, 1998)
      assert.equal(
        rules.filter((r) => r.type === 'threshold' && r.threshold.cardinality.length > 0).length,
        18,
      )
    })

    test('validates every eql and kuery query rule as ok', () => {
      const bad = rows.filter((r) => (r.type === 'eql' || r.type === 'query') && r.status !== 'ok')
      assert.deepEqual(bad, [])
    })

    test('compiles the query of every new_terms, threshold and threat_match rule', () => {
      const others = rows.filter(
        (r) => r.type === 'new_terms' || r.type === 'threshold' || r.type === 'threat_match',
      )
      assert.equal(others.length, 275)
      assert.deepEqual(
        others.filter((r) => r.code !== 'ERR_RULE_UNSUPPORTED_TYPE'),
        [],
      )
    })

    test('reports es|ql and machine learning rules as unsupported with a reason', () => {
      const codes = countBy(
        rows.filter((r) => r.type === 'esql' || r.type === 'machine_learning'),
        (r) => `${r.status} ${r.code ?? ''}`,
      )
      assert.deepEqual(codes, {
        'unsupported ERR_RULE_UNSUPPORTED_ESQL': 209,
        'unsupported ERR_RULE_UNSUPPORTED_ML': 106,
      })
    })
  },
)
