import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { XmlElement } from '../xml/element.ts'
import { parseEventXmlText } from '../xml/parse.ts'
import { ecsTimestamp, readWinlog, winlogFields } from './index.ts'

function parse(xml: string): XmlElement {
  const first = [...parseEventXmlText(xml, 'test.xml')][0]
  if (first?.kind !== 'event') throw new Error(`test XML does not parse: ${JSON.stringify(first)}`)

  return first.event
}

function withSystem(system: string, body = ''): XmlElement {
  return parse(`<Event><System>${system}</System>${body}</Event>`)
}

const SECURITY_4624 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>
<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>
<EventID>4624</EventID><Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode>
<Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2021-04-27T15:03:17.762951800Z'/>
<EventRecordID>84201</EventRecordID><Correlation ActivityID='{8C1E64A3-1B5B-0000-D467-1E8C5B1BD701}'/>
<Execution ProcessID='636' ThreadID='8520'/><Channel>Security</Channel><Computer>DC01.corp.local</Computer>
<Security/></System><EventData><Data Name='SubjectUserSid'>S-1-5-18</Data></EventData></Event>`

describe('winlogFields', () => {
  test('reads the System element as Winlogbeat does', () => {
    assert.deepEqual(winlogFields(parse(SECURITY_4624)), {
      provider_name: 'Microsoft-Windows-Security-Auditing',
      provider_guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      event_id: '4624',
      version: 2,
      task: 'Logon',
      opcode: 'Info',
      keywords: ['Audit Success'],
      record_id: 84201,
      activity_id: '{8C1E64A3-1B5B-0000-D467-1E8C5B1BD701}',
      process: { pid: 636, thread: { id: 8520 } },
      channel: 'Security',
      computer_name: 'DC01.corp.local',
      event_data: { SubjectUserSid: 'S-1-5-18' },
    })
  })

  test('gives the timestamp, level and audit outcome beside winlog', () => {
    const record = readWinlog(parse(SECURITY_4624))
    assert.equal(record.timestamp, '2021-04-27T15:03:17.762Z')
    assert.equal(record.level, 'information')
    assert.equal(record.outcome, 'success')
    assert.equal(record.message, undefined)
  })

  const zeroes: [string, string][] = [
    ['version 0', '<Version>0</Version>'],
    ['process id 0', "<Execution ProcessID='0' ThreadID='0'/>"],
    ['record id 0', '<EventRecordID>0</EventRecordID>'],
    ['empty user id', "<Security UserID=''/>"],
    ['empty channel', '<Channel></Channel>'],
    ['a malformed version', '<Version>x1</Version>'],
  ]
  for (const [title, system] of zeroes) {
    test(`omits ${title}`, () => {
      assert.deepEqual(winlogFields(withSystem(`<EventID>1</EventID>${system}`)), { event_id: '1' })
    })
  }

  const keywordCases: [string, string[] | undefined, string | undefined][] = [
    ['0x8010000000000000', ['Audit Failure'], 'failure'],
    ['0x8030000000000000', ['Audit Failure', 'Audit Success'], 'failure'],
    ['0x0080000000000000', ['Classic'], undefined],
    ['0x8000000000000000', undefined, undefined],
    ['0x4000000000000', ['WDI Diag'], undefined],
    ['36028797018963968', ['Classic'], undefined],
    ['0xZZ', undefined, undefined],
  ]
  for (const [keywords, names, outcome] of keywordCases) {
    test(`names keywords ${keywords}`, () => {
      const record = readWinlog(withSystem(`<Keywords>${keywords}</Keywords>`))
      assert.deepEqual(record.winlog.keywords, names)
      assert.equal(record.outcome, outcome)
    })
  }

  const levelCases: [string, string | undefined][] = [
    ['0', 'information'],
    ['1', 'critical'],
    ['2', 'error'],
    ['3', 'warning'],
    ['4', 'information'],
    ['5', 'verbose'],
    ['9', undefined],
  ]
  for (const [level, name] of levelCases) {
    test(`names level ${level}`, () => {
      assert.equal(readWinlog(withSystem(`<Level>${level}</Level>`)).level, name)
    })
  }

  const codeCases: [string, string, string, Partial<Record<'task' | 'opcode', string>>][] = [
    ['Microsoft-Windows-Sysmon', '1', '0', { opcode: 'Info' }],
    ['Service Control Manager', '0', '0', { task: 'None', opcode: 'Info' }],
    [
      'Microsoft-Windows-Security-Auditing',
      '13312',
      '0',
      { task: 'Process Creation', opcode: 'Info' },
    ],
    [
      'Microsoft-Windows-Security-Auditing',
      '12554',
      '1',
      { task: 'Group Membership', opcode: 'Start' },
    ],
    [
      'Microsoft-Windows-PowerShell',
      '2',
      '15',
      { task: 'Execute a Remote Command', opcode: 'On create calls' },
    ],
    ['PowerShell', '8', '99', { task: 'Pipeline Execution Details' }],
  ]
  for (const [provider, task, opcode, expected] of codeCases) {
    test(`names task ${task} and opcode ${opcode} of ${provider}`, () => {
      const system = `<Provider Name='${provider}'/><Task>${task}</Task><Opcode>${opcode}</Opcode>`
      const winlog = winlogFields(withSystem(system))
      assert.deepEqual(
        { task: winlog.task, opcode: winlog.opcode },
        { task: undefined, opcode: undefined, ...expected },
      )
    })
  }

  test('prefers the names in RenderingInfo', () => {
    const body =
      '<RenderingInfo Culture="en-US"><Message>A process was created.\r\nmore</Message>' +
      '<Level>Information</Level><Task>Process Creation</Task><Opcode>Info</Opcode>' +
      '<Keywords><Keyword>Audit Success</Keyword></Keywords></RenderingInfo>'
    const record = readWinlog(withSystem('<Level>0</Level><Task>13312</Task>', body))
    assert.equal(record.message, 'A process was created.\nmore')
    assert.equal(record.level, 'information')
    assert.equal(record.winlog.task, 'Process Creation')
    assert.deepEqual(record.winlog.keywords, ['Audit Success'])
  })

  test('applies the EventData key rules', () => {
    const body = `<EventData><Data Name='A'>1</Data><Data>unnamed</Data><Data></Data><Data>third</Data>
      <Data Name='A'>repeated</Data><Data Name=''>blank name</Data><Binary>0A0B</Binary>
      <Data Name='Lines'>a\r\nb</Data></EventData>`
    assert.deepEqual(winlogFields(withSystem('', body)).event_data, {
      A: '1',
      param2: 'unnamed',
      param4: 'third',
      param6: 'blank name',
      Binary: '0A0B',
      Lines: 'a\nb',
    })
  })

  test('reads the first UserData child with its element name', () => {
    const body = `<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>
      <SubjectUserSid>S-1-5-21-1-2-3-500</SubjectUserSid><SubjectUserName>admin</SubjectUserName>
      <BackupPath/><Error Code='15007'/></LogFileCleared><Second><X>1</X></Second></UserData>`
    assert.deepEqual(winlogFields(withSystem('', body)).user_data, {
      SubjectUserSid: 'S-1-5-21-1-2-3-500',
      SubjectUserName: 'admin',
      xml_name: 'LogFileCleared',
    })
  })

  test('omits event_data when every value is empty', () => {
    const winlog = winlogFields(
      withSystem('', '<EventData><Data Name="x"/><Data></Data></EventData>'),
    )
    assert.equal(winlog.event_data, undefined)
  })

  test('keeps a record id beyond 2^53 as decimal text', () => {
    const winlog = winlogFields(withSystem('<EventRecordID>18446744073709551615</EventRecordID>'))
    assert.equal(winlog.record_id, '18446744073709551615')
  })

  test('reads a __proto__ data name as an ordinary key', () => {
    const winlog = winlogFields(
      withSystem('', '<EventData><Data Name="__proto__">x</Data></EventData>'),
    )
    assert.deepEqual(Object.keys(winlog.event_data ?? {}), ['__proto__'])
  })
})

describe('ecsTimestamp', () => {
  const cases: [string, string | undefined][] = [
    ['2021-04-27T15:03:17.762951800Z', '2021-04-27T15:03:17.762Z'],
    ['2022-03-22T02:03:11.5455572Z', '2022-03-22T02:03:11.545Z'],
    ['2013-10-23 16:22:39.973499', '2013-10-23T16:22:39.973Z'],
    ['2021-01-30T09:13:13Z', '2021-01-30T09:13:13.000Z'],
    ['2021-01-30T09:13:13.5+02:00', '2021-01-30T07:13:13.500Z'],
    ['yesterday', undefined],
    ['', undefined],
  ]
  for (const [input, expected] of cases) {
    test(`converts ${JSON.stringify(input)}`, () => {
      assert.equal(ecsTimestamp(input), expected)
    })
  }
})
