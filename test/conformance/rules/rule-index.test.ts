// the hunt's rule index over the whole library must never hide a rule from an event that could
// match it: every generated positive event some filter of its rule accepts must reach the rule
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'

import { planFilters } from '../../../src/compile/index.ts'
import { compileRules } from '../../../src/detect/index.ts'
import type { CompiledRule } from '../../../src/detect/index.ts'
import { RuleIndex } from '../../../src/detect/rule-index.ts'
import { cacheReadsOf } from '../../../src/ecs/index.ts'
import type { EcsEvent } from '../../../src/ecs/index.ts'
import { parseEql } from '../../../src/eql/index.ts'
import { generateEvents, seedOf } from '../../../src/generate/index.ts'
import type { GenerateInput } from '../../../src/generate/index.ts'
import { parseKql } from '../../../src/kql/index.ts'
import { loadRules } from '../../../src/rules/index.ts'

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/detection-rules/', import.meta.url))
const FOLDERS = ['rules', 'rules_building_block'].map((f) => `${CORPUS}${f}`)
const NOW = Date.parse('2026-01-01T00:00:00Z')

// the generator's input for a rule's query; null for a query it cannot read
function inputOf(rule: CompiledRule): GenerateInput | null {
  const { language, query } = rule.rule as { language?: string; query?: unknown }
  if (typeof query !== 'string') return null

  if (language === 'eql') {
    const parsed = parseEql(query)

    return parsed.ok ? { language: 'eql', query: parsed.value } : null
  }

  const parsed = parseKql(query)

  return parsed.ok ? { language: 'kuery', query: parsed.value } : null
}

// whether some filter of the rule accepts the event: it may then take part in a match
function acceptorOf(rule: CompiledRule): (event: EcsEvent) => boolean {
  if (rule.plan === null) return rule.matches

  const filters = planFilters(rule.plan)

  return (event) => filters.some((filter) => filter.matches(event))
}

// the generated positive events each rule accepts, which the index must bring to it
function positivesOf(rule: CompiledRule): EcsEvent[] {
  const input = inputOf(rule)
  if (input === null) return []

  const generated = generateEvents(input, { seed: seedOf(rule.rule.rule_id) })
  if (!generated.ok) return []

  const accepts = acceptorOf(rule)

  return generated.value.positives.flatMap((c) => c.events).filter(accepts)
}

describe(
  'the rule index over the whole library',
  {
    skip: existsSync(CORPUS)
      ? false
      : 'shared corpus not found at ../shared/corpus/detection-rules',
  },
  () => {
    test('brings every generated positive event to its rule', async (t) => {
      const loaded = await loadRules(FOLDERS)
      const { rules } = compileRules(loaded.rules, { now: NOW })
      const index = new RuleIndex(rules)
      const misses: string[] = []
      let events = 0
      for (const rule of rules) {
        for (const event of positivesOf(rule)) {
          events++
          // read as the hunt reads it (its fields cached), and without the cache
          for (const isCached of [true, false]) {
            let isMet = false
            cacheReadsOf(isCached ? event : null)
            index.forCandidates(event, (met) => {
              isMet ||= met === rule
            })
            cacheReadsOf(null)
            if (!isMet)
              misses.push(
                `${rule.rule.name} (cached ${String(isCached)}): ${JSON.stringify(event)}`,
              )
          }
        }
      }

      t.diagnostic(`${String(rules.length)} rules, ${String(events)} accepted positive events`)
      assert.ok(events > 5000, `only ${String(events)} events`)
      assert.deepEqual(misses.slice(0, 5), [])
    })
  },
)
