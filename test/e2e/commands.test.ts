import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url))
const RULES = fileURLToPath(new URL('./fixtures/rules/', import.meta.url))
const EVTX = fileURLToPath(
  new URL(
    '../../../shared/corpus/evtx/EVTX-ATTACK-SAMPLES/Defense Evasion/Win_4985_T1186_Process_Doppelganging.evtx',
    import.meta.url,
  ),
)

function vigil(args: readonly string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: tmpdir(), encoding: 'utf8' })
}

describe('vigil rules validate', () => {
  test('exits 0 and prints a table when every rule is ok', () => {
    const run = vigil(['rules', 'validate', `${RULES}web-worker-shell.toml`])
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /^STATUS\s+TYPE/)
    assert.match(run.stdout, /\nok\s+eql\s+eql\s+Web worker starts a shell/)
  })

  test('exits 1 with json rows and a caret when a rule is in error', () => {
    const run = vigil(['rules', 'validate', '--format', 'json', RULES])
    assert.equal(run.status, 1)
    const rows = JSON.parse(run.stdout) as { name: string; status: string; code: string | null }[]
    assert.deepEqual(
      rows.map((r) => [r.name, r.status, r.code]),
      [
        ['Broken query', 'error', 'ERR_EQL_SINGLE_EQUALS'],
        ['Web worker starts a shell', 'ok', null],
      ],
    )
    assert.match(run.stderr, /broken-query\.toml:19:65 ERR_EQL_SINGLE_EQUALS/)
    assert.match(run.stderr, /\n {3}\| +\^\n/)
  })

  test('exits 2 for an unknown rules command', () => {
    const run = vigil(['rules', 'check', RULES])
    assert.equal(run.status, 2)
    assert.match(run.stderr, /^vigil: unknown rules command "check"/)
  })
})

describe('vigil convert', () => {
  test('writes ecs ndjson on stdout and a summary on stderr', (t) => {
    if (!existsSync(EVTX)) {
      t.skip('shared corpus not found (../shared/corpus/evtx)')

      return
    }

    const run = vigil(['convert', EVTX])
    assert.equal(run.status, 0, run.stderr)
    const events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    assert.equal(events.length, 2)
    assert.match(String(events[0]?.['@timestamp']), /^2019-08-14T14:06:44/)
    assert.match(run.stderr, /Process_Doppelganging\.evtx: 2 records read, 0 damaged\n/)
    assert.doesNotMatch(run.stderr, /\r/)
  })

  test('writes event xml with --format xml', (t) => {
    if (!existsSync(EVTX)) {
      t.skip('shared corpus not found (../shared/corpus/evtx)')

      return
    }

    const run = vigil(['convert', '--format', 'xml', EVTX])
    assert.equal(run.status, 0, run.stderr)
    const lines = run.stdout.trim().split('\n')
    assert.equal(lines.length, 2)
    for (const line of lines)
      assert.match(
        line,
        /^<Event xmlns="http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event"><System>/,
      )
  })

  test('exits 1 for a file that cannot be read', () => {
    const run = vigil(['convert', `${tmpdir()}/vigil-no-such-file.evtx`])
    assert.equal(run.status, 1)
    assert.match(run.stderr, /vigil-no-such-file\.evtx/)
  })
})
