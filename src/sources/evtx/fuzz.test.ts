import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'

import {
  ChunkBuilder,
  SAMPLE_FILETIME,
  binXmlValue,
  buildFile,
  bytesValue,
  stringValue,
} from './evtx-builder.test.ts'
import type { StreamWriter } from './evtx-builder.test.ts'
import { serializeXml } from '../xml/serialize.ts'
import { readEvtxBuffer, readEvtxXmlBuffer } from './index.ts'
import type { EvtxItem, EvtxXmlItem } from './index.ts'

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/evtx/', import.meta.url))
const SAMPLES = [
  'EVTX-ATTACK-SAMPLES/Command and Control/DE_RDP_Tunnel_5156.evtx',
  'EVTX-to-MITRE-Attack/Antivirus/ID1116-1117-Defender threat detected.evtx',
  'hayabusa-sample-evtx/YamatoSecurity/ImpairDefenses/T1562.010_DowngradeAttack_PowerShell.evtx',
]
const ROUNDS = 150

/** A small deterministic PRNG (32-bit xorshift), so that a failing seed can be replayed. */
function randomSource(seed: number): (limit: number) => number {
  let state = seed >>> 0 || 1

  return (limit) => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0

    return state % limit
  }
}

// flips, overwrites, zeroes or cuts bytes, mostly where the structure is (headers, first records)
function mutate(original: Uint8Array, random: (limit: number) => number): Uint8Array {
  const bytes = new Uint8Array(original)
  const edits = 1 + random(24)
  for (let i = 0; i < edits; i++) {
    const hot = random(3) === 0 ? bytes.length : Math.min(bytes.length, 4096 + 8192)
    const at = random(hot)
    switch (random(4)) {
      case 0:
        bytes[at] = (bytes[at] ?? 0) ^ (1 << random(8))
        break
      case 1:
        bytes[at] = random(256)
        break
      case 2:
        bytes.fill(random(2) === 0 ? 0 : 0xff, at, at + random(64))
        break
      default:
        new DataView(bytes.buffer).setUint32(Math.min(at, bytes.length - 4), random(0x10000), true)
    }
  }

  return random(10) === 0 ? bytes.subarray(0, random(bytes.length)) : bytes
}

function drain(bytes: Uint8Array): number {
  let items = 0
  for (const item of readEvtxBuffer(bytes, 'fuzz.evtx')) {
    items += 1
    assert.ok(item.kind === 'record' || item.diagnostic.code.startsWith('ERR_EVTX_'))
    assert.ok(items < 100_000, 'a mutated file yields a bounded number of items')
  }

  return items
}

// a tree item as the XML reader should give it: the event written by serializeXml
function asXmlItem(item: EvtxItem): EvtxXmlItem {
  if (item.kind === 'problem') return item

  const { recordId, timestamp, offset, event } = item.record

  return { kind: 'record', record: { recordId, timestamp, offset, xml: serializeXml(event) } }
}

// the XML reader gives the tree reader's items, problems and all, with each event as its text
function assertSameAsTree(bytes: Uint8Array): void {
  const expected = [...readEvtxBuffer(bytes, 'fuzz.evtx')].map(asXmlItem)
  assert.deepEqual([...readEvtxXmlBuffer(bytes, 'fuzz.evtx')], expected)
}

function syntheticSample(): Uint8Array {
  const chunk = new ChunkBuilder()
  const template = (t: StreamWriter): void => {
    t.element('Event', {
      inTemplate: true,
      attributes: [['xmlns', (a) => a.text('urn:e')]],
      content: (e) => {
        e.element('A', {
          inTemplate: true,
          dependency: 0,
          content: (c) => c.substitution(0, 0x01, true),
        })
        e.element('B', { inTemplate: true, content: (c) => c.substitution(1, 0x81) })
        e.substitution(2, 0x21)
      },
    })
  }
  for (let id = 1; id <= 40; id++) {
    const nested = binXmlValue((w) =>
      w.fragment().element('X', {
        attributes: [['n', (a) => a.text(String(id))]],
        content: (c) => c.text('t'),
      }),
    )
    const strings = bytesValue(0x81, [...Buffer.from('a\0b\0', 'utf16le')])
    chunk.record(id, SAMPLE_FILETIME, (w) =>
      w.template(0x77, template, [stringValue(`v${id}`), strings, nested]),
    )
  }

  return buildFile([chunk.finish()])
}

describe('mutated files', () => {
  test(`never throw and always end, over ${ROUNDS} mutations of a synthetic file`, () => {
    const original = syntheticSample()
    const random = randomSource(0x5eed)
    assert.ok(drain(original) === 40)
    for (let round = 0; round < ROUNDS; round++) drain(mutate(original, random))
  })

  for (const [n, sample] of SAMPLES.entries()) {
    test(`never throw and always end, over ${ROUNDS} mutations of ${sample}`, (t) => {
      if (!existsSync(CORPUS + sample)) {
        t.skip('shared corpus not found at ../shared/corpus/evtx')

        return
      }

      const original = new Uint8Array(readFileSync(CORPUS + sample))
      const random = randomSource(0xc0ffee + n)
      for (let round = 0; round < ROUNDS; round++) drain(mutate(original, random))
    })
  }
})

describe('xml reader on mutated files', () => {
  test(`gives the tree reader's items, over ${ROUNDS} mutations of a synthetic file`, () => {
    const original = syntheticSample()
    const random = randomSource(0xa11ce)
    assertSameAsTree(original)
    for (let round = 0; round < ROUNDS; round++) assertSameAsTree(mutate(original, random))
  })

  for (const [n, sample] of SAMPLES.entries()) {
    test(`gives the tree reader's items, over ${ROUNDS} mutations of ${sample}`, (t) => {
      if (!existsSync(CORPUS + sample)) {
        t.skip('shared corpus not found at ../shared/corpus/evtx')

        return
      }

      const original = new Uint8Array(readFileSync(CORPUS + sample))
      const random = randomSource(0xbee + n)
      for (let round = 0; round < ROUNDS; round++) assertSameAsTree(mutate(original, random))
    })
  }
})
