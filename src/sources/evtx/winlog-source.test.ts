import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { mapWindowsEvent, mapWinlogSource, winlogSourceOf } from '../winlog/index.ts'
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
import { readEvtx, readEvtxBuffer, readEvtxSource, readEvtxSourceBuffer } from './index.ts'
import type { EvtxItem, EvtxSourceItem } from './index.ts'
import { CORPUS, HAS_CORPUS, NO_CORPUS, corpusSpread } from './test-support.ts'

// every fourth file of the manifest, and always the largest: a spread of channels and damage
const STRIDE = 4
// the channels the winlog mapping sends to an integration pipeline
const MAPPED_CHANNELS = [
  'Microsoft-Windows-Sysmon/Operational',
  'Security',
  'Microsoft-Windows-PowerShell/Operational',
  'Windows PowerShell',
  'System',
  'Application',
]

function asSourceItem(item: EvtxItem): EvtxSourceItem {
  if (item.kind === 'problem') return item

  const { recordId, timestamp, offset, event } = item.record

  return { kind: 'record', record: { recordId, timestamp, offset, source: winlogSourceOf(event) } }
}

function sourcesOf(bytes: Uint8Array): EvtxSourceItem[] {
  return [...readEvtxSourceBuffer(bytes, 'test.evtx')]
}

function expectedOf(bytes: Uint8Array): EvtxSourceItem[] {
  return [...readEvtxBuffer(bytes, 'test.evtx')].map(asSourceItem)
}

// the ECS lines both ways, to compare key order as well as values
function ecsLines(bytes: Uint8Array): [string[], string[]] {
  const fromTree = [...readEvtxBuffer(bytes, 'test.evtx')].map((item) =>
    item.kind === 'record' ? JSON.stringify(mapWindowsEvent(item.record.event)) : '',
  )
  const fromSource = sourcesOf(bytes).map((item) =>
    item.kind === 'record' ? JSON.stringify(mapWinlogSource(item.record.source)) : '',
  )

  return [fromSource, fromTree]
}

const utf16 = (text: string): number[] => [...Buffer.from(text, 'utf16le')]

// <Event><System><Provider Name=%0/><EventID>%?1</EventID><Channel>Security</Channel>
//   <Execution ProcessID=%?2 ThreadID="4"/><Security UserID=%?3/><Odd>%1</Odd></System>
//   %?4 (BinXml: more root children)
//   <EventData><Data Name="A">%?5</Data><Data>%6</Data><Data Name=%?7>x</Data></EventData></Event>
function eventTemplate(t: StreamWriter): void {
  t.element('Event', {
    inTemplate: true,
    content: (e) => {
      e.element('System', { inTemplate: true, content: systemContent })
      e.substitution(4, 0x21, true)
      e.element('EventData', { inTemplate: true, content: dataContent })
    },
  })
}

function systemContent(s: StreamWriter): void {
  s.element('Provider', {
    inTemplate: true,
    attributes: [['Name', (a) => a.substitution(0, 0x01)]],
  })
  s.element('EventID', { inTemplate: true, content: (c) => c.substitution(1, 0x01, true) })
  s.element('Channel', { inTemplate: true, content: (c) => c.text('Security') })
  s.element('Execution', {
    inTemplate: true,
    attributes: [
      ['ProcessID', (a) => a.substitution(2, 0x08, true)],
      ['ThreadID', (a) => a.text('4')],
    ],
  })
  s.element('Security', {
    inTemplate: true,
    attributes: [['UserID', (a) => a.substitution(3, 0x13, true)]],
  })
  s.element('Odd', { inTemplate: true, content: (c) => c.substitution(1, 0x01) })
}

function dataContent(d: StreamWriter): void {
  d.element('Data', {
    inTemplate: true,
    attributes: [['Name', (a) => a.text('A')]],
    content: (c) => c.substitution(5, 0x01, true),
  })
  d.element('Data', { inTemplate: true, content: (c) => c.substitution(6, 0x01) })
  d.element('Data', {
    inTemplate: true,
    attributes: [['Name', (a) => a.substitution(7, 0x01, true)]],
    content: (c) => c.text('x'),
  })
}

const u32 = (value: number): ValueSpec => bytesValue(0x08, [value, value >> 8, 0, 0])
const SID = bytesValue(0x13, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])
const USER_DATA = binXmlValue((w) =>
  w.fragment().element('UserData', {
    content: (u) =>
      u.element('LogFileCleared', {
        content: (l) => l.element('SubjectUserName', { content: (c) => c.text('bob') }),
      }),
  }),
)
const MORE_DATA = binXmlValue((w) =>
  w
    .fragment()
    .element('EventData', { content: (d) => d.element('Data', { content: (c) => c.text('z') }) }),
)

function caseFile(values: readonly ValueSpec[]): Uint8Array {
  return fileOfRecords((w) => w.template(0x51, eventTemplate, values))
}

const BASE: ValueSpec[] = [
  stringValue('Microsoft-Windows-Security-Auditing'),
  stringValue('4624'),
  u32(700),
  SID,
  USER_DATA,
  stringValue('a\r\nb'),
  stringValue('six'),
  stringValue('Named'),
]

function withValues(changes: Record<number, ValueSpec>): ValueSpec[] {
  return BASE.map((value, i) => changes[i] ?? value)
}

const CASES: [string, ValueSpec[]][] = [
  ['plain values', BASE],
  ['null values that remove the optional parts', withValues({ 1: nullValue(), 2: nullValue() })],
  ['a null data value that removes its element', withValues({ 5: nullValue(), 7: nullValue() })],
  ['empty strings', withValues({ 0: stringValue(''), 5: stringValue(''), 6: stringValue('') })],
  ['an array that repeats a data element', withValues({ 6: bytesValue(0x81, utf16('p\0q\0')) })],
  ['an empty optional array', withValues({ 5: bytesValue(0x81, []) })],
  ['a BinXml value bringing another EventData first', withValues({ 4: MORE_DATA })],
  ['a BinXml value in a data element', withValues({ 6: USER_DATA })],
  ['a value index past the value count', BASE.slice(0, 3)],
]

describe('winlog source reader', () => {
  for (const [name, values] of CASES) {
    test(`gives the source of the tree, with ${name}`, () => {
      const bytes = caseFile(values)
      assert.deepEqual(sourcesOf(bytes), expectedOf(bytes))
      const [fromSource, fromTree] = ecsLines(bytes)
      assert.deepEqual(fromSource, fromTree)
    })
  }

  test('reads the values of the template without building the tree', () => {
    const item = sourcesOf(caseFile(BASE))[0]
    const source = item?.kind === 'record' ? item.record.source : undefined
    assert.deepEqual(source?.eventData, ['A', 'a\r\nb', 'Data', 'six', 'Named', 'x'])
    assert.deepEqual(source.systemValues, [
      'Microsoft-Windows-Security-Auditing',
      undefined,
      '4624',
      'Security',
      '700',
      '4',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'S-1-5-18',
    ])
    assert.equal(source.userData?.name, 'UserData')
  })

  test('reports a record whose value is damaged as the same problem', () => {
    const bytes = caseFile(withValues({ 3: bytesValue(0x13, [1, 9, 0, 0]) }))
    const items = sourcesOf(bytes)
    assert.deepEqual(items, expectedOf(bytes))
    assert.equal(items[0]?.kind, 'problem')
  })

  test('reports a damaged value of an element the mapping does not read', () => {
    const bytes = caseFile(withValues({ 1: bytesValue(0x0f, [1, 2]) }))
    const items = sourcesOf(bytes)
    assert.deepEqual(items, expectedOf(bytes))
    assert.equal(items[0]?.kind, 'problem')
  })

  test('reads a root that repeats per array item through its tree', () => {
    const root = (t: StreamWriter): void => {
      t.element('Event', {
        inTemplate: true,
        content: (e) => {
          e.element('System', {
            inTemplate: true,
            content: (s) =>
              s.element('EventID', { inTemplate: true, content: (c) => c.substitution(0, 0x01) }),
          })
          e.substitution(0, 0x81)
        },
      })
    }
    const bytes = fileOfRecords((w) =>
      w.template(7, root, [bytesValue(0x81, utf16('1\u{0}2\u{0}'))]),
    )
    assert.deepEqual(sourcesOf(bytes), expectedOf(bytes))
  })

  test('fails a record that expands past the element budget as the tree reader does', () => {
    const chunk = new ChunkBuilder()
    const body = (t: StreamWriter): void => {
      t.element('Event', {
        inTemplate: true,
        content: (e) =>
          e.element('EventData', {
            inTemplate: true,
            content: (d) => {
              d.element('Data', { inTemplate: true, content: (c) => c.substitution(0, 0x84) })
              d.element('Data', { inTemplate: true, content: (c) => c.substitution(0, 0x84) })
            },
          }),
      })
    }
    const items = new Array<number>(60_000).fill(7)
    chunk.record(1, SAMPLE_FILETIME, (w) => w.template(1, body, [bytesValue(0x84, items)]))
    const bytes = buildFile([chunk.finish()])
    const actual = sourcesOf(bytes)
    assert.deepEqual(actual, expectedOf(bytes))
    assert.match(actual[0]?.kind === 'problem' ? actual[0].diagnostic.message : '', /100000/)
  })
})

describe('winlog source reader on the corpus', () => {
  const has = HAS_CORPUS
  const chosen = corpusSpread(STRIDE)

  test('samples every mapped channel', (t) => {
    if (!has) {
      t.skip(NO_CORPUS)

      return
    }

    for (const channel of MAPPED_CHANNELS) {
      assert.ok(
        chosen.some((f) => f.channels.includes(channel)),
        channel,
      )
    }
  })

  const count = has ? String(chosen.length) : 'a spread of'
  test(`gives the sources and ECS documents of the tree reader for ${count} files`, async (t) => {
    if (!has) {
      t.skip(NO_CORPUS)

      return
    }

    for (const { path } of chosen) {
      const expected: EvtxSourceItem[] = []
      const lines: string[] = []
      for await (const item of readEvtx(CORPUS + path)) {
        expected.push(asSourceItem(item))
        if (item.kind === 'record') lines.push(JSON.stringify(mapWindowsEvent(item.record.event)))
      }

      const actual: EvtxSourceItem[] = []
      const actualLines: string[] = []
      for await (const item of readEvtxSource(CORPUS + path)) {
        actual.push(item)
        if (item.kind === 'record')
          actualLines.push(JSON.stringify(mapWinlogSource(item.record.source)))
      }

      assert.deepEqual(actual, expected, path)
      assert.deepEqual(actualLines, lines, path)
    }
  })
})
