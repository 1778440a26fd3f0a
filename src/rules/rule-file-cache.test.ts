import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { loadRules } from './load-rules.ts'
import type { LoadResult } from './load-result.ts'
import { isSameStamp, stampOf } from './rule-file-cache.ts'
import type { FileStamp, RuleFileCache } from './rule-file-cache.ts'
import { fixturePath } from './test-fixtures.ts'

const FOLDERS = ['toml', 'json', 'pages'].map(fixturePath)

// a cache in memory that counts what it was asked
class MemoryCache implements RuleFileCache {
  readonly entries = new Map<string, { stamp: FileStamp; result: LoadResult }>()
  hits = 0
  misses = 0

  get(path: string, stamp: FileStamp): LoadResult | undefined {
    const entry = this.entries.get(path)
    if (entry === undefined || !isSameStamp(entry.stamp, stamp)) {
      this.misses++

      return undefined
    }

    this.hits++

    return entry.result
  }

  set(path: string, stamp: FileStamp, result: LoadResult): void {
    this.entries.set(path, { stamp, result })
  }
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rule-cache-'))
  after(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  return dir
}

const RULE = (name: string) => `[metadata]
creation_date = "2024/01/01"

[rule]
author = ["Vigil"]
description = "d"
name = "${name}"
risk_score = 21
rule_id = "id-1"
severity = "low"
type = "query"
index = ["logs-*"]
language = "kuery"
query = "process.name:x"
`

describe('loading rules through a cache', () => {
  test('gives what loading without one gives, and the second time reads nothing afresh', async () => {
    const cache = new MemoryCache()
    const plain = await loadRules(FOLDERS)
    const first = await loadRules(FOLDERS, { cache })
    const second = await loadRules(FOLDERS, { cache })

    assert.deepEqual(first, plain)
    assert.deepEqual(second, plain)
    assert.equal(cache.misses, plain.files)
    assert.equal(cache.hits, plain.files)
  })

  test('a kept result stands for an unchanged file', async () => {
    const dir = scratch()
    const path = join(dir, 'rule.toml')
    writeFileSync(path, RULE('real'))
    const cache = new MemoryCache()
    const stamp = stampOf(path, false)
    assert.ok(stamp !== undefined)
    const kept = await loadRules([fixturePath('toml')])
    cache.set(path, stamp, { rules: kept.rules.slice(0, 1), diagnostics: [] })

    const loaded = await loadRules([dir], { cache })

    assert.deepEqual(loaded.rules, kept.rules.slice(0, 1))
  })

  test('a changed file is loaded again, and so is the same file named rather than found', async () => {
    const dir = scratch()
    const path = join(dir, 'rule.toml')
    writeFileSync(path, RULE('before'))
    const cache = new MemoryCache()
    await loadRules([dir], { cache })
    writeFileSync(path, RULE('after, longer'))

    const changed = await loadRules([dir], { cache })
    const named = await loadRules([path], { cache })

    assert.deepEqual(
      changed.rules.map((r) => r.name),
      ['after, longer'],
    )
    assert.deepEqual(
      named.rules.map((r) => r.name),
      ['after, longer'],
    )
    assert.equal(cache.hits, 0)
  })

  test('a file that cannot be stamped is loaded, and its error reported, as without a cache', async () => {
    const missing = join(scratch(), 'gone.toml')
    const cache = new MemoryCache()

    const loaded = await loadRules([missing], { cache })

    assert.deepEqual(loaded, await loadRules([missing]))
    assert.equal(cache.entries.size, 0)
  })
})
