// the bundle that `npm ci` builds (scripts/build.ts) and bin/vigil.js runs once it is newer than
// the sources: built afresh into a package of its own, it must start, load each command's code
// on demand, find its installed packages, and start both kinds of worker thread
import assert from 'node:assert/strict'
import { copyFileSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'

import { bundleCli } from '../../scripts/build.ts'
import { CORPUS, HAS_CORPUS, NO_CORPUS } from '../../src/sources/evtx/test-support.ts'
import { bigLog, PART_READ_BYTES } from './big-log.ts'
import { ROOT, runNode, scratchFolder } from './cli-runner.ts'
import type { Run } from './cli-runner.ts'

const NOW = '2026-12-01T00:00:00.000Z'
const HUNT = ['hunt', '--now', NOW, '--format', 'ndjson', '--rules', 'examples/rules']
const EVENTS = 'examples/events'

const scratch = scratchFolder('vigil-bundle-')
const cli = join(scratch.path, 'dist', 'cli', 'start.js')

const bundled = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  runNode([cli, ...args], undefined, env)

const fromSources = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  runNode(['--import', 'tsx', join(ROOT, 'src', 'cli', 'start.ts'), ...args], undefined, env)

describe('the bundled CLI', () => {
  before(async () => {
    copyFileSync(join(ROOT, 'package.json'), join(scratch.path, 'package.json'))
    symlinkSync(join(ROOT, 'node_modules'), join(scratch.path, 'node_modules'), 'dir')
    await bundleCli(join(scratch.path, 'dist', 'cli'))
  })

  test('is a few files, the workers beside the CLI', () => {
    const files = readdirSync(join(scratch.path, 'dist', 'cli')).filter((f) => f.endsWith('.js'))
    for (const entry of ['start.js', 'convert-worker.js', 'shard-worker.js'])
      assert.ok(files.includes(entry), entry)
    assert.ok(files.length < 60, `${String(files.length)} files`)
  })

  test('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    const run = await bundled(['--version'])

    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout, `${version}\n`)
  })

  test('loads a command only when asked: help, and an unknown command', async () => {
    const help = await bundled(['help', 'convert'])
    assert.match(help.stdout, /^Usage: vigil convert /)

    const unknown = await bundled(['constructor'])
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /unknown command "constructor"/)
  })

  test('hunts on two threads and writes what the sources write on one', async () => {
    const share = { VIGIL_SHARE_BYTES: '0' }
    const two = await bundled([...HUNT, '--workers', '2', '--verbose', EVENTS], share)
    const one = await fromSources([...HUNT, EVENTS])

    assert.equal(two.code, 0, two.stderr)
    assert.equal(one.code, 0, one.stderr)
    assert.match(two.stderr, /hunting on 2 threads/)
    assert.ok(one.stdout.split('\n').length > 5, 'the examples raise alerts')
    assert.equal(two.stdout, one.stdout)
  })

  test('converts a big log on two threads as on one', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const log = join(scratch.path, 'big.evtx')
    bigLog(
      `${CORPUS}omerbenamram-evtx/samples/security_bad_string_cache.evtx`,
      log,
      PART_READ_BYTES,
    )
    const two = await bundled(['convert', '--verbose', '--workers', '2', log])
    const one = await bundled(['convert', '--workers', '1', log])

    assert.equal(two.code, 0, two.stderr)
    assert.match(two.stderr, /reading EVTX files on 2 threads/)
    assert.ok(one.stdout.length > 30e6)
    assert.equal(two.stdout, one.stdout)
  })
})
