import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseEventXmlText } from '../xml/parse.ts'
import type { EcsDocument } from './index.ts'
import { mapWindowsEvent } from './index.ts'

const SUCCESS = '0x8020000000000000'
const FAILURE = '0x8010000000000000'
const ALICE = {
  SubjectUserSid: 'S-1-5-21-1-2-3-1104',
  SubjectUserName: 'alice',
  SubjectDomainName: 'CORP',
  SubjectLogonId: '0x31a5c',
}
const ALICE_USER = { id: 'S-1-5-21-1-2-3-1104', name: 'alice', domain: 'CORP' }

function esc(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

interface Options {
  readonly keywords?: string
  readonly provider?: string
  readonly userData?: string
}

/** A Security channel event as Windows renders it. */
function security(id: number, task: number, data: Record<string, string>, options: Options = {}) {
  const provider = options.provider ?? 'Microsoft-Windows-Security-Auditing'
  const fields = Object.entries(data)
    .map(([name, value]) => `<Data Name='${name}'>${esc(value)}</Data>`)
    .join('')
  const body = options.userData ?? `<EventData>${fields}</EventData>`
  const xml =
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='${provider}' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>` +
    `<EventID>${id}</EventID><Version>1</Version><Level>0</Level><Task>${task}</Task>` +
    `<Opcode>0</Opcode><Keywords>${options.keywords ?? SUCCESS}</Keywords>` +
    `<TimeCreated SystemTime='2022-03-22T02:03:11.5455572Z'/><EventRecordID>987654</EventRecordID>` +
    `<Correlation/><Execution ProcessID='636' ThreadID='700'/><Channel>Security</Channel>` +
    `<Computer>DC01.corp.local</Computer><Security/></System>${body}</Event>`
  const item = [...parseEventXmlText(xml, 'security.xml')][0]
  if (item?.kind !== 'event') throw new Error('fixture does not parse')

  return mapWindowsEvent(item.event)
}

function get(doc: EcsDocument, path: string): unknown {
  let value: unknown = doc
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    value = (value as Record<string, unknown>)[key]
  }

  return value
}

interface Case {
  readonly id: number
  readonly task: number
  readonly title: string
  readonly data: Record<string, string>
  readonly options?: Options
  readonly expect: Record<string, unknown>
}

const cases: Case[] = [
  {
    id: 4624,
    task: 12544,
    title: 'remote interactive logon',
    data: {
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: 'DC01$',
      SubjectDomainName: 'CORP',
      SubjectLogonId: '0x3e7',
      TargetUserSid: 'S-1-5-21-1-2-3-1104',
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      TargetLogonId: '0x8dcdc',
      LogonType: '10',
      LogonProcessName: 'User32 ',
      AuthenticationPackageName: 'Negotiate',
      WorkstationName: 'DC01',
      TransmittedServices: '-',
      LmPackageName: '-',
      KeyLength: '0',
      ProcessId: '0x44c',
      ProcessName: 'C:\\Windows\\System32\\svchost.exe',
      IpAddress: '::ffff:10.1.2.3',
      IpPort: '51234',
      ImpersonationLevel: '%%1833',
      ElevatedToken: '%%1842',
    },
    expect: {
      '@timestamp': '2022-03-22T02:03:11.545Z',
      event: {
        kind: 'event',
        code: '4624',
        provider: 'Microsoft-Windows-Security-Auditing',
        module: 'system',
        dataset: 'system.security',
        category: ['authentication'],
        type: ['start'],
        action: 'logged-in',
        outcome: 'success',
      },
      user: ALICE_USER,
      'related.user': ['alice', 'DC01$'],
      'related.ip': ['10.1.2.3'],
      source: { ip: '10.1.2.3', port: 51234, domain: 'DC01' },
      process: { pid: 1100, executable: 'C:\\Windows\\System32\\svchost.exe', name: 'svchost.exe' },
      'winlog.logon': { type: 'RemoteInteractive', id: '0x3e7' },
      'winlog.task': 'Logon',
      'winlog.record_id': '987654',
      'winlog.event_data': {
        SubjectUserSid: 'S-1-5-18',
        SubjectUserName: 'DC01$',
        SubjectDomainName: 'CORP',
        SubjectLogonId: '0x3e7',
        TargetUserSid: 'S-1-5-21-1-2-3-1104',
        TargetUserName: 'alice',
        TargetDomainName: 'CORP',
        TargetLogonId: '0x8dcdc',
        LogonType: '10',
        LogonProcessName: 'User32 ',
        AuthenticationPackageName: 'Negotiate',
        KeyLength: '0',
        ImpersonationLevel: '%%1833',
        ElevatedToken: '%%1842',
      },
    },
  },
  {
    id: 4625,
    task: 12544,
    title: 'failed network logon',
    options: { keywords: FAILURE },
    data: {
      SubjectUserSid: 'S-1-0-0',
      SubjectUserName: '-',
      SubjectDomainName: '-',
      SubjectLogonId: '0x0',
      TargetUserSid: 'S-1-0-0',
      TargetUserName: 'bob',
      TargetDomainName: 'CORP',
      Status: '0xc000006d',
      FailureReason: '%%2313',
      SubStatus: '0xc000006a',
      LogonType: '3',
      LogonProcessName: 'NtLmSsp ',
      WorkstationName: 'ATTACKER',
      ProcessId: '0x0',
      ProcessName: '-',
      IpAddress: '10.0.0.5',
      IpPort: '0',
    },
    expect: {
      'event.category': ['authentication'],
      'event.action': 'logon-failed',
      'event.outcome': 'failure',
      user: { id: 'S-1-0-0', name: 'bob', domain: 'CORP' },
      'related.user': ['bob'],
      source: { ip: '10.0.0.5', port: 0, domain: 'ATTACKER' },
      process: { pid: 0 },
      'winlog.logon': {
        type: 'Network',
        id: '0x0',
        failure: {
          reason: 'Unknown user name or bad password.',
          status: 'This is either due to a bad username or authentication information',
          sub_status: 'User logon with misspelled or bad password',
        },
      },
    },
  },
  {
    id: 4634,
    task: 12545,
    title: 'logoff',
    data: {
      TargetUserSid: 'S-1-5-21-1-2-3-1104',
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      TargetLogonId: '0x8dcdc',
      LogonType: '3',
    },
    expect: {
      'event.type': ['end'],
      'event.action': 'logged-out',
      user: ALICE_USER,
      'winlog.logon': { type: 'Network', id: '0x8dcdc' },
    },
  },
  {
    id: 4647,
    task: 12545,
    title: 'user initiated logoff',
    data: {
      TargetUserSid: 'S-1-5-21-1-2-3-1104',
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      TargetLogonId: '0x1',
    },
    expect: { 'event.action': 'logged-out', 'winlog.logon.id': '0x1', 'user.name': 'alice' },
  },
  {
    id: 4648,
    task: 12544,
    title: 'logon with explicit credentials',
    data: {
      ...ALICE,
      LogonGuid: '{00000000-0000-0000-0000-000000000000}',
      TargetUserName: 'administrator',
      TargetDomainName: 'CORP',
      TargetServerName: 'dc01.corp.local',
      TargetInfo: 'dc01.corp.local',
      ProcessId: '0x1b0c',
      ProcessName: 'C:\\Windows\\System32\\cmd.exe',
      IpAddress: '-',
      IpPort: '-',
    },
    expect: {
      'event.action': 'logged-in-explicit',
      user: { ...ALICE_USER, effective: { name: 'administrator', domain: 'CORP' } },
      'related.user': ['administrator', 'alice'],
      process: { pid: 6924, executable: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe' },
      source: undefined,
      'winlog.logon.id': '0x31a5c',
    },
  },
  {
    id: 4672,
    task: 12548,
    title: 'special privileges assigned',
    data: {
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: 'SYSTEM',
      SubjectDomainName: 'NT AUTHORITY',
      SubjectLogonId: '0x3e7',
      PrivilegeList:
        'SeAssignPrimaryTokenPrivilege\n\t\t\tSeTcbPrivilege\n\t\t\tSeSecurityPrivilege',
    },
    expect: {
      'event.category': ['iam'],
      'event.type': ['admin'],
      'event.action': 'logged-in-special',
      user: { id: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY' },
      'winlog.event_data.PrivilegeList': [
        'SeAssignPrimaryTokenPrivilege',
        'SeTcbPrivilege',
        'SeSecurityPrivilege',
      ],
    },
  },
  {
    id: 4688,
    task: 13312,
    title: 'process creation',
    data: {
      ...ALICE,
      NewProcessId: '0x1f40',
      NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
      TokenElevationType: '%%1936',
      ProcessId: '0x1b0c',
      CommandLine: 'whoami  "/groups" /fo list',
      TargetUserSid: 'S-1-0-0',
      TargetUserName: '-',
      TargetDomainName: '-',
      TargetLogonId: '0x0',
      ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
      MandatoryLabel: 'S-1-16-8192',
    },
    expect: {
      'event.category': ['process'],
      'event.type': ['start'],
      'event.action': 'created-process',
      user: { ...ALICE_USER, effective: { id: 'S-1-0-0' } },
      process: {
        pid: 8000,
        executable: 'C:\\Windows\\System32\\whoami.exe',
        name: 'whoami.exe',
        parent: { executable: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe', pid: 6924 },
        args: ['whoami', '', '"/groups"', '/fo', 'list'],
        command_line: 'whoami  "/groups" /fo list',
      },
      'related.user': ['alice'],
      'winlog.event_data': {
        ...ALICE,
        TokenElevationType: '%%1936',
        ProcessId: '0x1b0c',
        CommandLine: 'whoami  "/groups" /fo list',
        TargetUserSid: 'S-1-0-0',
        TargetLogonId: '0x0',
        MandatoryLabel: 'S-1-16-8192',
      },
    },
  },
  {
    id: 4689,
    task: 13313,
    title: 'process exit',
    data: {
      ...ALICE,
      Status: '0x0',
      ProcessId: '0x1f40',
      ProcessName: 'C:\\Windows\\System32\\whoami.exe',
    },
    expect: {
      'event.type': ['end'],
      'event.action': 'exited-process',
      process: { pid: 8000, executable: 'C:\\Windows\\System32\\whoami.exe', name: 'whoami.exe' },
      user: ALICE_USER,
    },
  },
  {
    id: 4697,
    task: 12289,
    title: 'service installed',
    data: {
      ...ALICE,
      ServiceName: 'PSEXESVC',
      ServiceFileName: '%SystemRoot%\\PSEXESVC.exe',
      ServiceType: '0x10',
      ServiceStartType: '3',
      ServiceAccount: 'LocalSystem',
    },
    expect: {
      'event.category': ['iam', 'configuration'],
      'event.type': ['admin', 'change'],
      'event.action': 'service-installed',
      service: { name: 'PSEXESVC', type: 'Win32 Own Process' },
      user: ALICE_USER,
      'winlog.event_data.ServiceFileName': '%SystemRoot%\\PSEXESVC.exe',
      'winlog.event_data.ServiceName': 'PSEXESVC',
    },
  },
  {
    id: 4698,
    task: 12804,
    title: 'scheduled task created',
    data: {
      ...ALICE,
      TaskName: '\\Microsoft\\Windows\\evil',
      TaskContent: '<?xml version="1.0"?><Task/>',
    },
    expect: {
      'event.category': ['iam', 'configuration'],
      'event.type': ['creation', 'admin'],
      'event.action': 'scheduled-task-created',
      user: ALICE_USER,
      'winlog.event_data.TaskName': '\\Microsoft\\Windows\\evil',
      'winlog.event_data.TaskContent': '<?xml version="1.0"?><Task/>',
    },
  },
  {
    id: 4702,
    task: 12804,
    title: 'scheduled task updated',
    data: { ...ALICE, TaskName: '\\t' },
    expect: { 'event.type': ['change', 'admin'], 'event.action': 'scheduled-task-updated' },
  },
  {
    id: 4720,
    task: 13824,
    title: 'user account created',
    data: {
      ...ALICE,
      TargetUserName: 'newuser',
      TargetDomainName: 'CORP',
      TargetSid: 'S-1-5-21-1-2-3-1120',
      SamAccountName: 'newuser',
      DisplayName: '%%1793',
      UserPrincipalName: '-',
      PrimaryGroupId: '513',
      OldUacValue: '0x0',
      NewUacValue: '0x15',
      UserAccountControl: '\n\t\t%%2080\n\t\t%%2082\n\t\t%%2084',
      PrivilegeList: '-',
    },
    expect: {
      'event.category': ['iam'],
      'event.type': ['user', 'creation'],
      'event.action': 'added-user-account',
      user: {
        ...ALICE_USER,
        target: { id: 'S-1-5-21-1-2-3-1120', name: 'newuser', domain: 'CORP' },
      },
      'related.user': ['alice', 'newuser'],
      'winlog.event_data.NewUACList': ['SCRIPT', 'LOCKOUT'],
      'winlog.event_data.UserAccountControl': ['2080', '2082', '2084'],
      'winlog.event_data.PrivilegeList': undefined,
    },
  },
  {
    id: 4728,
    task: 13826,
    title: 'member added to a global group',
    data: {
      ...ALICE,
      MemberName: 'CN=Bob Smith,OU=Users,DC=corp,DC=local',
      MemberSid: 'S-1-5-21-1-2-3-1105',
      TargetUserName: 'Domain Admins',
      TargetDomainName: 'CORP',
      TargetSid: 'S-1-5-21-1-2-3-512',
    },
    expect: {
      'event.action': 'added-member-to-group',
      group: { id: 'S-1-5-21-1-2-3-512', name: 'Domain Admins', domain: 'CORP' },
      user: {
        ...ALICE_USER,
        target: {
          name: 'Bob Smith',
          domain: 'local',
          group: { id: 'S-1-5-21-1-2-3-512', name: 'Domain Admins', domain: 'CORP' },
        },
      },
      'related.user': ['Bob Smith', 'alice'],
    },
  },
  {
    id: 4732,
    task: 13826,
    title: 'member added to a local group',
    data: {
      ...ALICE,
      MemberName: '-',
      MemberSid: 'S-1-5-21-1-2-3-1105',
      TargetUserName: 'Administrators',
      TargetDomainName: 'Builtin',
      TargetSid: 'S-1-5-32-544',
    },
    expect: {
      'event.category': ['iam'],
      'event.type': ['group', 'change'],
      'event.action': 'added-member-to-group',
      group: { id: 'S-1-5-32-544', name: 'Administrators', domain: 'Builtin' },
      user: ALICE_USER,
      'winlog.event_data.MemberSid': 'S-1-5-21-1-2-3-1105',
    },
  },
  {
    id: 4738,
    task: 13824,
    title: 'user account changed',
    data: {
      ...ALICE,
      TargetUserName: 'bob',
      TargetDomainName: 'CORP',
      TargetSid: 'S-1-5-21-1-2-3-1105',
      OldUacValue: '0x10',
      NewUacValue: '0x210',
      UserAccountControl: '\n\t\t%%2048',
    },
    expect: {
      'event.action': 'modified-user-account',
      'user.target': { id: 'S-1-5-21-1-2-3-1105', name: 'bob', domain: 'CORP' },
      'winlog.event_data.NewUACList': ['LOCKOUT', 'NORMAL_ACCOUNT'],
      'winlog.event_data.UserAccountControl': ['2048'],
    },
  },
  {
    id: 4740,
    task: 13824,
    title: 'account locked out',
    data: {
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: 'DC01$',
      SubjectDomainName: 'CORP',
      SubjectLogonId: '0x3e7',
      TargetUserName: 'bob',
      TargetDomainName: 'WS02',
      TargetSid: 'S-1-5-21-1-2-3-1105',
    },
    expect: {
      'event.action': 'locked-out-user-account',
      user: {
        id: 'S-1-5-18',
        name: 'DC01$',
        domain: 'CORP',
        target: { id: 'S-1-5-21-1-2-3-1105', name: 'bob', domain: 'WS02' },
      },
      'related.user': ['DC01$', 'bob'],
    },
  },
  {
    id: 4741,
    task: 13825,
    title: 'computer account created',
    data: {
      ...ALICE,
      TargetUserName: 'NEWPC$',
      TargetDomainName: 'CORP',
      TargetSid: 'S-1-5-21-1-2-3-1130',
    },
    expect: {
      'event.type': ['creation', 'admin'],
      'event.action': 'added-computer-account',
      'winlog.computerObject': { id: 'S-1-5-21-1-2-3-1130', name: 'NEWPC$', domain: 'CORP' },
      user: ALICE_USER,
    },
  },
  {
    id: 4768,
    task: 14339,
    title: 'Kerberos TGT requested',
    data: {
      TargetUserName: 'alice',
      TargetDomainName: 'CORP.LOCAL',
      TargetSid: 'S-1-5-21-1-2-3-1104',
      ServiceName: 'krbtgt',
      ServiceSid: 'S-1-5-21-1-2-3-502',
      TicketOptions: '0x40810010',
      Status: '0x0',
      TicketEncryptionType: '0x12',
      PreAuthType: '2',
      IpAddress: '::ffff:10.0.0.7',
      IpPort: '49811',
    },
    expect: {
      'event.category': ['authentication'],
      'event.action': 'kerberos-authentication-ticket-requested',
      user: { id: 'S-1-5-21-1-2-3-1104', name: 'alice', domain: 'CORP.LOCAL' },
      service: { name: 'krbtgt' },
      source: { ip: '10.0.0.7', port: 49811 },
      'related.ip': ['10.0.0.7'],
      'winlog.event_data.TicketOptionsDescription': [
        'Forwardable',
        'Renewable',
        'Name-canonicalize',
        'Renewable-ok',
      ],
      'winlog.event_data.TicketEncryptionTypeDescription': 'AES256-CTS-HMAC-SHA1-96',
      'winlog.event_data.StatusDescription': 'KDC_ERR_NONE',
      'winlog.event_data.IpAddress': undefined,
    },
  },
  {
    id: 4769,
    task: 14337,
    title: 'Kerberos service ticket requested',
    data: {
      TargetUserName: 'alice@CORP.LOCAL',
      TargetDomainName: 'CORP.LOCAL',
      ServiceName: 'sqlsvc',
      ServiceSid: 'S-1-5-21-1-2-3-1200',
      TicketOptions: '0x40810000',
      TicketEncryptionType: '0x17',
      IpAddress: '::ffff:10.0.0.7',
      IpPort: '50001',
      Status: '0x0',
      TransmittedServices: '-',
    },
    expect: {
      'event.action': 'kerberos-service-ticket-requested',
      user: { name: 'alice', domain: 'CORP.LOCAL' },
      'related.user': ['alice'],
      'service.name': 'sqlsvc',
      'winlog.event_data.TicketEncryptionTypeDescription': 'RC4-HMAC',
      'winlog.event_data.TicketOptionsDescription': [
        'Forwardable',
        'Renewable',
        'Name-canonicalize',
      ],
      'winlog.event_data.TargetUserName': 'alice@CORP.LOCAL',
    },
  },
  {
    id: 4771,
    task: 14339,
    title: 'Kerberos pre-authentication failed',
    options: { keywords: FAILURE },
    data: {
      TargetUserName: 'bob',
      TargetSid: 'S-1-5-21-1-2-3-1105',
      ServiceName: 'krbtgt/CORP',
      TicketOptions: '0x40810010',
      Status: '0x18',
      PreAuthType: '2',
      IpAddress: '::ffff:10.0.0.9',
      IpPort: '50123',
    },
    expect: {
      'event.action': 'kerberos-preauth-failed',
      'event.outcome': 'failure',
      'winlog.event_data.StatusDescription': 'KDC_ERR_PREAUTH_FAILED',
      'source.ip': '10.0.0.9',
    },
  },
  {
    id: 4776,
    task: 14336,
    title: 'NTLM credential validation failed',
    options: { keywords: FAILURE },
    data: {
      PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
      TargetUserName: 'bob',
      Workstation: 'WS02',
      Status: '0xc000006a',
    },
    expect: {
      'event.action': 'credential-validated',
      'user.name': 'bob',
      'winlog.logon.failure': { status: 'User logon with misspelled or bad password' },
      'winlog.event_data.Workstation': 'WS02',
    },
  },
  {
    id: 4778,
    task: 12551,
    title: 'session reconnected',
    data: {
      AccountName: 'bob',
      AccountDomain: 'CORP',
      LogonID: '0x1a2b',
      SessionName: 'RDP-Tcp#3',
      ClientName: 'LAPTOP',
      ClientAddress: '10.0.0.8',
    },
    expect: {
      'event.category': ['authentication', 'session'],
      'event.action': 'session-reconnected',
      user: { name: 'bob', domain: 'CORP' },
      source: { ip: '10.0.0.8', domain: 'LAPTOP' },
      related: { user: ['bob'], ip: ['10.0.0.8'] },
      'winlog.logon.id': '0x1a2b',
    },
  },
  {
    id: 4781,
    task: 13824,
    title: 'account renamed',
    data: {
      ...ALICE,
      OldTargetUserName: 'bob',
      NewTargetUserName: 'robert',
      TargetDomainName: 'CORP',
      TargetSid: 'S-1-5-21-1-2-3-1105',
    },
    expect: {
      'event.action': 'renamed-user-account',
      user: { ...ALICE_USER, target: { name: 'bob' }, changes: { name: 'robert' } },
      'related.user': ['alice', 'robert', 'bob'],
    },
  },
  {
    id: 4719,
    task: 13568,
    title: 'audit policy changed',
    data: {
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: 'DC01$',
      SubjectDomainName: 'CORP',
      SubjectLogonId: '0x3e7',
      CategoryId: '%%8274',
      SubcategoryId: '%%12801',
      SubcategoryGuid: '{0cce921e-69ae-11d9-bed3-505054503030}',
      AuditPolicyChanges: '%%8449, %%8451',
    },
    expect: {
      'event.action': 'changed-audit-config',
      'winlog.event_data.Category': 'Object Access',
      'winlog.event_data.SubCategory': 'Registry',
      'winlog.event_data.AuditPolicyChangesDescription': ['Success Added', 'Failure Added'],
    },
  },
  {
    id: 4706,
    task: 13569,
    title: 'domain trust created',
    data: {
      ...ALICE,
      DomainName: 'partner.example',
      TdoType: '2',
      TdoDirection: '3',
      TdoAttributes: '8',
    },
    expect: {
      'event.action': 'domain-trust-added',
      'winlog.trustType': 'TRUST_TYPE_UPLEVEL',
      'winlog.trustDirection': 'TRUST_DIRECTION_BIDIRECTIONAL',
      'winlog.trustAttribute': 'TRUST_ATTRIBUTE_FOREST_TRANSITIVE',
    },
  },
  {
    id: 4964,
    task: 12548,
    title: 'special groups logon',
    data: {
      TargetUserSid: 'S-1-5-21-1-2-3-1104',
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      TargetLogonId: '0x99',
      SidList: '%{S-1-5-21-1-2-3-512}',
    },
    expect: { 'event.action': 'logged-in-special', user: ALICE_USER, 'winlog.logon.id': '0x99' },
  },
  {
    id: 5136,
    task: 14081,
    title: 'directory object modified',
    data: {
      ...ALICE,
      OpCorrelationID: '{6B5D8A5E-1A8D-4F0C-9A43-2B3C6B0E9F10}',
      AppCorrelationID: '-',
      DSName: 'corp.local',
      DSType: '%%14676',
      ObjectDN: 'CN=svc,CN=Users,DC=corp,DC=local',
      ObjectGUID: '{A1B2C3D4-0000-0000-0000-000000000001}',
      ObjectClass: 'user',
      AttributeLDAPDisplayName: 'servicePrincipalName',
      AttributeSyntaxOID: '2.5.5.12',
      AttributeValue: 'HTTP/evil.corp.local',
      OperationType: '%%14674',
    },
    expect: {
      'event.category': undefined,
      'event.action': 'Directory Service Changes',
      user: undefined,
      'winlog.logon.id': '0x31a5c',
      'winlog.event_data.AttributeLDAPDisplayName': 'servicePrincipalName',
      'winlog.event_data.OperationType': '%%14674',
      'winlog.event_data.AppCorrelationID': undefined,
    },
  },
  {
    id: 4662,
    task: 14080,
    title: 'directory object operation',
    data: {
      SubjectUserSid: 'S-1-5-21-3457937927-2839227994-823803824-1104',
      SubjectUserName: 'dadmin',
      SubjectDomainName: 'CONTOSO',
      SubjectLogonId: '0x35867',
      ObjectServer: 'DS',
      ObjectType: '%{19195a5b-6da0-11d0-afd3-00c04fd930c9}',
      ObjectName: '%{38b3d2e6-9948-4dc1-ae90-1605d5eab9a2}',
      OperationType: 'Object Access',
      HandleId: '0x0',
      AccessList: '%%7688',
      AccessMask: '0x100',
      Properties: '%%7688\n\t\t{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}',
    },
    expect: {
      'event.category': ['iam', 'configuration'],
      'event.type': ['admin', 'change'],
      'event.action': 'object-operation-performed',
      user: {
        id: 'S-1-5-21-3457937927-2839227994-823803824-1104',
        name: 'dadmin',
        domain: 'CONTOSO',
      },
      'related.user': ['dadmin'],
      'winlog.event_data.AccessListDescription': ['Control Access'],
      'winlog.event_data.AccessMaskDescription': ['Control Access'],
      'winlog.logon.id': '0x35867',
    },
  },
  {
    id: 4663,
    task: 12800,
    title: 'object access (values from the integration test 4663)',
    data: {
      SubjectUserSid: 'S-1-5-21-3457937927-2839227994-823803824-1104',
      SubjectUserName: 'dadmin',
      SubjectDomainName: 'CONTOSO',
      SubjectLogonId: '0x4367b',
      ObjectServer: 'Security',
      ObjectType: 'File',
      ObjectName: 'C:\\Documents\\HBI Data.txt',
      HandleId: '0x1bc',
      AccessList: '%%4417 %%4418',
      AccessMask: '0x6',
      ProcessId: '0x458',
      ProcessName: 'C:\\Windows\\System32\\notepad.exe',
    },
    expect: {
      'event.category': undefined,
      'event.action': 'File System',
      user: undefined,
      process: undefined,
      'winlog.logon.id': '0x4367b',
      'winlog.event_data.AccessListDescription': [
        'WriteData (or AddFile)',
        'AppendData (or AddSubdirectory or CreatePipeInstance)',
      ],
      'winlog.event_data.AccessMaskDescription': ['Delete Child', 'List Contents'],
      'winlog.event_data.ProcessName': 'C:\\Windows\\System32\\notepad.exe',
    },
  },
  {
    id: 4656,
    task: 12801,
    title: 'handle to a registry key requested',
    data: {
      ...ALICE,
      ObjectType: 'Key',
      ObjectName: '\\REGISTRY\\MACHINE\\SAM',
      AccessList: '%%1537 %%4432',
      AccessMask: '0x10001',
    },
    expect: {
      'event.action': 'Registry',
      'winlog.event_data.AccessListDescription': ['DELETE', 'Query key value'],
      'winlog.event_data.AccessMaskDescription': ['Create Child', 'DELETE'],
    },
  },
  {
    id: 5140,
    task: 12808,
    title: 'share accessed',
    data: {
      ...ALICE,
      ObjectType: 'File',
      IpAddress: '10.0.0.7',
      IpPort: '51000',
      ShareName: '\\\\*\\IPC$',
      ShareLocalPath: '',
      AccessMask: '0x1',
      AccessList: '%%4416',
    },
    expect: {
      'event.category': ['network', 'file'],
      'event.type': ['info', 'access'],
      'event.action': 'network-share-object-accessed',
      user: ALICE_USER,
      source: { ip: '10.0.0.7', port: 51000 },
      file: undefined,
      'winlog.event_data.AccessListDescription': ['ReadData (or ListDirectory)'],
    },
  },
  {
    id: 5145,
    task: 12811,
    title: 'share object access checked',
    data: {
      ...ALICE,
      ObjectType: 'File',
      IpAddress: '10.0.0.7',
      IpPort: '51001',
      ShareName: '\\\\*\\C$',
      ShareLocalPath: '\\??\\C:\\',
      RelativeTargetName: 'Windows\\Temp\\evil.exe',
      AccessMask: '0x2',
      AccessList: '%%4417',
    },
    expect: {
      'event.action': 'network-share-object-access-checked',
      file: {
        name: 'Windows\\Temp\\evil.exe',
        directory: '\\??\\C:\\',
        path: '\\??\\C:\\\\Windows\\Temp\\evil.exe',
        target_path: '\\\\*\\C$\\Windows\\Temp\\evil.exe',
        extension: 'exe',
      },
      'winlog.event_data.RelativeTargetName': 'Windows\\Temp\\evil.exe',
    },
  },
]

describe('mapWindowsEvent for Security', () => {
  for (const { id, task, title, data, options, expect } of cases) {
    test(`maps event ${id} (${title})`, () => {
      const doc = security(id, task, data, options)
      for (const [path, value] of Object.entries(expect))
        assert.deepEqual(get(doc, path), value, path)
    })
  }

  test('maps 1102 audit log cleared from UserData', () => {
    const userData =
      "<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>" +
      '<SubjectUserSid>S-1-5-21-1-2-3-500</SubjectUserSid><SubjectUserName>Administrator</SubjectUserName>' +
      '<SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x4c2a1</SubjectLogonId>' +
      '</LogFileCleared></UserData>'
    const doc = security(1102, 104, {}, { provider: 'Microsoft-Windows-Eventlog', userData })
    assert.deepEqual(get(doc, 'event.category'), ['iam'])
    assert.deepEqual(get(doc, 'event.type'), ['admin', 'change'])
    assert.equal(get(doc, 'event.action'), 'audit-log-cleared')
    assert.equal(get(doc, 'event.provider'), 'Microsoft-Windows-Eventlog')
    assert.deepEqual(get(doc, 'user'), {
      id: 'S-1-5-21-1-2-3-500',
      name: 'Administrator',
      domain: 'CORP',
    })
    assert.deepEqual(get(doc, 'related.user'), ['Administrator'])
    assert.equal(get(doc, 'winlog.logon.id'), '0x4c2a1')
    assert.equal(get(doc, 'winlog.user_data.xml_name'), 'LogFileCleared')
  })

  test('leaves events of other providers to the Winlogbeat fields', () => {
    const doc = security(1200, 3, { ActivityId: 'x' }, { provider: 'AD FS Auditing' })
    assert.equal(get(doc, 'event.category'), undefined)
    assert.equal(get(doc, 'event.dataset'), 'system.security')
    assert.equal(get(doc, 'winlog.record_id'), '987654')
    assert.deepEqual(get(doc, 'winlog.event_data'), { ActivityId: 'x' })
  })
})
