// `vigil convert --workers n` reads EVTX files of 32 MiB or more in parts on n threads, this one
// included, and smaller files on this thread alone: whatever n, stdout and stderr must be byte
// for byte what one thread writes, damaged and unreadable files included
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'

import { CORPUS, HAS_CORPUS, NO_CORPUS } from '../../src/sources/evtx/test-support.ts'
import { bigLog, CHUNK, HEADER, PART_READ_BYTES } from './big-log.ts'
import { runVigil, runVigilToFile, scratchFolder } from './cli-runner.ts'

// 5.7 MB of logs with damaged chunks and records, each small enough to be read on one thread
const SAMPLES = `${CORPUS}omerbenamram-evtx/samples`
const DAMAGED = `${SAMPLES}/security_bad_string_cache.evtx`
const SMALL = `${CORPUS}DeepBlueCLI/evtx/Powershell-Invoke-Obfuscation-string-menu.evtx`

// after the corpus folder, files of our own that take turns between the threads and this one: a
// big log cut inside a record, one shorter than its header, an event XML file, a big file that
// is not EVTX, and a big log of whole chunks
async function scratchInputs(): Promise<string> {
  const folder = scratchFolder('vigil-convert-workers-')
  bigLog(DAMAGED, join(folder.path, 'a-big-cut.evtx'), PART_READ_BYTES + 5 * CHUNK + 1234)
  writeFileSync(join(folder.path, 'b-short.evtx'), readFileSync(DAMAGED).subarray(0, 1000))
  const xml = await runVigil(['convert', '--format', 'xml', '--workers', '1', SMALL])
  assert.equal(xml.code, 0, xml.stderr)
  folder.write('c-events.xml', xml.stdout)
  folder.write('d-not-evtx.evtx', '{"event": "not an evtx log"}\n'.repeat(PART_READ_BYTES / 29 + 1))
  bigLog(DAMAGED, join(folder.path, 'e-big-whole.evtx'), HEADER + PART_READ_BYTES)

  return folder.path
}

// stderr without the verbose line that says threads started
const withoutThreadLine = (stderr: string): string =>
  stderr.replace(/^reading EVTX files on \d+ threads from .*\n/m, '')

describe('vigil convert on worker threads', () => {
  test('writes what one thread writes, in both formats', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const scratch = await scratchInputs()
    const outputs = scratchFolder('vigil-convert-workers-out-')
    const digest = (path: string): string =>
      createHash('sha256').update(readFileSync(path)).digest('hex')
    for (const format of ['ndjson', 'xml']) {
      const args = ['convert', '--verbose', '--format', format, SAMPLES, scratch]
      const oneOut = join(outputs.path, `one.${format}`)
      const threeOut = join(outputs.path, `three.${format}`)
      const one = await runVigilToFile([...args, '--workers', '1'], oneOut)
      const three = await runVigilToFile([...args, '--workers', '3'], threeOut)
      assert.equal(one.code, 1, 'the unreadable files make it exit 1')
      assert.equal(three.code, one.code)
      assert.doesNotMatch(one.stderr, /on \d+ threads/)
      assert.match(three.stderr, /reading EVTX files on 3 threads from .*a-big-cut\.evtx\n/)
      assert.ok(statSync(oneOut).size > 60e6, format)
      assert.equal(digest(threeOut), digest(oneOut), format)
      assert.equal(withoutThreadLine(three.stderr), one.stderr, format)
      assert.match(one.stderr, /a-big-cut\.evtx: \d+ records read, [1-9]\d* damaged\n/)
      assert.match(one.stderr, /b-short\.evtx@0 ERR_EVTX_FILE_HEADER/)
      assert.match(one.stderr, /c-events\.xml: \d+ records read, 0 damaged\n/)
      assert.match(one.stderr, /d-not-evtx\.evtx@0 ERR_EVTX_FILE_HEADER/)
      assert.match(one.stderr, /e-big-whole\.evtx: [1-9]\d* records read, [1-9]\d* damaged\n/)
    }
  })
})
