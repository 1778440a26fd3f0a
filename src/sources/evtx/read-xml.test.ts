import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { serializeXml } from '../xml/serialize.ts'
import {
  ChunkBuilder,
  SAMPLE_FILETIME,
  binXmlValue,
  buildFile,
  bytesValue,
  fileOfRecords,
  nullValue,
  stringValue,
} from './evtx-builder.test.ts'
import type { StreamWriter, ValueSpec } from './evtx-builder.test.ts'
import { readEvtx, readEvtxBuffer, readEvtxXml, readEvtxXmlBuffer } from './index.ts'
import type { EvtxItem, EvtxXmlItem } from './index.ts'
import { CORPUS, HAS_CORPUS, NO_CORPUS, corpusSpread } from './test-support.ts'

// every fourth file of the manifest, and always the largest: a spread of channels and damage
const STRIDE = 4

function asXmlItem(item: EvtxItem): EvtxXmlItem {
  if (item.kind === 'problem') return item

  const { recordId, timestamp, offset, event } = item.record

  return { kind: 'record', record: { recordId, timestamp, offset, xml: serializeXml(event) } }
}

function xmlOf(bytes: Uint8Array): EvtxXmlItem[] {
  return [...readEvtxXmlBuffer(bytes, 'test.evtx')]
}

function expectedOf(bytes: Uint8Array): EvtxXmlItem[] {
  return [...readEvtxBuffer(bytes, 'test.evtx')].map(asXmlItem)
}

const utf16 = (text: string): number[] => [...Buffer.from(text, 'utf16le')]

// one record of <Event a="%1"><V>%0</V><W>text %0</W>%2</Event>, values given per case
function caseFile(values: readonly ValueSpec[]): Uint8Array {
  const body = (t: StreamWriter): void => {
    t.element('Event', {
      inTemplate: true,
      attributes: [['a', (a) => a.substitution(1, 0x01, true)]],
      content: (e) => {
        e.element('V', { inTemplate: true, content: (c) => c.substitution(0, 0x01, true) })
        e.element('W', {
          inTemplate: true,
          content: (c) => c.text('text ', true).substitution(0, 0x01),
        })
        e.substitution(2, 0x21)
      },
    })
  }

  return fileOfRecords((w) => w.template(0x42, body, values))
}

const nested = binXmlValue((w) => w.fragment().element('N', { content: (c) => c.text('<n>') }))
const CASES: [string, ValueSpec[]][] = [
  ['plain values', [stringValue('v'), stringValue('x'), nested]],
  ['text to escape', [stringValue('a&b<c>"\r\t'), stringValue('q"\t\n<'), nested]],
  ['null values that remove the optional parts', [nullValue(), nullValue(), nullValue()]],
  ['empty strings', [stringValue(''), stringValue(''), nested]],
  [
    'an array that repeats its element',
    [bytesValue(0x81, utf16('p\0q\0')), stringValue('x'), nested],
  ],
  ['an empty array', [bytesValue(0x81, []), stringValue('x'), nested]],
]

describe('xml reader', () => {
  for (const [name, values] of CASES) {
    test(`writes what serializeXml writes for the tree, with ${name}`, () => {
      const bytes = caseFile(values)
      assert.deepEqual(xmlOf(bytes), expectedOf(bytes))
    })
  }

  test('writes a record whose value is damaged as the same problem', () => {
    const bytes = caseFile([bytesValue(0x13, [1, 9, 0, 0]), stringValue('x'), nested])
    const items = xmlOf(bytes)
    assert.deepEqual(items, expectedOf(bytes))
    assert.equal(items[0]?.kind, 'problem')
  })

  test('fails a record that expands past the element budget as the tree reader does', () => {
    // two elements repeated once per item of the same 60,000-byte array: past 100,000 in all
    const chunk = new ChunkBuilder()
    const body = (t: StreamWriter): void => {
      t.element('Event', {
        inTemplate: true,
        content: (e) => {
          e.element('D', { inTemplate: true, content: (c) => c.substitution(0, 0x84) })
          e.element('E', { inTemplate: true, content: (c) => c.substitution(0, 0x84) })
        },
      })
    }
    const items = new Array<number>(60_000).fill(7)
    chunk.record(1, SAMPLE_FILETIME, (w) => w.template(1, body, [bytesValue(0x84, items)]))
    const bytes = buildFile([chunk.finish()])
    const actual = xmlOf(bytes)
    assert.deepEqual(actual, expectedOf(bytes))
    assert.match(actual[0]?.kind === 'problem' ? actual[0].diagnostic.message : '', /100000/)
  })
})

describe('xml reader on the corpus', () => {
  const has = HAS_CORPUS
  const chosen = corpusSpread(STRIDE).map((f) => f.path)

  const count = has ? String(chosen.length) : 'a spread of'
  test(`gives the tree reader's items for ${count} files`, async (t) => {
    if (!has) {
      t.skip(NO_CORPUS)

      return
    }

    for (const path of chosen) {
      const expected: EvtxXmlItem[] = []
      for await (const item of readEvtx(CORPUS + path)) expected.push(asXmlItem(item))
      const actual: EvtxXmlItem[] = []
      for await (const item of readEvtxXml(CORPUS + path)) actual.push(item)
      assert.deepEqual(actual, expected, path)
    }
  })
})
