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
  readAll,
  stringValue,
} from './evtx-builder.test.ts'
import type { StreamWriter, ValueSpec } from './evtx-builder.test.ts'

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event'
const u16 = (n: number): ValueSpec => bytesValue(0x06, [n & 0xff, n >> 8])

/** Serialised XML of every event in `file`, asserting that nothing was reported. */
function xmlOf(file: Uint8Array): string[] {
  const { events, problems } = readAll(file)
  assert.deepEqual(problems, [])

  return events.map((e) => serializeXml(e))
}

// <Event xmlns=NS><System><EventID Qualifiers=%?1>%0</EventID>
//   <Correlation ActivityID=%?2/><Level [dep 3]>%?3</Level></System>%4</Event>
function systemTemplate(t: StreamWriter): void {
  t.element('Event', {
    inTemplate: true,
    attributes: [['xmlns', (a) => a.text(NS)]],
    content: (e) => {
      e.element('System', {
        inTemplate: true,
        content: (s) => {
          s.element('EventID', {
            inTemplate: true,
            attributes: [['Qualifiers', (a) => a.substitution(1, 0x06, true)]],
            content: (c) => c.substitution(0, 0x06),
          })
          s.element('Correlation', {
            inTemplate: true,
            attributes: [['ActivityID', (a) => a.substitution(2, 0x0f, true)]],
          })
          s.element('Level', {
            inTemplate: true,
            dependency: 3,
            content: (c) => c.substitution(3, 0x04, true),
          })
        },
      })
      e.substitution(4, 0x21, true)
    },
  })
}

// <EventData><Data Name="A">%0</Data><Data Name="B">%?1</Data></EventData>
function eventDataTemplate(t: StreamWriter): void {
  t.element('EventData', {
    inTemplate: true,
    content: (d) => {
      d.element('Data', {
        inTemplate: true,
        attributes: [['Name', (a) => a.text('A')]],
        content: (c) => c.substitution(0, 0x01),
      })
      d.element('Data', {
        inTemplate: true,
        attributes: [['Name', (a) => a.text('B')]],
        content: (c) => c.substitution(1, 0x01, true),
      })
    },
  })
}

const eventData = (a: ValueSpec, b: ValueSpec): ValueSpec =>
  binXmlValue((w) => w.fragment().template(0x2222, eventDataTemplate, [a, b]))

describe('BinXML templates and substitutions', () => {
  test('renders a record from a template with a nested BinXml template value', () => {
    const file = fileOfRecords((w) =>
      w.template(0x1111, systemTemplate, [
        u16(4624),
        u16(16384),
        nullValue(),
        bytesValue(0x04, [4]),
        eventData(stringValue('x'), stringValue('y')),
      ]),
    )
    assert.deepEqual(xmlOf(file), [
      `<Event xmlns="${NS}"><System><EventID Qualifiers="16384">4624</EventID><Correlation/><Level>4</Level></System>` +
        '<EventData><Data Name="A">x</Data><Data Name="B">y</Data></EventData></Event>',
    ])
  })

  test('drops attributes and elements whose optional value or dependency is Null', () => {
    const file = fileOfRecords((w) =>
      w.template(0x1111, systemTemplate, [
        u16(1),
        nullValue([1, 0]),
        nullValue(),
        nullValue(),
        eventData(nullValue(), nullValue()),
      ]),
    )
    assert.deepEqual(xmlOf(file), [
      `<Event xmlns="${NS}"><System><EventID>1</EventID><Correlation/></System>` +
        '<EventData><Data Name="A"/></EventData></Event>',
    ])
  })

  test('treats a substitution index past the value count as Null', () => {
    const template = (t: StreamWriter): void => {
      t.element('E', {
        inTemplate: true,
        content: (e) => {
          e.element('A', { inTemplate: true, content: (c) => c.substitution(3, 0x04, true) })
          e.element('B', {
            inTemplate: true,
            attributes: [['x', (a) => a.substitution(9, 0x04)]],
            content: (c) => c.substitution(0, 0x06),
          })
        },
      })
    }
    assert.deepEqual(xmlOf(fileOfRecords((w) => w.template(4, template, [u16(7)]))), [
      '<E><B x="">7</B></E>',
    ])
  })

  test('drops the element holding an optional Null BinXml value, even the root', () => {
    const { events, problems } = readAll(
      fileOfRecords((w) => w.template(0x1111, systemTemplate, [u16(7)])),
    )
    assert.equal(events.length, 0)
    assert.match(problems[0]?.message ?? '', /holds no element/)
  })

  test('reuses a template definition and names stored by an earlier record of the chunk', () => {
    const values = (id: number): ValueSpec[] => [
      u16(id),
      nullValue(),
      nullValue(),
      nullValue(),
      eventData(stringValue(`v${id}`), stringValue('w')),
    ]
    const chunk = new ChunkBuilder()
    chunk.record(1, SAMPLE_FILETIME, (w) => w.template(0x1111, systemTemplate, values(1)))
    chunk.record(2, SAMPLE_FILETIME, (w) => w.template(0x1111, systemTemplate, values(2)))
    const second = chunk.recordOffsets[1] ?? 0
    // the second instance carries only the offset of the first one's inline definition
    assert.equal(chunk.view.getUint32(second + 24 + 4 + 6, true), 512 + 24 + 4 + 10)
    const xml = xmlOf(buildFile([chunk.finish()]))
    assert.equal(xml.length, 2)
    assert.match(xml[1] ?? '', /<EventID>2<\/EventID>.*<Data Name="A">v2<\/Data>/)
  })

  test('repeats the element holding an array substitution once per item', () => {
    const strings = bytesValue(0x81, [...Buffer.from('one\0\0three\0', 'utf16le')])
    const file = fileOfRecords((w) =>
      w.template(
        0x3333,
        (t) =>
          t.element('EventData', {
            inTemplate: true,
            content: (d) =>
              d.element('Data', { inTemplate: true, content: (c) => c.substitution(0, 0x81) }),
          }),
        [strings],
      ),
    )
    assert.deepEqual(xmlOf(file), [
      '<EventData><Data>one</Data><Data/><Data>three</Data></EventData>',
    ])
  })

  test('removes an element whose optional array is empty and keeps one for a normal one', () => {
    const template = (t: StreamWriter): void => {
      t.element('E', {
        inTemplate: true,
        content: (e) => {
          e.element('Optional', { inTemplate: true, content: (c) => c.substitution(0, 0x81, true) })
          e.element('Normal', { inTemplate: true, content: (c) => c.substitution(0, 0x81) })
        },
      })
    }
    assert.deepEqual(xmlOf(fileOfRecords((w) => w.template(5, template, [bytesValue(0x81, [])]))), [
      '<E><Normal/></E>',
    ])
  })

  test('splices an element stored directly in a BinXml value, without dependency ids', () => {
    const direct = binXmlValue((w) =>
      w.element('UserData', {
        content: (u) =>
          u.element('LogFileCleared', {
            attributes: [['xmlns', (a) => a.text('urn:x')]],
            content: (c) => c.text('ok'),
          }),
      }),
    )
    const file = fileOfRecords((w) =>
      w.template(
        6,
        (t) => t.element('Event', { inTemplate: true, content: (c) => c.substitution(0, 0x21) }),
        [direct],
      ),
    )
    assert.deepEqual(xmlOf(file), [
      '<Event><UserData><LogFileCleared xmlns="urn:x">ok</LogFileCleared></UserData></Event>',
    ])
  })

  test('joins text pieces, entity and character references and CDATA into one text run', () => {
    const file = fileOfRecords((w) =>
      w.element('Event', {
        content: (e) =>
          e.element('Data', {
            attributes: [['Name', (a) => a.text('url', true).entity('amp').text('x')]],
            content: (c) =>
              c
                .text('a', true)
                .entity('amp')
                .text('b', true)
                .entity('gt')
                .charRef(0x263a)
                .cdata('<c>')
                .pi('pi', 'skipped'),
          }),
      }),
    )
    const { events, problems } = readAll(file)
    assert.deepEqual(problems, [])
    const data = events[0]?.children[0]
    assert.deepEqual(data, { name: 'Data', attributes: { Name: 'url&x' }, children: ['a&b>☺<c>'] })
  })

  test('reads a record body written without any template (Windows-rendered text)', () => {
    const file = fileOfRecords((w) =>
      w.element('Event', {
        attributes: [['xmlns', (a) => a.text(NS)]],
        content: (e) =>
          e.element('System', {
            content: (s) => s.element('Channel', { content: (c) => c.text('Security') }),
          }),
      }),
    )
    assert.deepEqual(xmlOf(file), [
      `<Event xmlns="${NS}"><System><Channel>Security</Channel></System></Event>`,
    ])
  })

  test('advances by the descriptor size over a Null value holding junk bytes', () => {
    const template = (t: StreamWriter): void => {
      t.element('E', {
        inTemplate: true,
        content: (e) => e.substitution(0, 0x01).substitution(1, 0x01),
      })
    }
    assert.deepEqual(
      xmlOf(
        fileOfRecords((w) =>
          w.template(8, template, [nullValue(new Array(16).fill(0xee)), stringValue('after')]),
        ),
      ),
      ['<E>after</E>'],
    )
  })

  test('gives the record header id, written time and file offset with each event', () => {
    const { records } = readAll(fileOfRecords((w) => w.element('Event')))
    assert.deepEqual(
      records.map(({ recordId, timestamp, offset }) => ({ recordId, timestamp, offset })),
      [{ recordId: 1, timestamp: '2019-03-19T23:34:25.1234567Z', offset: 4096 + 512 }],
    )
  })
})

describe('BinXML errors', () => {
  const CASES: readonly [string, (w: StreamWriter) => void, RegExp][] = [
    [
      'an unknown token',
      (w) => w.u8(0x1f),
      /record 1 cannot be decoded: unexpected BinXML token 0x1f/,
    ],
    ['an end tag with no element open', (w) => w.u8(0x04), /unexpected BinXML token 0x04/],
    [
      'a stream that stops inside an element',
      (w) => w.u8(0x01).u32(0).name('E').u8(0x02),
      /unexpected BinXML token 0x00 inside "E"/,
    ],
    [
      'a name reference into zeros',
      (w) => w.u8(0x01).u32(0).u32(60000).u8(0x03),
      /points at an empty name/,
    ],
    [
      'a name whose hash does not match',
      (w) =>
        w
          .u8(0x01)
          .u32(0)
          .u32(w.pos + 4)
          .u32(0)
          .u16(0x1234)
          .u16(1)
          .u16(0x45)
          .u16(0)
          .u8(0x03),
      /hash does not match/,
    ],
    [
      'a template definition in zeros',
      (w) => w.u8(0x0c).u8(1).u32(9).u32(60000).u32(0),
      /ends inside an element/,
    ],
    [
      'an offset past the chunk',
      (w) => w.u8(0x01).u32(0).u32(70000).u8(0x03),
      /points outside its chunk/,
    ],
    ['a body without an element', (w) => w.fragment(), /holds no element/],
  ]
  for (const [title, write, message] of CASES) {
    test(`reports ${title} and goes on with the next record`, () => {
      const { events, problems } = readAll(fileOfRecords(write, (w) => w.element('Next')))
      assert.equal(problems.length, 1)
      assert.equal(problems[0]?.code, 'ERR_EVTX_BINXML')
      assert.equal(problems[0]?.span.start.offset, 4096 + 512)
      assert.match(problems[0]?.message ?? '', message)
      assert.deepEqual(
        events.map((e) => e.name),
        ['Next'],
      )
    })
  }

  test('stops BinXml values nested deeper than 64 levels', () => {
    let value: ValueSpec = stringValue('core')
    for (let i = 0; i < 70; i++) {
      const inner = value
      value = binXmlValue((w) =>
        w.template(
          100 + i,
          (t) =>
            t.element('L', { inTemplate: true, content: (c) => c.substitution(0, inner.type) }),
          [inner],
        ),
      )
    }

    const file = fileOfRecords((w) =>
      w.template(
        99,
        (t) => t.element('Top', { inTemplate: true, content: (c) => c.substitution(0, 0x21) }),
        [value],
      ),
    )
    const { problems } = readAll(file)
    assert.match(problems[0]?.message ?? '', /nest deeper than 64 levels/)
  })
})
