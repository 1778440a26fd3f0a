import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseEventXmlText } from '../xml/parse.ts'
import type { EcsDocument } from './index.ts'
import { mapWindowsEvent } from './index.ts'

function parse(xml: string): EcsDocument {
  const item = [...parseEventXmlText(xml, 'system.xml')][0]
  if (item?.kind !== 'event') throw new Error('fixture does not parse')

  return mapWindowsEvent(item.event, { filePath: 'System.evtx' })
}

function system(provider: string, guid: string, id: number, qualifiers: string, body: string) {
  return parse(
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
      `<Provider Name='${provider}' Guid='${guid}' EventSourceName='${provider}'/>` +
      `<EventID Qualifiers='${qualifiers}'>${id}</EventID><Version>0</Version><Level>4</Level>` +
      `<Task>0</Task><Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords>` +
      `<TimeCreated SystemTime='2019-03-19T23:34:25.894341300Z'/><EventRecordID>27736</EventRecordID>` +
      `<Correlation/><Execution ProcessID='644' ThreadID='6192'/><Channel>System</Channel>` +
      `<Computer>PC01.example.corp</Computer><Security UserID='S-1-5-21-1-2-3-1106'/></System>${body}</Event>`,
  )
}

const SCM = ['Service Control Manager', '{555908d1-a6d7-4695-8e1e-26931d2012f4}'] as const

describe('mapWindowsEvent for the System channel', () => {
  test('maps 7045 service installed to the Winlogbeat fields only', () => {
    const doc = system(
      ...SCM,
      7045,
      '16384',
      `<EventData><Data Name='ServiceName'>PSEXESVC</Data>` +
        `<Data Name='ImagePath'>%SystemRoot%\\PSEXESVC.exe</Data><Data Name='ServiceType'>user mode service</Data>` +
        `<Data Name='StartType'>demand start</Data><Data Name='AccountName'>LocalSystem</Data></EventData>`,
    )
    assert.deepEqual(doc, {
      '@timestamp': '2019-03-19T23:34:25.894Z',
      event: {
        kind: 'event',
        code: '7045',
        provider: 'Service Control Manager',
        action: 'None',
        module: 'system',
        dataset: 'system.system',
      },
      host: {
        name: 'PC01.example.corp',
        id: 'PC01.example.corp',
        os: { type: 'windows', family: 'windows' },
      },
      log: { level: 'information', file: { path: 'System.evtx' } },
      winlog: {
        provider_name: 'Service Control Manager',
        provider_guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
        event_id: '7045',
        task: 'None',
        opcode: 'Info',
        keywords: ['Classic'],
        record_id: 27736,
        process: { pid: 644, thread: { id: 6192 } },
        channel: 'System',
        computer_name: 'PC01.example.corp',
        user: { identifier: 'S-1-5-21-1-2-3-1106' },
        event_data: {
          ServiceName: 'PSEXESVC',
          ImagePath: '%SystemRoot%\\PSEXESVC.exe',
          ServiceType: 'user mode service',
          StartType: 'demand start',
          AccountName: 'LocalSystem',
        },
      },
    })
  })

  const serviceEvents: [number, Record<string, string>][] = [
    [
      7036,
      {
        param1: 'Windows Event Log',
        param2: 'stopped',
        Binary: '6500760065006E0074006C006F0067002F0031000000',
      },
    ],
    [
      7040,
      {
        param1: 'Background Intelligent Transfer Service',
        param2: 'auto start',
        param3: 'demand start',
        param4: 'BITS',
      },
    ],
  ]
  for (const [id, data] of serviceEvents) {
    test(`keeps ${id} service control details in event_data`, () => {
      const fields = Object.entries(data)
        .map(([name, value]) =>
          name === 'Binary' ? `<Binary>${value}</Binary>` : `<Data Name='${name}'>${value}</Data>`,
        )
        .join('')
      const doc = system(...SCM, id, '16384', `<EventData>${fields}</EventData>`)
      assert.deepEqual((doc.winlog as Record<string, unknown>).event_data, data)
      assert.equal((doc.event as Record<string, unknown>).category, undefined)
    })
  }

  test('maps 104 log cleared from UserData', () => {
    const doc = system(
      'Microsoft-Windows-Eventlog',
      '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}',
      104,
      '',
      "<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>" +
        '<SubjectUserName>user01</SubjectUserName><SubjectDomainName>EXAMPLE</SubjectDomainName>' +
        '<Channel>System</Channel><BackupPath/></LogFileCleared></UserData>',
    )
    const winlog = doc.winlog as Record<string, unknown>
    assert.deepEqual(winlog.user_data, {
      SubjectUserName: 'user01',
      SubjectDomainName: 'EXAMPLE',
      Channel: 'System',
      xml_name: 'LogFileCleared',
    })
    assert.equal(winlog.event_data, undefined)
    assert.equal((doc.event as Record<string, unknown>).code, '104')
    assert.equal(doc.user, undefined)
  })
})

describe('mapWindowsEvent for other channels', () => {
  test('gives an unmapped channel the Winlogbeat fields and no data stream', () => {
    const doc = parse(
      '<Event><System><Provider Name="Microsoft-Windows-Bits-Client"/><EventID>59</EventID>' +
        '<Channel>Microsoft-Windows-Bits-Client/Operational</Channel><Computer>pc</Computer></System>' +
        '<EventData><Data Name="url">http://x/a.exe</Data></EventData></Event>',
    )
    assert.deepEqual(doc.event, {
      kind: 'event',
      code: '59',
      provider: 'Microsoft-Windows-Bits-Client',
    })
    assert.deepEqual((doc.winlog as Record<string, unknown>).event_data, { url: 'http://x/a.exe' })
  })

  test('maps an event without a System element', () => {
    const doc = parse('<Event><EventData><Data>x</Data></EventData></Event>')
    assert.deepEqual(doc.event, { kind: 'event' })
    assert.deepEqual(doc.winlog, { event_data: { param1: 'x' } })
    assert.deepEqual(doc.host, { os: { type: 'windows', family: 'windows' } })
  })

  test('routes channels case-insensitively', () => {
    const doc = parse(
      '<Event><System><EventID>4624</EventID><Channel>SECURITY</Channel></System></Event>',
    )
    assert.equal((doc.event as Record<string, unknown>).dataset, 'system.security')
  })
})
