import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { XmlElement } from '../xml/element.ts'
import { parseEventXmlText } from '../xml/parse.ts'
import { mapWindowsEvent, mapWinlogSource, winlogFields, winlogSourceOf } from './index.ts'
import { SYSTEM_CHANNEL, SYSTEM_EVENT_ID, SYSTEM_EXECUTION, SYSTEM_PROVIDER } from './source.ts'

function eventOf(xml: string): XmlElement {
  const item = [...parseEventXmlText(xml, 'test.xml')][0]
  if (item?.kind !== 'event') throw new Error('fixture does not parse')

  return item.event
}

function withData(channel: string, data: string): XmlElement {
  return eventOf(
    `<Event><System><EventID>4624</EventID><Channel>${channel}</Channel></System>` +
      `<EventData>${data}</EventData></Event>`,
  )
}

describe('winlog source of an element tree', () => {
  test('lays out the system children in document order with their values', () => {
    const source = winlogSourceOf(
      eventOf(
        '<Event><System><Channel> Security </Channel><Unknown>x</Unknown>' +
          "<Provider Name='P'/><Execution ThreadID='7' ProcessID='4'/><EventID>1</EventID>" +
          '</System><EventData><Data Name="A">a</Data><Data>b</Data><Other/></EventData></Event>',
      ),
    )
    assert.equal(source.hasSystem, true)
    assert.deepEqual(source.systemKinds, [
      SYSTEM_CHANNEL,
      SYSTEM_PROVIDER,
      SYSTEM_EXECUTION,
      SYSTEM_EVENT_ID,
    ])
    const execution = ['4', '7', undefined, undefined, undefined, undefined, undefined]
    assert.deepEqual(source.systemValues, ['Security', 'P', undefined, ...execution, '1'])
    assert.deepEqual(source.eventData, ['A', 'a', 'Data', 'b', 'Other', ''])
  })

  test('has no system for an event without one', () => {
    const source = winlogSourceOf(eventOf('<Event><EventData/></Event>'))
    assert.equal(source.hasSystem, false)
    assert.deepEqual(source.eventData, [])
  })

  test('reads repeated system children in order, later values winning as they land', () => {
    const winlog = winlogFields(
      eventOf(
        "<Event><System><Version>5</Version><Version>abc</Version><Provider Name='A'/>" +
          "<Provider Guid='{G}'/><EventID>9</EventID><EventID></EventID></System></Event>",
      ),
    )
    assert.deepEqual(winlog, {
      version: 5,
      provider_name: 'A',
      provider_guid: '{G}',
      event_id: '9',
    })
  })

  test('maps a source to the document of its tree', () => {
    const event = withData('Security', '<Data Name="TargetUserName">bob</Data>')
    assert.deepEqual(mapWinlogSource(winlogSourceOf(event)), mapWindowsEvent(event))
  })
})

describe('dash placeholders in event data', () => {
  const CASES: [string, string, string, Record<string, string> | undefined][] = [
    ['Security', '<Data Name="A">-</Data><Data Name="B">b</Data>', 'drops', { B: 'b' }],
    ['Security', '<Data Name="A">-</Data><Data Name="A">a</Data>', 'keeps out', undefined],
    ['Security', '<Data Name="A">a</Data><Data Name="A">-</Data>', 'keeps the first', { A: 'a' }],
    ['Security', '<Data>-</Data><Data>x</Data>', 'drops unnamed', { param2: 'x' }],
    ['Security', '<Data Name="A">\n\t </Data><Data Name="B">b</Data>', 'drops blank', { B: 'b' }],
    [
      'Security',
      '<Data Name="A">{00000000-0000-0000-0000-000000000000}</Data>',
      'drops',
      undefined,
    ],
    ['System', '<Data Name="A">\n\t </Data>', 'keeps blank on other channels', { A: '\n\t ' }],
    ['Windows PowerShell', '<Data Name="A">-</Data><Data Name="B">b</Data>', 'drops', { B: 'b' }],
    ['Windows PowerShell', '<Data Name="A"> </Data>', 'keeps blank on PowerShell', { A: ' ' }],
    ['System', '<Data Name="A">-</Data>', 'keeps on other channels', { A: '-' }],
  ]
  for (const [channel, data, what, expected] of CASES) {
    test(`${what}: ${channel} ${data}`, () => {
      const doc = mapWindowsEvent(withData(channel, data))
      const winlog = doc.winlog as { event_data?: unknown }
      assert.deepEqual(winlog.event_data, expected)
    })
  }
})
