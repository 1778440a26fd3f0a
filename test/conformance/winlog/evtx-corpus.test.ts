import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { readEvtx } from '../../../src/sources/evtx/index.ts'
import { mapWindowsEvent } from '../../../src/sources/winlog/index.ts'
import { readManifest } from '../evtx/corpus.ts'
import { CORPUS, fieldAt, hasCorpus, mappedRecord, noCorpus } from './corpus.ts'

/**
 * Real records of the shared corpus, read by Vigil's EVTX reader and mapped to ECS. The expected
 * values were written from each record's content (as `evtxexport -f xml` shows it) and the mapping
 * rules of Elastic's pipelines; hexadecimal values appear as Windows renders them (`0x3e7`).
 */
interface Case {
  readonly file: string
  readonly code: string
  readonly nth?: number
  readonly expect: Record<string, unknown>
}

const EA = 'EVTX-ATTACK-SAMPLES/'
const EM = 'EVTX-to-MITRE-Attack/'

const SYSMON: Case[] = [
  {
    file: `${EA}Execution/exec_sysmon_1_rundll32_pcwutl_LaunchApplication.evtx`,
    code: '1',
    expect: {
      '@timestamp': '2019-05-12T17:09:02.275Z',
      'event.category': ['process'],
      'event.type': ['start'],
      'host.name': 'IEWIN7',
      'process.entity_id': '{365ABB72-532E-5CD8-0000-00106C222700}',
      'process.pid': 1528,
      'process.executable': 'C:\\Windows\\System32\\rundll32.exe',
      'process.name': 'rundll32.exe',
      'process.args': [
        'C:\\Windows\\System32\\rundll32.exe',
        'pcwutl.dll,LaunchApplication',
        'c:\\Windows\\system32\\calc.exe',
      ],
      'process.args_count': 3,
      'process.parent.name': 'cmd.exe',
      'process.parent.pid': 3788,
      'process.parent.args': ['C:\\Windows\\system32\\cmd.exe'],
      'process.hash.md5': 'c648901695e275c8f2ad04b687a68ce2',
      'process.pe.imphash': '239d911dfa7551a8b735680bc39b2238',
      'process.pe.description': 'Windows host process (Rundll32)',
      user: { id: 'S-1-5-18', domain: 'IEWIN7', name: 'IEUser' },
      'winlog.event_data.LogonId': '0x135f2',
      'winlog.event_data.IntegrityLevel': 'Medium',
    },
  },
  {
    file: `${EA}Lateral Movement/LM_DCOM_MSHTA_LethalHTA_Sysmon_3_1.evtx`,
    code: '3',
    expect: {
      '@timestamp': '2019-05-14T01:29:00.318Z',
      'event.type': ['start', 'connection', 'protocol'],
      network: {
        transport: 'tcp',
        direction: 'ingress',
        type: 'ipv4',
        community_id: '1:Rt/qytXRwsrYGBY6BMNb35hDtsA=',
      },
      source: { ip: '10.0.2.16', domain: 'IEWIN7', port: 49168 },
      destination: { ip: '10.0.2.17', port: 55683 },
      'process.name': 'mshta.exe',
      'related.ip': ['10.0.2.16', '10.0.2.17'],
      'winlog.event_data': undefined,
    },
  },
  {
    file: `${EA}Lateral Movement/LM_ImageLoad_NFSH_Sysmon_7.evtx`,
    code: '7',
    expect: {
      'event.category': ['process', 'library'],
      'event.action': ['Image loaded', 'load'],
      'process.name': 'lsass.exe',
      'file.path': '\\\\172.16.66.254\\shared\\lsadb.dll',
      'file.name': 'lsadb.dll',
      'file.code_signature': { status: 'Unavailable', signed: false, trusted: false },
      'dll.name': 'lsadb.dll',
      'dll.hash.sha256': '266e4e2970ffb24ee63108f25aac6ee8359f86728d045097d6e6309ce249bd70',
      'dll.pe.imphash': '8def796746dd54062d5b3186eef39356',
      'dll.code_signature': { signed: false, status: 'Unavailable' },
      'process.pe': undefined,
    },
  },
  {
    file: `${EA}Defense Evasion/meterpreter_migrate_to_explorer_sysmon_8.evtx`,
    code: '8',
    expect: {
      'event.action': 'CreateRemoteThread',
      process: {
        entity_id: '{365ABB72-F7C9-5CC7-0000-0010BF010E00}',
        pid: 3772,
        executable: '\\\\vboxsrv\\HTools\\m.exe',
        name: 'm.exe',
      },
      'winlog.event_data.TargetImage': 'C:\\Windows\\explorer.exe',
      'winlog.event_data.TargetProcessGUID': '{365ABB72-F6C9-5CC7-0000-0010135F0600}',
      'winlog.event_data.StartAddress': '0x02060000',
    },
  },
  {
    file: `${EA}Credential Access/sysmon_10_lsass_mimikatz_sekurlsa_logonpasswords.evtx`,
    code: '10',
    expect: {
      'event.type': ['access'],
      'process.entity_id': '{365ABB72-A1E3-5C8E-0000-0010CEF72200}',
      'process.pid': 3588,
      'process.thread.id': 2272,
      'process.name': 'mimikatz.exe',
      'winlog.event_data.TargetImage': 'C:\\Windows\\system32\\lsass.exe',
      'winlog.event_data.GrantedAccess': '0x1010',
      'host.name': 'PC04.example.corp',
    },
  },
  {
    file: `${EA}Credential Access/CA_Mimikatz_Memssp_Default_Logs_Sysmon_11.evtx`,
    code: '11',
    expect: {
      'event.category': ['file'],
      'event.type': ['creation'],
      file: {
        path: 'C:\\Windows\\System32\\mimilsa.log',
        name: 'mimilsa.log',
        directory: 'C:\\Windows\\System32',
        extension: 'log',
      },
      'process.name': 'lsass.exe',
      rule: undefined,
      'winlog.event_data': { CreationUtcTime: '2020-09-11 12:10:22.357' },
    },
  },
  {
    file: `${EA}Defense Evasion/de_PsScriptBlockLogging_disabled_sysmon12_13.evtx`,
    code: '12',
    expect: {
      'rule.name': 'Defense Evasion - PowerShell Audit Settings Changed',
      registry: {
        path: 'HKLM\\SOFTWARE\\Wow6432Node\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging\\EnableScriptBlockLogging',
        hive: 'HKLM',
        key: 'SOFTWARE\\Wow6432Node\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging\\EnableScriptBlockLogging',
        value: 'EnableScriptBlockLogging',
      },
      'winlog.event_data': { EventType: 'DeleteValue' },
    },
  },
  {
    file: `${EA}Defense Evasion/de_PsScriptBlockLogging_disabled_sysmon12_13.evtx`,
    code: '13',
    expect: {
      'event.action': 'RegistryEvent (Value Set)',
      'registry.value': 'EnableScriptBlockLogging',
      'registry.data': { strings: ['0'], type: 'SZ_DWORD' },
      'process.name': 'reg.exe',
    },
  },
  {
    file: 'DeepBlueCLI/evtx/sliver-sysmon.evtx',
    code: '22',
    expect: {
      'dns.question.name': '_ldap._tcp.Default-First-Site-Name._sites.dc._msdcs.VALKYRIE',
      'dns.answers': undefined,
      'network.protocol': 'dns',
      'sysmon.dns.status': 'ERROR_TIMEOUT',
      'related.hosts': ['_ldap._tcp.Default-First-Site-Name._sites.dc._msdcs.VALKYRIE'],
      user: { id: 'S-1-5-18', domain: 'NT AUTHORITY', name: 'SYSTEM' },
    },
  },
  {
    file: 'hayabusa-sample-evtx/YamatoSecurity/DefenseEvasion/T1218.004_SignedBinaryProxyExecutionInstallUtil_Sysmon.evtx',
    code: '23',
    expect: {
      'event.type': ['deletion'],
      'file.path':
        'C:\\Users\\pc1-user\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\sysmon.evtx.lnk',
      'file.extension': 'lnk',
      'process.hash': {
        sha256: 'e6b3f7ef5ec78452d1aeb9a6d715e371921b31fa8e2175271c74cac20917b5f3',
        sha1: '3f6d19ce07af1b354560ffcb782d32a60064909d',
        md5: '306e6cbf14f119bb67860cc98d5aa419',
      },
      'process.pe': undefined,
      sysmon: { file: { archived: true, is_executable: false } },
      'related.user': ['pc1-user'],
    },
  },
]

const SECURITY: Case[] = [
  {
    file: `${EA}Privilege Escalation/privesc_KrbRelayUp_windows_4624.evtx`,
    code: '4624',
    expect: {
      'event.action': 'logged-in',
      'event.outcome': 'success',
      user: {
        id: 'S-1-5-21-308926384-506822093-3341789130-500',
        name: 'Administrator',
        domain: 'THREEBEESCO.COM',
      },
      source: { ip: '127.0.0.1', port: 50163 },
      'process.pid': 0,
      'winlog.logon': { type: 'Network', id: '0x0' },
      'winlog.event_data.TargetLogonId': '0x8a38de',
      'winlog.event_data.ElevatedToken': '%%1842',
      'winlog.event_data.WorkstationName': undefined,
    },
  },
  {
    file: `${EM}TA0001-Initial access/T1078-Valid accounts/ID4625-failed login with denied access due to account restriction.evtx`,
    code: '4625',
    expect: {
      'event.outcome': 'failure',
      user: { id: 'S-1-0-0' },
      process: {
        pid: 4880,
        executable: 'C:\\Windows\\System32\\winlogon.exe',
        name: 'winlogon.exe',
      },
      source: { ip: '10.23.23.9', port: 0 },
      'winlog.logon': {
        type: 'RemoteInteractive',
        id: '0x3e7',
        failure: {
          reason: 'Unknown user name or bad password.',
          status: 'Unknown user name or bad password.',
          sub_status: 'Status OK.',
        },
      },
    },
  },
  {
    file: `${EM}TA0002-Execution/T1053.005-Scheduled Task/ID4688-Scheduled task creation.evtx`,
    code: '4688',
    expect: {
      'event.action': 'created-process',
      process: {
        pid: 7704,
        executable: 'C:\\Windows\\System32\\schtasks.exe',
        name: 'schtasks.exe',
        parent: { executable: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe', pid: 3284 },
        args: [
          'schtasks',
          '/create',
          '/s',
          'fs02',
          '/tn',
          'tasks_test_hacker2',
          '/tr',
          'myapp.exe',
          '/sc',
          'daily',
          '/mo',
          '10',
        ],
        command_line:
          'schtasks  /create /s fs02 /tn tasks_test_hacker2 /tr myapp.exe /sc daily /mo 10',
      },
      user: {
        id: 'S-1-5-21-4230534742-2542757381-3142984815-1158',
        name: 'lambda-user',
        domain: 'OFFSEC',
        effective: { id: 'S-1-0-0' },
      },
      'winlog.logon.id': '0x1d41a5fa',
    },
  },
  {
    file: `${EM}TA0003-Persistence/T1543.003-Create or Modify System Process-Windows Service/ID4697-MSF payload deployed via service.evtx`,
    code: '4697',
    expect: {
      'event.action': 'service-installed',
      service: { name: 'iOWamcEn', type: 'Win32 Own Process' },
      'user.name': 'admmig',
      'winlog.event_data.ServiceStartType': '3',
      'winlog.event_data.ServiceAccount': 'LocalSystem',
    },
  },
  {
    file: `${EA}Execution/temp_scheduled_task_4698_4699.evtx`,
    code: '4698',
    expect: {
      'event.category': ['iam', 'configuration'],
      'event.action': 'scheduled-task-created',
      user: {
        id: 'S-1-5-21-1587066498-1489273250-1035260531-500',
        name: 'Administrator',
        domain: 'EXAMPLE',
      },
      'winlog.event_data.TaskName': '\\CYAlyNSS',
    },
  },
  {
    file: `${EM}TA0003-Persistence/T1136-Create account/ID4720-Admin like user created.evtx`,
    code: '4720',
    expect: {
      'event.action': 'added-user-account',
      'user.target': {
        id: 'S-1-5-21-4230534742-2542757381-3142984815-1166',
        name: 'admin-kriss',
        domain: 'OFFSEC',
      },
      'user.name': 'lambda-user',
      'related.user': ['lambda-user', 'admin-kriss'],
      'winlog.event_data.NewUACList': ['SCRIPT', 'LOCKOUT'],
      'winlog.event_data.UserAccountControl': ['2080', '2082', '2084'],
      'winlog.event_data.UserPrincipalName': 'admin-kriss@offsec.lan',
      'winlog.event_data.HomeDirectory': undefined,
    },
  },
  {
    file: `${EM}TA0003-Persistence/T1098.xxx-Account manipulation/ID4732-DNSadmin new member added.evtx`,
    code: '4732',
    expect: {
      'event.action': 'added-member-to-group',
      group: {
        id: 'S-1-5-21-4230534742-2542757381-3142984815-1101',
        name: 'DnsAdmins',
        domain: 'OFFSEC',
      },
      'user.target.name': 'Test-ADM',
      'user.target.domain': 'lan',
      'user.name': 'admmig',
      'related.user': ['Test-ADM', 'admmig'],
    },
  },
  {
    file: `${EM}TA0006-Credential Access/T1558-Steal or Forge Kerberos Tickets/ID4768-Kerberos AS-REP Roasting.evtx`,
    code: '4768',
    expect: {
      'event.action': 'kerberos-authentication-ticket-requested',
      user: {
        id: 'S-1-5-21-4230534742-2542757381-3142984815-1620',
        name: 'admin-test',
        domain: 'offsec.lan',
      },
      source: { ip: '10.23.23.9', port: 51335 },
      'service.name': 'krbtgt',
      'winlog.event_data.TicketOptionsDescription': ['Forwardable', 'Renewable', 'Renewable-ok'],
      'winlog.event_data.TicketEncryptionTypeDescription': 'RC4-HMAC',
      'winlog.event_data.StatusDescription': 'KDC_ERR_NONE',
      'winlog.event_data.PreAuthType': '0',
    },
  },
  {
    file: 'hayabusa-sample-evtx/YamatoSecurity/CredentialAccess/T1558.003_StealOrForgeKerberosTicketsKerberoasting_Security.evtx',
    code: '4769',
    expect: {
      'event.action': 'kerberos-service-ticket-requested',
      user: { name: 'Alice', domain: 'LABCORP.LOCAL' },
      'service.name': 'sql101',
      source: { ip: '192.168.1.200', port: 55978 },
      'winlog.event_data.TicketEncryptionTypeDescription': 'RC4-HMAC',
      'winlog.event_data.TargetUserName': 'Alice@LABCORP.LOCAL',
    },
  },
  {
    file: `${EM}TA0003-Persistence/T1098.xxx-Account manipulation/ID4742,5136-SPN set on computer account.evtx`,
    code: '5136',
    expect: {
      'event.category': ['iam', 'configuration'],
      'event.action': 'directory-service-object-modified',
      user: {
        id: 'S-1-5-21-4230534742-2542757381-3142984815-1158',
        name: 'lambda-user',
        domain: 'OFFSEC',
      },
      'winlog.logon.id': '0x6552cbb',
      'winlog.event_data.AttributeLDAPDisplayName': 'servicePrincipalName',
      'winlog.event_data.ObjectGUID': '{E360F654-725E-48BD-8169-10B17FBDD4D5}',
      'winlog.event_data.ObjectClass': 'computer',
    },
  },
  {
    file: `${EM}TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID5140-ADMIN$ share connection with Golden ticket.evtx`,
    code: '5140',
    expect: {
      'event.category': ['network', 'file'],
      'event.action': 'network-share-object-accessed',
      'user.name': 'not_existing_user',
      source: { ip: '10.23.23.9', port: 50272 },
      file: { directory: '\\??\\C:\\Windows' },
      'winlog.event_data.AccessListDescription': ['ReadData (or ListDirectory)'],
      'winlog.event_data.ShareName': '\\\\*\\ADMIN$',
    },
  },
  {
    file: `${EA}Lateral Movement/LM_Remote_Service01_5145_svcctl.evtx`,
    code: '5145',
    expect: {
      'event.action': 'network-share-object-access-checked',
      file: { name: 'svcctl', target_path: '\\\\*\\IPC$\\svcctl' },
      source: { ip: '10.0.2.17', port: 49230 },
      'user.name': 'Administrator',
      // the codes are split at any white space, as the pipeline splits them
      'winlog.event_data.AccessList': [
        '1538',
        '1541',
        '4416',
        '4417',
        '4418',
        '4419',
        '4420',
        '4423',
        '4424',
      ],
      'winlog.event_data.AccessListDescription': [
        'READ_CONTROL',
        'SYNCHRONIZE',
        'ReadData (or ListDirectory)',
        'WriteData (or AddFile)',
        'AppendData (or AddSubdirectory or CreatePipeInstance)',
        'ReadEA',
        'WriteEA',
        'ReadAttributes',
        'WriteAttributes',
      ],
      'winlog.event_data.AccessMask': ['0x12019f'],
    },
  },
  {
    file: 'hayabusa-sample-evtx/YamatoSecurity/CredentialAccess/T1558.003_StealOrForgeKerberosTicketsKerberoasting_Security.evtx',
    code: '1102',
    expect: {
      'event.action': 'audit-log-cleared',
      'event.provider': 'Microsoft-Windows-Eventlog',
      user: {
        id: 'S-1-5-21-2662618741-3450174888-1698379039-500',
        name: 'Administrator',
        domain: 'LABCORP',
      },
      'winlog.logon.id': '0x88324',
      'winlog.user_data.xml_name': 'LogFileCleared',
    },
  },
]

const POWERSHELL_AND_SYSTEM: Case[] = [
  {
    file: `${EA}Credential Access/phish_windows_credentials_powershell_scriptblockLog_4104.evtx`,
    code: '4104',
    expect: {
      'event.action': 'Execute a Remote Command',
      'log.level': 'warning',
      'powershell.file.script_block_id': '37f6d110-cfdf-4118-8748-17638e258531',
      'powershell.sequence': 1,
      'powershell.total': 1,
      'user.id': 'S-1-5-21-3461203602-4096304019-2269080069-1000',
      'winlog.activity_id': '{B5ABE6C2-675C-0000-AAFD-ABB55C67D501}',
      'winlog.event_data': undefined,
    },
  },
  {
    file: `${EM}TA0007-Discovery/T1087-Account discovery/ID800 - SPN discovery (PowerShell).evtx`,
    code: '400',
    expect: {
      'event.type': ['start'],
      'event.sequence': 412,
      'powershell.engine': { new_state: 'Available', previous_state: 'None', version: '4.0' },
      'powershell.runspace_id': '087544e4-6858-46d4-be10-88650118e46b',
      'process.entity_id': 'be63031a-47ad-452d-836b-10da34712494',
      'process.title': 'Default Host',
      'process.args': ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
      'winlog.event_data': undefined,
    },
  },
  {
    file: `${EA}Other/emotet/exec_emotet_ps_800_get-item.evtx`,
    code: '800',
    expect: {
      'event.sequence': 27,
      user: { domain: 'DESKTOP-RIPCLIP', name: 'Clippy' },
      'powershell.pipeline_id': '6',
      'powershell.command.invocation_details': [
        { type: 'CommandInvocation', related_command: 'Get-Item', value: '"Get-Item"' },
        {
          type: 'ParameterBinding',
          related_command: 'Get-Item',
          name: '"Path"',
          value: '"C:\\Users\\Clippy\\AppData\\Local\\Temp\\word\\2019\\Dyxxur4gx.exe"',
        },
      ],
      'process.command_line': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'winlog.keywords': ['Classic'],
    },
  },
  {
    file: `${EA}Privilege Escalation/System_7045_namedpipe_privesc.evtx`,
    code: '7045',
    expect: {
      event: {
        kind: 'event',
        code: '7045',
        provider: 'Service Control Manager',
        action: 'None',
        module: 'system',
        dataset: 'system.system',
      },
      'winlog.record_id': 10446,
      'winlog.user.identifier': 'S-1-5-21-3583694148-1414552638-2922671848-1000',
      'winlog.event_data': {
        ServiceName: 'WinPwnage',
        ImagePath:
          "%COMSPEC% /c ping -n 1 127.0.0.1 >nul && echo 'WinPwnage' > \\\\.\\pipe\\WinPwnagePipe",
        ServiceType: 'user mode service',
        StartType: 'demand start',
        AccountName: 'LocalSystem',
      },
    },
  },
]

describe('corpus records mapped to ECS', () => {
  for (const [family, cases] of [
    ['Sysmon', SYSMON],
    ['Security', SECURITY],
    ['PowerShell and System', POWERSHELL_AND_SYSTEM],
  ] as const) {
    for (const { file, code, nth, expect } of cases) {
      test(`maps ${family} ${code} from ${file.slice(file.lastIndexOf('/') + 1)}`, async (t) => {
        if (!hasCorpus('evtx')) {
          t.skip(noCorpus('evtx'))

          return
        }
        const doc = await mappedRecord(file, code, nth)
        for (const [path, value] of Object.entries(expect))
          assert.deepEqual(fieldAt(doc, path), value, path)
      })
    }
  }
})

describe('the whole EVTX corpus', () => {
  test('maps every record with the invariants Elastic documents keep', async (t) => {
    if (!hasCorpus('evtx')) {
      t.skip(noCorpus('evtx'))

      return
    }
    let records = 0
    const byDataset = new Map<string, number>()
    for (const { path: file } of readManifest()) {
      for await (const item of readEvtx(`${CORPUS}evtx/${file}`)) {
        if (item.kind !== 'record') continue
        const doc = mapWindowsEvent(item.record.event, { filePath: file })
        records++
        assertInvariants(doc, file)
        const dataset = fieldAt(doc, 'event.dataset')
        const key = typeof dataset === 'string' ? dataset : 'other'
        byDataset.set(key, (byDataset.get(key) ?? 0) + 1)
      }
    }
    t.diagnostic(`${records} records: ${JSON.stringify(Object.fromEntries(byDataset))}`)
    assert.ok(records > 18000, `only ${records} records`)
  })
})

const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

function assertInvariants(doc: Record<string, unknown>, file: string): void {
  const where = `${file} record ${String(fieldAt(doc, 'winlog.record_id'))}`
  assert.equal(fieldAt(doc, 'event.kind'), 'event', where)
  assert.equal(fieldAt(doc, 'event.code'), fieldAt(doc, 'winlog.event_id'), where)
  assert.equal(fieldAt(doc, 'host.os.type'), 'windows', where)
  const timestamp = doc['@timestamp']
  if (timestamp !== undefined)
    assert.match(typeof timestamp === 'string' ? timestamp : '', TIMESTAMP_RE, where)
  const data = fieldAt(doc, 'winlog.event_data')
  if (data !== undefined) {
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      assert.notEqual(value, '', `${where} event_data.${key} is empty`)
    }
  }
  const args = fieldAt(doc, 'process.args')
  if (args !== undefined && fieldAt(doc, 'process.args_count') !== undefined) {
    assert.equal((args as unknown[]).length, fieldAt(doc, 'process.args_count'), where)
  }
}
