import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'

import {
  readEvtxSource,
  readEvtxSourceBatches,
  readEvtxSourceBuffer,
  readEvtxXml,
  readEvtxXmlBatches,
} from './index.ts'
import type { EvtxOptions } from './index.ts'
import { CORPUS, HAS_CORPUS, NO_CORPUS } from './test-support.ts'

// logs of several channels, one of them damaged and one larger than a 1 MiB read
const SAMPLES = [
  'DeepBlueCLI/evtx/sliver-sysmon.evtx',
  'DeepBlueCLI/evtx/eventlog-dac.evtx',
  'DeepBlueCLI/evtx/Powershell-Invoke-Obfuscation-string-menu.evtx',
  'DeepBlueCLI/evtx/wmi-event-filter-persistance.evtx',
  'omerbenamram-evtx/samples/security_bad_string_cache.evtx',
  'omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx',
  'omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx',
  'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/WinDefender_Events_1117_1116_AtomicRedTeam.evtx',
]
const ALONE: EvtxOptions = { shareTemplates: false }

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)

  return out
}

async function flatten<T>(batches: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = []
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'a batch is never empty')
    out.push(...batch)
  }

  return out
}

describe('file readers over corpus samples', () => {
  test('give the same items with shared templates, alone, and from memory', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    // every sample read first so that the shared cache holds all their templates
    for (const path of SAMPLES) await collect(readEvtxXml(CORPUS + path))
    for (const path of SAMPLES) {
      const alone = await collect(readEvtxSource(CORPUS + path, ALONE))
      assert.deepEqual(await collect(readEvtxSource(CORPUS + path)), alone, path)
      const bytes = readFileSync(CORPUS + path)
      assert.deepEqual([...readEvtxSourceBuffer(bytes, CORPUS + path)], alone, path)
      const xml = await collect(readEvtxXml(CORPUS + path, ALONE))
      assert.deepEqual(await collect(readEvtxXml(CORPUS + path)), xml, path)
    }
  })

  test('give in batches the items they give one by one', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    for (const path of SAMPLES) {
      const sources = await collect(readEvtxSource(CORPUS + path, ALONE))
      assert.deepEqual(await flatten(readEvtxSourceBatches(CORPUS + path)), sources, path)
      const xml = await collect(readEvtxXml(CORPUS + path, ALONE))
      assert.deepEqual(await flatten(readEvtxXmlBatches(CORPUS + path)), xml, path)
    }
  })

  test('read several files at once as they read one after another', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const apart: unknown[] = []
    for (const path of SAMPLES) apart.push(await collect(readEvtxXml(CORPUS + path)))
    // read buffers go back to a pool when a reader closes: readers open at the same time must
    // never share one
    const together = await Promise.all(SAMPLES.map((path) => collect(readEvtxXml(CORPUS + path))))
    assert.deepEqual(together, apart)
  })

  test('read a file again after a consumer left another one early', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const [first = '', second = ''] = SAMPLES
    const expected = await collect(readEvtxXml(CORPUS + second))
    for await (const batch of readEvtxXmlBatches(CORPUS + first)) if (batch.length > 0) break
    for await (const item of readEvtxXml(CORPUS + first)) if (item.kind === 'record') break
    assert.deepEqual(await collect(readEvtxXml(CORPUS + second)), expected)
  })

  test('report a missing file in one batch', async () => {
    const batches = await collect(readEvtxSourceBatches('/nonexistent/vigil/log.evtx'))
    assert.equal(batches.length, 1)
    assert.deepEqual(
      batches[0]?.map((item) => (item.kind === 'problem' ? item.diagnostic.code : 'record')),
      ['ERR_EVTX_IO'],
    )
  })
})
