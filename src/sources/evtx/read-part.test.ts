import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'

import { buildFile, chunkOf } from './evtx-builder.test.ts'
import {
  evtxParts,
  readEvtxSource,
  readEvtxSourcePart,
  readEvtxXml,
  readEvtxXmlPart,
} from './index.ts'
import type { EvtxPart, EvtxSourceItem, PartGroups } from './index.ts'
import { CORPUS, HAS_CORPUS, NO_CORPUS } from './test-support.ts'

// corpus logs of several channels: one with a bad chunk, one over 2 MiB, one of 1 MiB
const SAMPLES = [
  'omerbenamram-evtx/samples/sample_with_a_bad_chunk_magic.evtx',
  'omerbenamram-evtx/samples/security_bad_string_cache.evtx',
  'omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx',
  'DeepBlueCLI/evtx/sliver-sysmon.evtx',
]

const scratch = mkdtempSync(join(tmpdir(), 'vigil-evtx-parts-'))
after(() => {
  rmSync(scratch, { recursive: true, force: true })
})

const finished = (firstId: number, count: number): Uint8Array => chunkOf(firstId, count).finish()

// the third chunk lost its header and the first record, which defined the template its other
// records use: they can only be read with the template the first chunk compiled
function carvedChunk(): Uint8Array {
  const third = chunkOf(30, 4)
  const file = buildFile([finished(1, 2), finished(10, 2), third.finish()])
  file.fill(0, 4096 + 2 * 65536, 4096 + 2 * 65536 + (third.recordOffsets[1] ?? 0))

  return file
}

// nine chunks, so parts of 4 end inside the file; the sixth lost its signature
function nineChunks(): Uint8Array {
  const file = buildFile(Array.from({ length: 9 }, (_, i) => finished(i * 10 + 1, 3)))
  file.fill(0, 4096 + 5 * 65536, 4096 + 5 * 65536 + 8)

  return file
}

// crafted files: each case names the bytes written
const CRAFTED: readonly (readonly [string, () => Uint8Array])[] = [
  ['nine chunks, one damaged', nineChunks],
  ['a carved chunk needing an earlier template', carvedChunk],
  ['cut inside its eighth chunk', () => nineChunks().subarray(0, 4096 + 7 * 65536 + 900)],
  ['a header and no chunk', () => buildFile([])],
  ['shorter than its header', () => buildFile([finished(1, 2)]).subarray(0, 1000)],
  ['not an EVTX file', () => new TextEncoder().encode('{"not": "evtx"}\n'.repeat(9000))],
  ['empty', () => new Uint8Array(0)],
]

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)

  return out
}

// the parts of a file read in turn, each on its own, up to the first final one
async function byParts<I>(
  path: string,
  size: number,
  perPart: number,
  read: (path: string, part: EvtxPart, take: PartGroups<I>) => Promise<boolean>,
): Promise<I[]> {
  const out: I[] = []
  for (const part of evtxParts(size, perPart)) {
    const isFinal = await read(path, part, (items) => {
      assert.ok(items.length > 0, 'a group is never empty')
      out.push(...items)
    })
    if (isFinal) break
  }

  return out
}

async function assertSameByParts(path: string, size: number, label: string): Promise<void> {
  const source = await collect(readEvtxSource(path))
  const xml = await collect(readEvtxXml(path))
  for (const perPart of [1, 4, 16]) {
    const at = `${label}, ${String(perPart)} chunks a part`
    assert.deepEqual(await byParts(path, size, perPart, readEvtxSourcePart), source, at)
    assert.deepEqual(await byParts(path, size, perPart, readEvtxXmlPart), xml, at)
  }
}

describe('evtxParts', () => {
  test('splits the chunk slots after the header into runs, the last one short', () => {
    const cases: readonly (readonly [number, number, readonly EvtxPart[]])[] = [
      [0, 4, [{ first: 0, count: 0 }]],
      [4096, 4, [{ first: 0, count: 0 }]],
      [4097, 4, [{ first: 0, count: 1 }]],
      [4096 + 4 * 65536, 4, [{ first: 0, count: 4 }]],
      [
        4096 + 9 * 65536 - 1,
        4,
        [
          { first: 0, count: 4 },
          { first: 4, count: 4 },
          { first: 8, count: 1 },
        ],
      ],
    ]
    for (const [size, perPart, parts] of cases)
      assert.deepEqual(evtxParts(size, perPart), parts, String(size))
  })
})

describe('EVTX parts read on their own', () => {
  test('give the items of the whole-file readers on crafted files', async () => {
    for (const [label, bytes] of CRAFTED) {
      const path = join(scratch, `${label}.evtx`)
      const file = bytes()
      writeFileSync(path, file)
      await assertSameByParts(path, file.byteLength, label)
    }
  })

  test('report a file that cannot be opened as the whole-file reader does', async () => {
    const path = join(scratch, 'no such file.evtx')
    await assertSameByParts(path, 0, 'missing file')
    const items: EvtxSourceItem[] = []
    const isFinal = await readEvtxSourcePart(path, { first: 0, count: 0 }, (group) => {
      items.push(...group)
    })
    assert.equal(isFinal, true)
    assert.deepEqual(
      items.map((item) => (item.kind === 'problem' ? item.diagnostic.code : item.kind)),
      ['ERR_EVTX_IO'],
    )
  })

  test('give the items of the whole-file readers on corpus logs', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    for (const sample of SAMPLES) {
      const path = CORPUS + sample
      assert.ok(readFileSync(path).byteLength > 0)
      await assertSameByParts(path, statSync(path).size, sample)
    }
  })
})
