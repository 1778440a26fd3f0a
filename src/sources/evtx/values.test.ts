import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { XmlElement } from '../xml/element.ts'
import { childElements, ownText } from '../xml/element.ts'
import { bytesValue, fileOfRecords, readAll, stringValue } from './evtx-builder.test.ts'
import type { ValueSpec } from './evtx-builder.test.ts'

const hex = (text: string): number[] => (text.match(/../g) ?? []).map((b) => parseInt(b, 16))
const utf16 = (text: string): number[] => [...Buffer.from(text, 'utf16le')]

// <Event><Data>%0</Data><Item Value=%0/></Event>: the value rendered as content and as attribute
function render(value: ValueSpec): { content: string; attribute: string | undefined } {
  const file = fileOfRecords((w) =>
    w.template(
      0x1111,
      (t) =>
        t.element('Event', {
          inTemplate: true,
          content: (c) => {
            c.element('Data', { inTemplate: true, content: (d) => d.substitution(0, value.type) })
            c.element('Item', {
              inTemplate: true,
              attributes: [['Value', (a) => a.substitution(0, value.type)]],
            })
          },
        }),
      [value],
    ),
  )
  const { events, problems } = readAll(file)
  assert.deepEqual(problems, [])
  const event = events[0] as XmlElement
  const data = childElements(event).filter((e) => e.name === 'Data')
  const item = childElements(event).find((e) => e.name === 'Item')

  return { content: data.map(ownText).join('|'), attribute: item?.attributes.Value }
}

// [title, type, bytes, Windows text]; arrays render one element per item, joined here with "|"
const SCALARS: readonly [string, number, number[], string][] = [
  ['String', 0x01, utf16('Hello, world'), 'Hello, world'],
  ['String with trailing NULs', 0x01, [...utf16('abc'), 0, 0, 0, 0], 'abc'],
  ['String outside ASCII', 0x01, utf16('Microsoft® Ωmega'), 'Microsoft® Ωmega'],
  ['AnsiString (windows-1252)', 0x02, [0x41, 0xae, 0x80, 0x00], 'A®€'],
  ['Int8', 0x03, [0xff], '-1'],
  ['UInt8', 0x04, [0xff], '255'],
  ['Int16', 0x05, [0x00, 0x80], '-32768'],
  ['UInt16', 0x06, [0x00, 0x80], '32768'],
  ['Int32', 0x07, [0xfe, 0xff, 0xff, 0xff], '-2'],
  ['UInt32', 0x08, [0xff, 0xff, 0xff, 0xff], '4294967295'],
  ['Int64 -1', 0x09, hex('ffffffffffffffff'), '-1'],
  ['Int64 minimum', 0x09, hex('0000000000000080'), '-9223372036854775808'],
  ['Int64 large', 0x09, hex('0000000000001000'), '4503599627370496'],
  ['UInt64 maximum', 0x0a, hex('ffffffffffffffff'), '18446744073709551615'],
  ['UInt64 2^32', 0x0a, hex('0000000001000000'), '4294967296'],
  ['Real32', 0x0b, [0x00, 0x00, 0xc0, 0x3f], '1.5'],
  ['Real32 0.1', 0x0b, [0xcd, 0xcc, 0xcc, 0x3d], '0.1'],
  ['Real64', 0x0c, [...Buffer.from(new Float64Array([3199.234]).buffer)], '3199.234'],
  ['Real64 negative', 0x0c, [...Buffer.from(new Float64Array([-0.5]).buffer)], '-0.5'],
  ['Bool false', 0x0d, [0, 0, 0, 0], 'false'],
  ['Bool true', 0x0d, [1, 0, 0, 0], 'true'],
  ['Bool other non-zero', 0x0d, [0, 2, 0, 0], 'true'],
  ['Binary', 0x0e, [0xd9, 0x06, 0x00, 0x00], 'D9060000'],
  ['GUID', 0x0f, hex('2596845478549449a5ba3e3b0328c30d'), '{54849625-5478-4994-A5BA-3E3B0328C30D}'],
  ['SizeT 4 bytes', 0x10, [0xec, 0x7e, 0x00, 0x00], '0x7eec'],
  ['SizeT 8 bytes', 0x10, hex('0000000001000000'), '0x100000000'],
  ['FILETIME', 0x11, hex('f1756262d93cd701'), '2021-04-29T09:23:58.6908657Z'],
  ['FILETIME zero', 0x11, hex('0000000000000000'), '1601-01-01T00:00:00.0000000Z'],
  ['SYSTEMTIME', 0x12, hex('e507040002001b000c001c000100b100'), '2021-04-27T12:28:01.177Z'],
  [
    'SID',
    0x13,
    hex('010500000000000515000000' + '7556b49ea87da5cd1f353b65f4010000'),
    'S-1-5-21-2662618741-3450174888-1698379039-500',
  ],
  ['SID local system', 0x13, hex('010100000000000512000000'), 'S-1-5-18'],
  ['SID with a 48-bit authority', 0x13, hex('010101000000000000000000'), 'S-1-0x010000000000-0'],
  ['HexInt32 zero', 0x14, [0, 0, 0, 0], '0x0'],
  ['HexInt32', 0x14, hex('084df85d'), '0x5df84d08'],
  ['HexInt64 keywords', 0x15, hex('0000000000008000'), '0x80000000000000'],
  ['HexInt64 small', 0x15, hex('e703000000000000'), '0x3e7'],
  ['empty UInt32', 0x08, [], ''],
]

const ARRAYS: readonly [string, number, number[], string][] = [
  ['String array with an empty item', 0x81, [...utf16('a\0\0bc\0')], 'a||bc'],
  ['String array without last terminator', 0x81, [...utf16('x\0y')], 'x|y'],
  ['AnsiString array', 0x82, [0x61, 0x00, 0x62, 0x00], 'a|b'],
  ['Int8 array', 0x83, [0xff, 0x01], '-1|1'],
  ['UInt8 array', 0x84, [1, 2, 3], '1|2|3'],
  ['Int16 array', 0x85, [0xff, 0xff, 2, 0], '-1|2'],
  ['UInt16 array', 0x86, [1, 0, 2, 0], '1|2'],
  ['Int32 array', 0x87, hex('ffffffff02000000'), '-1|2'],
  ['UInt32 array', 0x88, hex('0100000002000000'), '1|2'],
  ['Int64 array', 0x89, hex('ffffffffffffffff0200000000000000'), '-1|2'],
  ['UInt64 array', 0x8a, hex('01000000000000000200000000000000'), '1|2'],
  ['Real32 array', 0x8b, [0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x20, 0xc0], '1.5|-2.5'],
  ['Real64 array', 0x8c, [...Buffer.from(new Float64Array([0.25, 1e21]).buffer)], '0.25|1e+21'],
  ['Bool array', 0x8d, hex('0000000001000000'), 'false|true'],
  [
    'GUID array',
    0x8f,
    hex('2596845478549449a5ba3e3b0328c30d' + '00000000000000000000000000000001'),
    '{54849625-5478-4994-A5BA-3E3B0328C30D}|{00000000-0000-0000-0000-000000000001}',
  ],
  ['SizeT array', 0x90, hex('01000000000000000200000000000000'), '0x1|0x2'],
  [
    'FILETIME array',
    0x91,
    hex('f1756262d93cd701' + '0000000000000000'),
    '2021-04-29T09:23:58.6908657Z|1601-01-01T00:00:00.0000000Z',
  ],
  [
    'SYSTEMTIME array',
    0x92,
    hex('e507040002001b000c001c000100b100' + 'd0070100060001000000000000000000'),
    '2021-04-27T12:28:01.177Z|2000-01-01T00:00:00.000Z',
  ],
  [
    'SID array',
    0x93,
    hex('010100000000000512000000' + '01020000000000052000000020020000'),
    'S-1-5-18|S-1-5-32-544',
  ],
  ['HexInt32 array', 0x94, hex('010000000a000000'), '0x1|0xa'],
  ['HexInt64 array', 0x95, hex('0100000000000000ffffffffffffffff'), '0x1|0xffffffffffffffff'],
]

describe('value rendering', () => {
  for (const [title, type, bytes, expected] of SCALARS) {
    test(`renders ${title} (type 0x${type.toString(16)}) as "${expected}"`, () => {
      const { content, attribute } = render(bytesValue(type, bytes))
      assert.equal(content, expected)
      assert.equal(attribute, expected)
    })
  }

  for (const [title, type, bytes, expected] of ARRAYS) {
    test(`renders ${title} (type 0x${type.toString(16)}) as one element per item: ${expected}`, () => {
      const { content, attribute } = render(bytesValue(type, bytes))
      assert.equal(content, expected)
      assert.equal(attribute, expected.replaceAll('|', ','))
    })
  }

  test('renders a string value given as a plain string', () => {
    assert.equal(render(stringValue('plain')).content, 'plain')
  })

  const INVALID: readonly [string, number, number[], string][] = [
    ['a UInt32 of 2 bytes', 0x08, [1, 0], 'a value of type 0x08 has only 2 bytes'],
    ['a SID shorter than its count', 0x13, hex('0105000000000005'), 'a SID value is shorter'],
    [
      'an EvtHandle, which files never hold',
      0x20,
      [1, 2, 3, 4],
      'value type 0x20 cannot be rendered',
    ],
    ['a Binary array', 0x8e, [1, 2], 'value type 0x8e is not a valid array type'],
    ['a UInt32 array of 6 bytes', 0x88, [1, 0, 0, 0, 2, 0], 'not a multiple of 4'],
  ]
  for (const [title, type, bytes, message] of INVALID) {
    test(`reports ${title} as ERR_EVTX_BINXML`, () => {
      const file = fileOfRecords((w) =>
        w.template(
          2,
          (t) => t.element('Event', { inTemplate: true, content: (c) => c.substitution(0, type) }),
          [bytesValue(type, bytes)],
        ),
      )
      const { events, problems } = readAll(file)
      assert.equal(events.length, 0)
      assert.equal(problems[0]?.code, 'ERR_EVTX_BINXML')
      assert.match(problems[0]?.message ?? '', new RegExp(message.replace(/[()]/g, '\\$&')))
    })
  }
})
