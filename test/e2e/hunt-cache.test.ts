import assert from 'node:assert/strict'
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { ROOT, runVigil, scratchFolder } from './cli-runner.ts'
import type { Run } from './cli-runner.ts'

// the hunt's stderr without its last line, which says how long the hunt took
function withoutTiming(run: Run): string {
  return run.stderr.replace(/ \(\d+\.\d\d s\)\n$/, '\n')
}

// a copy of the example rules, a cache folder, and a hunt of the example events with them
function setUp(): {
  rules: string
  cache: string
  hunt: (env?: NodeJS.ProcessEnv) => Promise<Run>
} {
  const rules = join(scratchFolder('vigil-cache-rules-').path, 'rules')
  cpSync(join(ROOT, 'examples', 'rules'), rules, { recursive: true })
  const cache = scratchFolder('vigil-cache-').path
  const args = ['hunt', '--rules', rules, '--now', '2026-01-01T00:00:00Z', 'examples/events']

  return {
    rules,
    cache,
    hunt: (env = {}) => runVigil(args, '', { VIGIL_CACHE_DIR: cache, ...env }),
  }
}

describe('vigil hunt keeps its loaded rules between runs', () => {
  test('the first run notes the rules, the second keeps them, the third reads them back', async () => {
    const { cache, hunt } = setUp()
    const first = await hunt()
    const [name] = readdirSync(cache)
    const noted = statSync(join(cache, name ?? '')).size
    const second = await hunt()
    const kept = statSync(join(cache, name ?? '')).size
    const third = await hunt()

    assert.equal(first.code, 0)
    assert.equal(first.stdout.trim().split('\n').length, 10)
    assert.ok(kept > noted * 10, `a note of ${String(noted)} bytes, a cache of ${String(kept)}`)
    for (const run of [second, third]) {
      assert.equal(run.stdout, first.stdout)
      assert.equal(withoutTiming(run), withoutTiming(first))
    }
  })

  test('a rule file changed since is read again', async () => {
    const { rules, hunt } = setUp()
    await hunt()
    await hunt()
    const path = join(rules, 'exchange-worker-shell.toml')
    const text = readFileSync(path, 'utf8')
    const name = /^name = "(.*)"$/m.exec(text)?.[1] ?? ''
    writeFileSync(path, text.replace(`name = "${name}"`, `name = "${name} (edited)"`))

    const after = await hunt()

    assert.ok(after.stdout.includes(`"kibana.alert.rule.name":"${name} (edited)"`))
  })

  test('a query edited into an error since is compiled afresh and refused', async () => {
    const { rules, hunt } = setUp()
    await hunt()
    const kept = await hunt()
    const path = join(rules, 'exchange-worker-shell.toml')
    const text = readFileSync(path, 'utf8')
    // a date that does not parse is an error only compiling the query finds
    const broken = text.replace(
      'process where host.os.type == "windows"',
      'process where @timestamp > "not a date" and host.os.type == "windows"',
    )
    assert.notEqual(broken, text)
    writeFileSync(path, broken)

    const after = await hunt()

    assert.match(after.stderr, /exchange-worker-shell\.toml:\d+:\d+ ERR_EQL_DATE_LITERAL/)
    assert.equal(after.stdout.trim().split('\n').length, 6)
    assert.equal(kept.stdout.trim().split('\n').length, 10)
  })

  test('a damaged cache file is read over, and the hunt is the same', async () => {
    const { cache, hunt } = setUp()
    const first = await hunt()
    await hunt()
    const [name] = readdirSync(cache)
    writeFileSync(join(cache, name ?? ''), 'damaged')

    const again = await hunt()

    assert.equal(again.stdout, first.stdout)
    assert.equal(withoutTiming(again), withoutTiming(first))
  })

  test('VIGIL_CACHE=off keeps nothing', async () => {
    const { cache, hunt } = setUp()
    const run = await hunt({ VIGIL_CACHE: 'off' })

    assert.equal(run.code, 0)
    assert.deepEqual(readdirSync(cache), [])
  })
})
