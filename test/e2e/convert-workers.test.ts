// `vigil convert --workers n` reads EVTX files in parts on n threads: whatever n, stdout and
// stderr must be byte for byte what one thread writes, damaged and unreadable files included
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'

import { CORPUS, HAS_CORPUS, NO_CORPUS } from '../../src/sources/evtx/test-support.ts'
import { runVigil, scratchFolder } from './cli-runner.ts'
import type { Run } from './cli-runner.ts'

// 5.7 MB of logs with damaged chunks and records: past the 4 MiB at which threads start
const SAMPLES = `${CORPUS}omerbenamram-evtx/samples`
const BIG = `${SAMPLES}/security_bad_string_cache.evtx`
const SMALL = `${CORPUS}DeepBlueCLI/evtx/Powershell-Invoke-Obfuscation-string-menu.evtx`

// files of our own after the corpus folder, so they are read on the threads: a cut log, one
// shorter than its header, one of three parts that is not EVTX, and an event XML file between them
async function scratchInputs(): Promise<string> {
  const folder = scratchFolder('vigil-convert-workers-')
  const big = readFileSync(BIG)
  writeFileSync(join(folder.path, 'a-cut.evtx'), big.subarray(0, 4096 + 5 * 65536 + 1234))
  writeFileSync(join(folder.path, 'b-short.evtx'), big.subarray(0, 1000))
  const xml = await runVigil(['convert', '--format', 'xml', '--workers', '1', SMALL])
  assert.equal(xml.code, 0, xml.stderr)
  folder.write('c-events.xml', xml.stdout)
  folder.write('d-not-evtx.evtx', '{"event": "not an evtx log"}\n'.repeat(20000))
  writeFileSync(join(folder.path, 'e-whole.evtx'), big)

  return folder.path
}

// stderr without the verbose line that says threads started
const withoutThreadLine = (run: Run): string =>
  run.stderr.replace(/^reading EVTX files on \d+ threads from .*\n/m, '')

describe('vigil convert on worker threads', () => {
  test('writes what one thread writes, in both formats', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const scratch = await scratchInputs()
    for (const format of ['ndjson', 'xml']) {
      const args = ['convert', '--verbose', '--format', format, SAMPLES, scratch]
      const one = await runVigil([...args, '--workers', '1'])
      const three = await runVigil([...args, '--workers', '3'])
      assert.equal(one.code, 1, 'the unreadable files make it exit 1')
      assert.equal(three.code, one.code)
      assert.doesNotMatch(one.stderr, /on \d+ threads/)
      assert.match(three.stderr, /reading EVTX files on 3 threads from /)
      assert.ok(one.stdout.length > 1e6, format)
      assert.equal(three.stdout, one.stdout, format)
      assert.equal(withoutThreadLine(three), one.stderr, format)
      assert.match(one.stderr, /a-cut\.evtx: \d+ records read, [1-9]\d* damaged\n/)
      assert.match(one.stderr, /d-not-evtx\.evtx@0 ERR_EVTX_FILE_HEADER/)
      assert.match(one.stderr, /c-events\.xml: \d+ records read, 0 damaged\n/)
    }
  })
})
