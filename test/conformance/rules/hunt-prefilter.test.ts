import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { before, describe, test } from 'node:test'
import { combineLineNeeds } from '../../../src/compile/index.ts'
import type { LineNeeds, LinePrefilter } from '../../../src/compile/index.ts'
import { compileRules } from '../../../src/detect/index.ts'
import { loadRules } from '../../../src/rules/index.ts'

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/detection-rules/', import.meta.url))
const FOLDERS = ['rules', 'rules_building_block'].map((f) => `${CORPUS}${f}`)

/** A small seeded PRNG, so the crafted lines are the same on every run. */
function random(seed: number): () => number {
  let state = seed

  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5

    return (state >>> 0) / 0x1_0000_0000
  }
}

// the case of some letters flipped: a case-insensitive needle still occurs, a sensitive one not
function flipCase(text: string, next: () => number): string {
  return text.replace(/[a-z]/g, (c) => (next() < 0.3 ? c.toUpperCase() : c))
}

// per conjunction of each rule: a line holding one needle of every requirement (some with their
// case changed), the same line without its first requirement, and both with escapes or
// characters the prefilters pass unchecked
function craftLines(needs: readonly LineNeeds[]): string[] {
  const next = random(20261203)
  const lines: string[] = []
  for (const { conjunctions } of needs) {
    for (const conjunction of conjunctions) {
      const pieces = conjunction.map((requirement) => {
        const needle = requirement[Math.floor(next() * requirement.length)]

        return needle === undefined ? '' : flipCase(needle.text, next)
      })
      const whole = `{"a":"${pieces.join('","b":"')}"}`
      const partial = `{"a":"${pieces.slice(1).join('","b":"')}"}`
      lines.push(whole, partial, `${partial}\\u0041`, `${partial}\\/`, `${partial}\u212a`)
    }
  }

  return lines
}

describe(
  'the hunt prefilter over the whole library',
  {
    skip: existsSync(CORPUS)
      ? false
      : 'shared corpus not found at ../shared/corpus/detection-rules',
  },
  () => {
    let needs: LineNeeds[] = []
    let each: LinePrefilter[] = []

    before(async () => {
      const loaded = await loadRules(FOLDERS)
      const { rules } = compileRules(loaded.rules, { now: Date.parse('2026-12-01T00:00:00Z') })
      const filtered = rules.filter((r) => r.lineNeeds !== null && r.prefilter !== null)
      needs = filtered.map((r) => r.lineNeeds).filter((n) => n !== null)
      each = filtered.map((r) => r.prefilter).filter((p) => p !== null)
    })

    test('one scan passes exactly the lines some rule’s own prefilter passes', () => {
      assert.ok(needs.length > 1000, `${String(needs.length)} rules with a prefilter`)

      const combined = combineLineNeeds(needs)
      const lines = craftLines(needs)
      let passed = 0
      const wrong: string[] = []
      for (const line of lines) {
        const expected = each.some((accepts) => accepts(line))
        if (expected) passed++
        if (combined(line) !== expected) wrong.push(line)
      }

      assert.deepEqual(wrong.slice(0, 5), [])
      // the lines are a real mix: neither side of the test is empty
      assert.ok(passed > lines.length / 5 && passed < lines.length, `${String(passed)} passed`)
    })

    test('each rule’s needs combined alone give that rule’s own prefilter', () => {
      const lines = craftLines(needs).slice(0, 4000)
      for (const [i, one] of needs.entries()) {
        if (i % 25 !== 0) continue

        const combined = combineLineNeeds([one])
        const own = each[i]
        for (const line of lines) assert.equal(combined(line), own?.(line), `rule ${String(i)}`)
      }
    })
  },
)
