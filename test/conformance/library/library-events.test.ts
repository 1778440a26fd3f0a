import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import type { CheckOutcome, CheckStatus, LibraryQuery } from './library-check.ts'
import { checkQuery, loadLibrary } from './library-check.ts'

interface AllowEntry {
  readonly status: CheckStatus
  readonly reason: string
}

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/detection-rules', import.meta.url))
const ALLOW_LIST = JSON.parse(
  readFileSync(new URL('./allow-list.json', import.meta.url), 'utf8'),
) as Readonly<Record<string, AllowEntry>>

function checkAll(queries: readonly LibraryQuery[]): Map<string, CheckOutcome> {
  return new Map(queries.map((q) => [q.id, checkQuery(q)]))
}

function tally(outcomes: ReadonlyMap<string, CheckOutcome>): string {
  const counts = new Map<string, number>()
  let positives = 0
  let negatives = 0
  for (const o of outcomes.values()) {
    counts.set(o.status, (counts.get(o.status) ?? 0) + 1)
    positives += o.positives
    negatives += o.negatives
  }

  const parts = [...counts].map(([status, n]) => `${status} ${String(n)}`)

  return `${String(outcomes.size)} queries: ${parts.join(', ')}; ${String(positives)} positive and ${String(negatives)} negative cases`
}

describe('generated events for the whole rule library', () => {
  test('every positive matches and every negative does not, outside the allow-list', (t) => {
    if (!existsSync(CORPUS)) {
      t.skip('shared corpus not found at ../shared/corpus/detection-rules')

      return
    }

    const outcomes = checkAll(loadLibrary(CORPUS))
    t.diagnostic(tally(outcomes))
    const unexpected: string[] = []
    for (const [id, o] of outcomes) {
      const allowed = ALLOW_LIST[id]
      if (o.status === 'pass' && allowed !== undefined) {
        unexpected.push(`${id}: passes now, remove it from allow-list.json`)
      } else if (o.status !== 'pass' && allowed?.status !== o.status) {
        unexpected.push(`${id}: ${o.status} ${o.detail.slice(0, 400)}`)
      }
    }

    const stale = Object.keys(ALLOW_LIST).filter((id) => !outcomes.has(id))
    assert.deepEqual([...unexpected, ...stale.map((id) => `${id}: not in the corpus`)], [])
  })

  test('the allow-list gives a reason for every entry', () => {
    for (const [id, entry] of Object.entries(ALLOW_LIST)) {
      assert.ok(entry.reason.length > 10, `${id} has no reason`)
      assert.notEqual(entry.status, 'pass', id)
    }
  })
})
