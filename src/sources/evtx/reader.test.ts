import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'

import { serializeXml } from '../xml/serialize.ts'
import {
  ChunkBuilder,
  SAMPLE_FILETIME,
  buildFile,
  chunkOf,
  nullValue,
  readAll,
  resealFileHeader,
  stringValue,
} from './evtx-builder.test.ts'
import type { StreamWriter } from './evtx-builder.test.ts'
import { createEvtxStats, readEvtx, readEvtxBuffer } from './index.ts'
import type { EvtxItem } from './index.ts'
import { CORPUS, HAS_CORPUS, NO_CORPUS } from './test-support.ts'

const ONE_CHUNK_FILE = 'EVTX-ATTACK-SAMPLES/Command and Control/DE_RDP_Tunnel_5156.evtx'
const DIRTY_FILE = 'DeepBlueCLI/evtx/wmi-event-filter-persistance.evtx'

const flip = (file: Uint8Array, at: number): void => {
  file[at] = (file[at] ?? 0) ^ 0x01
}
const codes = (items: { code: string }[]): string[] => items.map((p) => p.code)
const ids = (file: Uint8Array): number[] => readAll(file).records.map((r) => r.recordId)

describe('file header', () => {
  test('reports a file without the ElfFile signature and yields nothing else', () => {
    const { records, problems } = readAll(new TextEncoder().encode('not an event log at all'))
    assert.equal(records.length, 0)
    assert.deepEqual(codes(problems), ['ERR_EVTX_FILE_HEADER'])
    assert.equal(problems[0]?.severity, 'error')
    assert.equal(problems[0]?.span.start.offset, 0)
  })

  test('reports a file shorter than its 4096-byte header', () => {
    const { problems } = readAll(buildFile([]).subarray(0, 1000))
    assert.match(problems[0]?.message ?? '', /1000 bytes is shorter than its 4096-byte header/)
  })

  test('warns about an unknown format version and still reads the records', () => {
    const file = buildFile([chunkOf(1, 2).finish()])
    file[38] = 4
    resealFileHeader(file)
    const { records, problems } = readAll(file)
    assert.equal(records.length, 2)
    assert.equal(problems[0]?.severity, 'warning')
    assert.match(problems[0]?.message ?? '', /version 4\.1 is not 3\.1 or 3\.2/)
  })

  test('warns about a header checksum mismatch and still reads the records', () => {
    const file = buildFile([chunkOf(1, 3).finish()])
    file[24] = 0x99
    const { records, problems } = readAll(file)
    assert.equal(records.length, 3)
    assert.deepEqual(codes(problems), ['ERR_EVTX_FILE_CHECKSUM'])
    assert.equal(problems[0]?.span.start.offset, 124)
  })

  test('does not check checksums the writer said it left out (flag 0x4)', () => {
    const file = buildFile([chunkOf(1, 2).finish(0x5)])
    new DataView(file.buffer).setUint32(120, 0x4, true)
    new DataView(file.buffer).setUint32(124, 0, true)
    assert.deepEqual(readAll(file).problems, [])
  })

  test('checks nothing when verifyChecksums is false', () => {
    const file = buildFile([chunkOf(1, 2).finish()])
    flip(file, 124)
    flip(file, 4096 + 124)
    assert.deepEqual(readAll(file, { verifyChecksums: false }).problems, [])
  })
})

describe('chunks and records', () => {
  test('skips an all-zero chunk silently and reads chunks past the header count', () => {
    const file = buildFile(
      [chunkOf(1, 2).finish(), new Uint8Array(65536), chunkOf(3, 2).finish()],
      1,
    )
    const { records, problems } = readAll(file)
    assert.deepEqual(problems, [])
    assert.deepEqual(
      records.map((r) => r.recordId),
      [1, 2, 3, 4],
    )
    assert.equal(records[2]?.offset, 4096 + 2 * 65536 + 512)
  })

  test('reports a chunk without its signature and carves its records, borrowing lost templates', () => {
    const second = chunkOf(10, 4)
    const file = buildFile([chunkOf(1, 2).finish(), second.finish()])
    // wipe the header and the first record, which holds the inline template definition
    file.fill(0, 4096 + 65536, 4096 + 65536 + (second.recordOffsets[1] ?? 0))
    const stats = createEvtxStats()
    const { events, records, problems } = readAll(file, { stats })
    assert.deepEqual(codes(problems), ['ERR_EVTX_CHUNK_HEADER'])
    assert.equal(problems[0]?.span.start.offset, 4096 + 65536)
    assert.deepEqual(
      records.map((r) => r.recordId),
      [1, 2, 11, 12, 13],
    )
    assert.equal(
      serializeXml(events[2] ?? { name: '', attributes: {}, children: [] }),
      '<Event><Data>value 11</Data></Event>',
    )
    assert.deepEqual(stats, {
      records: 5,
      chunks: 1,
      damagedChunks: 1,
      damagedRecords: 0,
      recoveredRecords: 3,
    })
  })

  test('warns about a chunk header checksum mismatch and still reads the chunk', () => {
    const file = buildFile([chunkOf(1, 3).finish()])
    file[4096 + 200] = 0x7f
    const { records, problems } = readAll(file)
    assert.equal(records.length, 3)
    assert.deepEqual(codes(problems), ['ERR_EVTX_CHUNK_CHECKSUM'])
    assert.match(
      problems[0]?.message ?? '',
      /chunk 0 header checksum 0x[0-9a-f]{8} does not match its bytes/,
    )
  })

  test('reports a torn record, then resumes at the next valid record', () => {
    const chunk = chunkOf(1, 4)
    const file = buildFile([chunk.finish()])
    const torn = 4096 + (chunk.recordOffsets[1] ?? 0)
    const size = new DataView(file.buffer).getUint32(torn + 4, true)
    new DataView(file.buffer).setUint32(torn + size - 4, 0, true)
    const stats = createEvtxStats()
    const { records, problems } = readAll(file, { stats })
    assert.deepEqual(codes(problems), ['ERR_EVTX_CHUNK_CHECKSUM', 'ERR_EVTX_RECORD'])
    assert.equal(problems[1]?.span.start.offset, torn)
    assert.match(problems[1]?.message ?? '', /does not match its trailing copy 0/)
    assert.deepEqual(
      records.map((r) => r.recordId),
      [1, 3, 4],
    )
    assert.deepEqual(stats, {
      records: 3,
      chunks: 1,
      damagedChunks: 1,
      damagedRecords: 1,
      recoveredRecords: 2,
    })
  })

  test('reports a record of size 0 below the 28-byte minimum', () => {
    const chunk = chunkOf(1, 3)
    const file = buildFile([chunk.finish()])
    new DataView(file.buffer).setUint32(4096 + (chunk.recordOffsets[1] ?? 0) + 4, 0, true)
    const { problems } = readAll(file, { verifyChecksums: false })
    assert.match(problems[0]?.message ?? '', /record size 0 is below the 28-byte minimum/)
    assert.deepEqual(ids(file), [1, 3])
  })

  test('warns about a free space offset outside the chunk and reads up to the chunk end', () => {
    const file = buildFile([chunkOf(1, 2).finish()])
    new DataView(file.buffer).setUint32(4096 + 48, 70000, true)
    const { records, problems } = readAll(file, { verifyChecksums: false })
    assert.equal(records.length, 2)
    assert.match(problems[0]?.message ?? '', /free space offset 70000 lies outside the chunk/)
  })

  test('reads the records present in a truncated last chunk', () => {
    const chunk = chunkOf(1, 3)
    const file = buildFile([chunk.finish()])
    const cut = file.subarray(0, 4096 + (chunk.recordOffsets[2] ?? 0))
    const { problems } = readAll(cut)
    assert.deepEqual(codes(problems), ['ERR_EVTX_TRUNCATED', 'ERR_EVTX_CHUNK_CHECKSUM'])
    assert.deepEqual(ids(cut), [1, 2])
  })

  test('ends a chunk cleanly at a zero signature before the free space offset', () => {
    const chunk = chunkOf(1, 3)
    const file = buildFile([chunk.finish()])
    file.fill(0, 4096 + (chunk.recordOffsets[2] ?? 0), 4096 + 65536)
    assert.deepEqual(readAll(file, { verifyChecksums: false }).problems, [])
    assert.deepEqual(ids(file), [1, 2])
  })

  test('keeps going when an optional Null value removes a whole record', () => {
    const chunk = new ChunkBuilder()
    const optional = (t: StreamWriter): void => {
      t.element('Event', { inTemplate: true, content: (e) => e.substitution(0, 0x01, true) })
    }
    chunk.record(1, SAMPLE_FILETIME, (w) => w.template(1, optional, [nullValue()]))
    chunk.record(2, SAMPLE_FILETIME, (w) => w.template(1, optional, [stringValue('x')]))
    const { records, problems } = readAll(buildFile([chunk.finish()]))
    assert.deepEqual(codes(problems), ['ERR_EVTX_BINXML'])
    assert.deepEqual(
      records.map((r) => r.recordId),
      [2],
    )
  })
})

describe('real corpus files', () => {
  test('reports a changed byte as a records checksum mismatch and still reads every record', (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const file = new Uint8Array(readFileSync(CORPUS + ONE_CHUNK_FILE))
    const before = readAll(file).records
    const target = before[50]
    assert.ok(target !== undefined)
    flip(file, target.offset + 17)
    const { records, problems } = readAll(file)
    assert.deepEqual(codes(problems), ['ERR_EVTX_CHUNK_CHECKSUM'])
    assert.equal(problems[0]?.span.start.offset, 4096)
    assert.match(problems[0]?.message ?? '', /chunk 0 records checksum/)
    assert.equal(records.length, before.length)
    assert.notEqual(records[50]?.timestamp, target.timestamp)
  })

  test('reports a broken record signature at its offset and reads all the others', (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const file = new Uint8Array(readFileSync(CORPUS + ONE_CHUNK_FILE))
    const before = readAll(file).records
    const target = before[50]
    assert.ok(target !== undefined)
    file[target.offset] = 0x00
    const { records, problems } = readAll(file)
    assert.deepEqual(codes(problems), ['ERR_EVTX_CHUNK_CHECKSUM', 'ERR_EVTX_RECORD'])
    assert.equal(problems[1]?.span.start.offset, target.offset)
    assert.deepEqual(
      records.map((r) => r.recordId),
      before.map((r) => r.recordId).filter((id) => id !== target.recordId),
    )
  })

  test('reads a file through its handle exactly as from memory', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    const path = CORPUS + DIRTY_FILE
    const summary = (item: EvtxItem): string =>
      item.kind === 'record'
        ? `${item.record.recordId}@${item.record.offset} ${serializeXml(item.record.event)}`
        : item.diagnostic.code
    const fromFile: string[] = []
    for await (const item of readEvtx(path)) fromFile.push(summary(item))
    const fromMemory = [...readEvtxBuffer(readFileSync(path), path)].map(summary)
    assert.equal(fromFile.length, 901)
    assert.deepEqual(fromFile, fromMemory)
  })

  test('stops cleanly when the consumer leaves early', async (t) => {
    if (!HAS_CORPUS) {
      t.skip(NO_CORPUS)

      return
    }

    let seen = 0
    for await (const item of readEvtx(CORPUS + DIRTY_FILE)) {
      if (item.kind === 'record') seen += 1
      if (seen === 3) break
    }
    assert.equal(seen, 3)
  })
})

describe('reading from a path', () => {
  test('reports a file that cannot be opened', async () => {
    const items: EvtxItem[] = []
    for await (const item of readEvtx('/nonexistent/vigil/log.evtx')) items.push(item)
    assert.equal(items.length, 1)
    const problem = items[0]?.kind === 'problem' ? items[0].diagnostic : undefined
    assert.equal(problem?.code, 'ERR_EVTX_IO')
    assert.equal(problem?.message, 'file cannot be read (ENOENT)')
    assert.equal(problem?.source, '/nonexistent/vigil/log.evtx')
  })

  test('reads a synthetic file written to disk', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(`${tmpdir()}/vigil-evtx-`)
    try {
      const file = buildFile([chunkOf(1, 2).finish(), chunkOf(3, 1).finish()])
      writeFileSync(`${dir}/t.evtx`, file.subarray(0, file.length - 1000))
      const got: string[] = []
      for await (const item of readEvtx(`${dir}/t.evtx`)) {
        got.push(item.kind === 'record' ? String(item.record.recordId) : item.diagnostic.code)
      }
      assert.deepEqual(got, ['1', '2', 'ERR_EVTX_TRUNCATED', '3'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
