import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { parseKqlOrThrow } from '../../kql/index.ts'
import { compileKql } from './index.ts'
import type { CompileKqlOptions } from './index.ts'

// the worked cases of kql-semantics.md §5, by row number; queries are the decoded KQL text
const NOW = Date.parse('2026-03-15T10:00:00Z')

function matches(
  query: string,
  event: Record<string, unknown>,
  options: CompileKqlOptions = {},
): boolean {
  const compiled = compileKql(parseKqlOrThrow(query), { now: NOW, ...options })
  assert.ok(compiled.ok, JSON.stringify(compiled.diagnostics))

  return compiled.value.matches(event)
}

type Row = [number, string, Record<string, unknown>, boolean]

const ROWS: Row[] = [
  [1, 'host.os.type:windows', { host: { os: { type: 'Windows' } } }, false],
  [2, 'event.category:process', { event: { category: ['process', 'file'] } }, true],
  [3, 'event.code:"4656"', { event: { code: 4656 } }, true],
  [
    4,
    'destination.port >= 5800 and destination.port <= 5810',
    { destination: { port: '5805' } },
    true,
  ],
  [
    4,
    'destination.port >= 5800 and destination.port <= 5810',
    { destination: { port: '5900' } },
    false,
  ],
  [
    5,
    'destination.port >= 5800 and destination.port <= 5810',
    { destination: { port: [1, 9000] } },
    true,
  ],
  [6, 'process.name:(CMD.EXE or Cmd.exe or cmd.exe)', { process: { name: 'cMd.exe' } }, false],
  [7, 'process.name.caseless:("cmd.exe" or "wscript.exe")', { process: { name: 'CMD.EXE' } }, true],
  [8, 'process.name:cmd.exe powershell.exe', { process: { name: 'cmd.exe' } }, false],
  [
    9,
    'winlog.event_data.ObjectName : *\\\\Windows\\\\System32\\\\lsass.exe',
    {
      winlog: {
        event_data: { ObjectName: '\\Device\\HarddiskVolume3\\Windows\\System32\\lsass.exe' },
      },
    },
    true,
  ],
  [
    10,
    'winlog.event_data.ObjectName : *\\\\Windows\\\\System32\\\\lsass.exe',
    {
      winlog: {
        event_data: { ObjectName: '\\Device\\HarddiskVolume3\\windows\\system32\\lsass.exe' },
      },
    },
    false,
  ],
  [
    11,
    'not winlog.event_data.ProcessName : ("C:\\Windows\\System32\\svchost.exe")',
    { winlog: { event_data: { ProcessName: 'C:\\Windows\\System32\\svchost.exe' } } },
    false,
  ],
  [
    12,
    'not file.directory: "C:\\Program Files\\LogicMonitor\\Agent\\tmp"',
    { file: { directory: 'C:\\Program Files\\LogicMonitor\\Agent\\tmp' } },
    true,
  ],
  [
    13,
    'powershell.file.script_block_text : "\\microsoft\\windows\\currentversion\\explorer\\runmru"',
    {
      powershell: {
        file: { script_block_text: 'x \\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU y' },
      },
    },
    false,
  ],
  [
    14,
    'process.args:"C:\\Program Files\\WinRAR\\uninstall.exe"',
    { process: { args: ['C:\\Program Files\\WinRAR\\uninstall.exe'] } },
    true,
  ],
  [
    15,
    'file.path:*/AppData/Local/GitHub?Copilot/*',
    { file: { path: 'C:/Users/a/AppData/Local/GitHub Copilot/x' } },
    false,
  ],
  [
    16,
    'kubernetes.audit.requestURI:/api/v1/secrets?limit*',
    { kubernetes: { audit: { requestURI: '/api/v1/secrets?limit=500' } } },
    true,
  ],
  [17, 'process.name:.*', { process: { name: '.x11' } }, true],
  [17, 'process.name:.*', { process: { name: 'a.out' } }, false],
  [
    18,
    'event.action:google.iam.admin.v*.SetIAMPolicy',
    { event: { action: 'google.iam.admin.v1.SetIamPolicy' } },
    false,
  ],
  [
    19,
    'kubernetes.audit.requestObject.spec.containers.image:(ubuntu\\:*)',
    {
      kubernetes: {
        audit: {
          requestObject: { spec: { containers: { image: 'docker.io/library/ubuntu:22.04' } } },
        },
      },
    },
    false,
  ],
  [20, 'process.args:(\\(git)', { process: { args: ['cmd', '(git', 'pull'] } }, true],
  [
    21,
    'user_agent.original:(*S3 Browser*)',
    { user_agent: { original: 'S3 Browser/11.5.7 https://s3browser.com' } },
    true,
  ],
  [21, 'user_agent.original:(*S3 Browser*)', { user_agent: { original: 'aws-sdk S3' } }, false],
  [23, 'process.args:(* curl*)', { process: { args: ['sh', '-c', 'cd /tmp; curl x'] } }, true],
  [23, 'process.args:(* curl*)', { process: { args: ['curl', '-O'] } }, false],
  [24, 'process.command_line:* curl*', { process: { command_line: 'whoami' } }, true],
  [
    25,
    'process.command_line:(* and not "\\"cmd.exe\\" /C sc control hptpsmarthealthservice 211")',
    { process: { command_line: '"cmd.exe" /C sc control hptpsmarthealthservice 211' } },
    false,
  ],
  [
    26,
    'url.path:"*splunkd/__raw/v1/postgres/recovery/*"',
    { url: { path: '/en-US/splunkd/__raw/v1/postgres/recovery/restore' } },
    false,
  ],
  [
    27,
    'winlog.event_data.ShareName:"\\\\\\\\*\\\\IPC$"',
    { winlog: { event_data: { ShareName: '\\\\*\\IPC$' } } },
    true,
  ],
  [
    28,
    'message:segfault and message:(beacon-chain)',
    { message: 'rpc-chain[4711]: segfault at 0 ip 0 sp 0 error 4' },
    true,
  ],
  [28, 'message:segfault and message:(beacon-chain)', { message: 'segfault in chain.so' }, false],
  [29, 'message:"command not found"', { message: 'bash: foo: Command Not Found' }, true],
  [29, 'message:"command not found"', { message: 'command was not found' }, false],
  [
    30,
    'powershell.file.script_block_text : "Reflection.Emit.OpCodes"',
    { powershell: { file: { script_block_text: '[System.Reflection.Emit.OpCodes]::Ldarg_0' } } },
    true,
  ],
  [
    31,
    'powershell.file.script_block_text : psenum',
    { powershell: { file: { script_block_text: '$x = Get-PSEnum' } } },
    false,
  ],
  [
    31,
    'powershell.file.script_block_text : psenum',
    { powershell: { file: { script_block_text: 'function PSEnum {' } } },
    true,
  ],
  [
    32,
    'powershell.file.script_block_text : "-FilePath"',
    { powershell: { file: { script_block_text: 'Export -FilePath \\\\srv\\x.pst' } } },
    true,
  ],
  [
    32,
    'powershell.file.script_block_text : "-FilePath"',
    { powershell: { file: { script_block_text: '$FilePath = 1' } } },
    false,
  ],
  [33, 'source.ip:(10.0.0.0/8 or 172.16.0.0/12)', { source: { ip: '10.1.2.3' } }, true],
  [33, 'source.ip:(10.0.0.0/8 or 172.16.0.0/12)', { source: { ip: '::ffff:10.1.2.3' } }, true],
  [33, 'source.ip:(10.0.0.0/8 or 172.16.0.0/12)', { source: { ip: '11.0.0.1' } }, false],
  [34, 'destination.ip:"FE80::/10"', { destination: { ip: 'fe80::1' } }, true],
  [35, 'not source.ip:(10.0.0.0/8)', {}, true],
  [35, 'not source.ip:(10.0.0.0/8)', { source: { ip: 'unknown' } }, true],
  [
    36,
    'o365.audit.Parameters.WithinSizeRangeMinimum <= 1023',
    { o365: { audit: { Parameters: { WithinSizeRangeMinimum: '500' } } } },
    false,
  ],
  [
    36,
    'o365.audit.Parameters.WithinSizeRangeMinimum <= 1023',
    { o365: { audit: { Parameters: { WithinSizeRangeMinimum: '10000' } } } },
    true,
  ],
  [37, '@timestamp >= "now-30d/d"', { '@timestamp': '2026-02-13T00:00:00Z' }, true],
  [37, '@timestamp >= "now-30d/d"', { '@timestamp': '2026-02-12T23:59:59.999Z' }, false],
  [38, 'process.code_signature.trusted:false', {}, false],
  [38, 'not process.code_signature.trusted:true', {}, true],
  [
    39,
    'o365.audit.ModifiedProperties.ShareWithGuests.NewValue:(true or "Enabled")',
    { o365: { audit: { ModifiedProperties: { ShareWithGuests: { NewValue: 'True' } } } } },
    false,
  ],
  [
    39,
    'o365.audit.ModifiedProperties.ShareWithGuests.NewValue:(true or "Enabled")',
    { o365: { audit: { ModifiedProperties: { ShareWithGuests: { NewValue: 'true' } } } } },
    true,
  ],
  [
    40,
    'aws.cloudtrail.flattened.request_parameters.withDecryption:true',
    { aws: { cloudtrail: { flattened: { request_parameters: { withDecryption: true } } } } },
    true,
  ],
  [41, 'file.hash.*:* or process.hash.*:*', { file: { hash: { sha256: 'ab12' } } }, true],
  [41, 'file.hash.*:* or process.hash.*:*', { file: { name: 'x' } }, false],
  [
    42,
    'azure.auditlogs.properties.target_resources.*.display_name:guest',
    {
      azure: {
        auditlogs: {
          properties: {
            target_resources: { 0: { display_name: 'Guest' }, 1: { display_name: 'guest' } },
          },
        },
      },
    },
    true,
  ],
  [
    43,
    'gcp.audit.service_data.policy_delta.binding_deltas:{ action:"ADD" and role:("roles/iam.serviceAccountUser" or "roles/owner") }',
    {
      gcp: {
        audit: {
          service_data: {
            policy_delta: {
              binding_deltas: [
                { action: 'REMOVE', role: 'roles/iam.serviceAccountUser' },
                { action: 'ADD', role: 'roles/viewer' },
              ],
            },
          },
        },
      },
    },
    false,
  ],
  [
    43,
    'gcp.audit.service_data.policy_delta.binding_deltas.action:"ADD" and gcp.audit.service_data.policy_delta.binding_deltas.role:"roles/iam.serviceAccountUser"',
    {
      gcp: {
        audit: {
          service_data: {
            policy_delta: {
              binding_deltas: [
                { action: 'REMOVE', role: 'roles/iam.serviceAccountUser' },
                { action: 'ADD', role: 'roles/viewer' },
              ],
            },
          },
        },
      },
    },
    true,
  ],
  [
    44,
    'process.args:(*confluence/conf/server.xml\n  */.config/gcloud/application_default_credentials.json or *.aws/credentials)',
    { process: { args: ['/home/u/.config/gcloud/application_default_credentials.json'] } },
    false,
  ],
  [45, 'process.name:(* and not (dnf or yum))', { process: { name: 'yum' } }, false],
  [45, 'process.name:(* and not (dnf or yum))', { process: { name: 'curl' } }, true],
  [45, 'process.name:(* and not (dnf or yum))', {}, false],
  [46, 'process.parent.name:(a or b and c)', { process: { parent: { name: ['b'] } } }, false],
  [46, 'process.parent.name:(a or b and c)', { process: { parent: { name: ['b', 'c'] } } }, true],
  [46, 'process.parent.name:(a or b and c)', { process: { parent: { name: 'a' } } }, true],
  [
    47,
    'event.category:process AND NOT process.name:foo',
    { event: { category: 'process' }, process: { name: 'bar' } },
    true,
  ],
  [49, 'host.os.type:linux', { 'host.os.type': 'linux' }, true],
  [
    50,
    'process.args:*base64*',
    { process: { args: [`${'a'.repeat(1000)}base64${'b'.repeat(994)}`] } },
    false,
  ],
  [51, 'http.request.method:*', { http: { request: { method: '' } } }, true],
  [51, 'http.request.method:*', { http: { request: { method: null } } }, false],
  [51, 'http.request.method:*', { http: { request: { method: [] } } }, false],
  [52, 'data_stream.dataset:okta.system', { data_stream: { dataset: 'okta.system' } }, true],
  [53, 'mimikatz', { process: { name: 'mimikatz.exe' } }, false],
  [53, 'mimikatz', { message: 'ran mimikatz today' }, true],
]

describe('kql-semantics §5 worked cases', () => {
  for (const [row, query, event, expected] of ROWS) {
    test(`row ${row}: ${JSON.stringify(query)} on ${JSON.stringify(event).slice(0, 80)} is ${expected}`, () => {
      assert.equal(matches(query, event), expected)
    })
  }

  test('row 22: a wildcard on a wildcard-typed field splits at whitespace (query_string)', () => {
    const options: CompileKqlOptions = {
      fieldSpec: (name) => (name === 'user_agent.original' ? { type: 'wildcard' } : undefined),
    }
    assert.equal(
      matches(
        'user_agent.original:(*S3 Browser*)',
        { user_agent: { original: 'aws-sdk S3' } },
        options,
      ),
      true,
    )
  })

  test('row 48: "not" followed by a space ends a value even inside a word', () => {
    assert.doesNotThrow(() => parseKqlOrThrow('process.name:notepad.exe'))
    assert.throws(() => parseKqlOrThrow('process.name:cannot be'), { code: 'ERR_KQL_SYNTAX' })
  })

  test('row 54: a non-number on a long field fails the rule', () => {
    const compiled = compileKql(parseKqlOrThrow('destination.port:https'))
    assert.equal(compiled.ok, false)
    assert.equal(compiled.diagnostics[0]?.code, 'ERR_KQL_INVALID_NUMBER')
  })
})
