import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import { loadRules } from '../rules/index.ts'
import type { QueryFacts } from '../detect/index.ts'
import type { FileStamp, LoadResult } from '../rules/index.ts'
import { DiskRuleCache } from './rule-cache.ts'

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/rules/', import.meta.url))
const STAMP: FileStamp = { size: 10, mtimeMs: 1.5, ctimeMs: 2.5, ino: 7, isExplicit: false }

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-disk-cache-'))
  after(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  return dir
}

function open(dir: string, paths: readonly string[] = ['rules']): DiskRuleCache {
  const cache = DiskRuleCache.open(paths, { VIGIL_CACHE_DIR: dir })
  assert.ok(cache !== undefined)

  return cache
}

// real load results, with the Maps and nested objects a rule holds
async function someResult(): Promise<LoadResult> {
  const loaded = await loadRules([join(FIXTURES, 'toml')])

  return { rules: loaded.rules, diagnostics: loaded.diagnostics }
}

// a run that does not find /r/a.toml, so loads and keeps it
async function missingRun(dir: string, paths?: readonly string[]): Promise<void> {
  const cache = open(dir, paths)
  assert.equal(cache.get('/r/a.toml', STAMP), undefined)
  cache.set('/r/a.toml', STAMP, await someResult())
  cache.save()
}

// a cache folder whose paths were met once (the first run only notes them), then cached
async function savedRun(): Promise<{ dir: string; file: string }> {
  const dir = scratch()
  await missingRun(dir)
  await missingRun(dir)
  const [name] = readdirSync(dir)

  return { dir, file: join(dir, name ?? '') }
}

// the cache starts over: a run that notes the paths, one that caches, and one that finds
async function assertStartsOver(dir: string): Promise<void> {
  await missingRun(dir)
  await missingRun(dir)

  assert.notEqual(open(dir).get('/r/a.toml', STAMP), undefined)
}

describe('the rule cache on disk', () => {
  test('the first run with some paths only notes them, the second keeps what it loaded', async () => {
    const dir = scratch()
    await missingRun(dir)
    const [name] = readdirSync(dir)
    const note = deserialize(readFileSync(join(dir, name ?? ''))) as { entries: unknown[] }
    assert.deepEqual(note.entries, [])

    await missingRun(dir)
    assert.notEqual(open(dir).get('/r/a.toml', STAMP), undefined)
  })

  test('gives back, in the next run, what this run loaded', async () => {
    const dir = scratch()
    await missingRun(dir)
    const result = await someResult()
    const first = open(dir)
    assert.equal(first.get('/r/a.toml', STAMP), undefined)
    first.set('/r/a.toml', STAMP, result)
    first.save()

    const next = open(dir)

    assert.deepEqual(next.get('/r/a.toml', STAMP), result)
    assert.equal(next.get('/r/a.toml', { ...STAMP, mtimeMs: 9 }), undefined)
    assert.equal(next.get('/r/b.toml', STAMP), undefined)
  })

  test('keeps one file per set of rule paths', async () => {
    const dir = scratch()
    await missingRun(dir, ['a'])
    await missingRun(dir, ['a'])

    assert.equal(open(dir, ['b']).get('/r/a.toml', STAMP), undefined)
    assert.equal(readdirSync(dir).length, 1)
  })

  test('drops the files a run no longer loads, and writes nothing when nothing changed', async () => {
    const dir = scratch()
    await missingRun(dir)
    const result = await someResult()
    const first = open(dir)
    first.set('/r/a.toml', STAMP, result)
    first.set('/r/b.toml', STAMP, result)
    first.save()
    const [name] = readdirSync(dir)
    const written = statSync(join(dir, name ?? '')).mtimeMs

    const same = open(dir)
    same.get('/r/a.toml', STAMP)
    same.get('/r/b.toml', STAMP)
    same.save()
    assert.equal(statSync(join(dir, name ?? '')).mtimeMs, written)

    const fewer = open(dir)
    fewer.get('/r/a.toml', STAMP)
    fewer.save()
    assert.equal(open(dir).get('/r/b.toml', STAMP), undefined)
  })

  test('keeps the facts of the queries a run compiled, and only those the last run used', () => {
    const dir = scratch()
    const facts = (field: string): QueryFacts => ({
      categories: ['process'],
      indexKeys: [[[{ field, kind: 'exact', values: ['cmd.exe'] }]]],
      conjunctions: [[[{ text: 'cmd.exe', isCaseInsensitive: true }]]],
      warnings: [],
    })
    const noting = open(dir)
    noting.remember('a', facts('process.name'))
    noting.save()
    assert.equal(open(dir).factsOf('a'), undefined, 'the first run only notes the paths')

    const first = open(dir)
    first.remember('a', facts('process.name'))
    first.remember('b', facts('process.executable'))
    first.save()

    const second = open(dir)
    assert.deepEqual(second.factsOf('a'), facts('process.name'))
    assert.equal(second.factsOf('c'), undefined)
    second.save()

    const third = open(dir)
    assert.deepEqual(third.factsOf('a'), facts('process.name'))
    assert.equal(third.factsOf('b'), undefined, 'a query no run used since is dropped')
  })

  test('a damaged cache file is ignored, and written over', async () => {
    const { dir, file } = await savedRun()
    writeFileSync(file, 'not a cache')

    await assertStartsOver(dir)
  })

  test('a folder that cannot be made leaves the run alone', async () => {
    // under a plain file, so that not even root can make it
    const blocker = join(scratch(), 'a-file')
    writeFileSync(blocker, '')
    const cache = open(join(blocker, 'inner'))
    cache.set('/r/a.toml', STAMP, await someResult())

    assert.doesNotThrow(() => {
      cache.save()
    })
  })

  test("another build's cache is not used, and is written over in place", async () => {
    const { dir, file } = await savedRun()
    const kept = deserialize(readFileSync(file)) as Record<string, unknown>
    writeFileSync(file, serialize({ ...kept, build: 'an older build' }))

    await assertStartsOver(dir)
    assert.deepEqual(readdirSync(dir), [file.slice(dir.length + 1)])
  })

  test('VIGIL_CACHE=off turns it off', () => {
    assert.equal(DiskRuleCache.open(['rules'], { VIGIL_CACHE: 'off' }), undefined)
  })
})
