import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { communityId } from './community-id.ts'
import { FAILURE, get, security, testCases } from './test-support.ts'
import type { Case } from './test-support.ts'

// the event codes and steps of newer Security pipelines (seen in their test expectations)

const BOB = {
  SubjectUserSid: 'S-1-5-21-7-8-9-1201',
  SubjectUserName: 'bob',
  SubjectDomainName: 'LAB',
  SubjectLogonId: '0x7b2e1',
}
const BOB_USER = { id: 'S-1-5-21-7-8-9-1201', name: 'bob', domain: 'LAB' }
const CAROL = {
  TargetUserSid: 'S-1-5-21-7-8-9-1305',
  TargetUserName: 'carol',
  TargetDomainName: 'LAB',
}

const cases: Case[] = [
  {
    id: 4659,
    task: 12800,
    title: 'delete intent on a file: access lists as lists, the object as the file',
    data: {
      ...BOB,
      ObjectType: 'File',
      ObjectName: 'C:\\Temp\\drop.lock',
      AccessList: '%%1537 %%4423',
      AccessMask: '0x10080',
      ProcessId: '0x2a4',
      TransactionId: '{00000000-0000-0000-0000-000000000000}',
    },
    expect: {
      'event.category': ['iam', 'configuration'],
      'event.type': ['change'],
      'event.action': 'object-was-requested-with-intent-to-delete',
      user: BOB_USER,
      'file.path': 'C:\\Temp\\drop.lock',
      'process.pid': 676,
      'winlog.event_data.AccessList': ['1537', '4423'],
      'winlog.event_data.AccessMask': ['0x10080'],
      'winlog.event_data.AccessListDescription': ['DELETE', 'ReadAttributes'],
      'winlog.event_data.ProcessId': undefined,
      'winlog.event_data.TransactionId': undefined,
    },
  },
  {
    id: 4664,
    task: 12800,
    title: 'hard link created',
    data: { ...BOB, FileName: 'C:\\Data\\a.dll', LinkName: 'C:\\Links\\a.dll' },
    expect: {
      'event.category': ['file'],
      'event.type': ['creation'],
      'event.action': 'create-hard-link',
      'file.path': 'C:\\Data\\a.dll',
      'related.user': ['bob'],
    },
  },
  {
    id: 4675,
    task: 12545,
    title: 'SIDs filtered: the target user, effective and as group, the SID list named',
    data: {
      ...CAROL,
      SidList: 'S-1-5-32-544  S-1-5-32-551 S-1-5-21-7-8-9-2001 S-1-5-21-7-8-9-512 S-1-5-99',
    },
    options: { keywords: FAILURE },
    expect: {
      'event.action': 'sids-filtered',
      'event.outcome': 'failure',
      user: {
        id: 'S-1-5-21-7-8-9-1305',
        name: 'carol',
        domain: 'LAB',
        target: { name: 'carol', domain: 'LAB' },
        effective: { id: 'S-1-5-21-7-8-9-1305', name: 'carol', domain: 'LAB' },
      },
      group: { id: 'S-1-5-21-7-8-9-1305', name: 'carol', domain: 'LAB' },
      'winlog.computerObject': { name: 'carol', domain: 'LAB' },
      'winlog.event_data.SidList': [
        'S-1-5-32-544',
        'S-1-5-32-551',
        'S-1-5-21-7-8-9-2001',
        'S-1-5-21-7-8-9-512',
        'S-1-5-99',
      ],
      // a domain SID names its relative id when that is a well-known one; others stay as written
      'winlog.event_data.SidListDesc': [
        'Administrators',
        'Backup Operators',
        'Domain Admins',
        'S-1-5-99',
      ],
    },
  },
  {
    id: 4692,
    task: 13319,
    title: 'DPAPI backup: FailureReason renamed, with its outcome',
    data: { ...BOB, MasterKeyId: 'k1', FailureReason: '0x0' },
    expect: {
      'event.action': 'dpapi-master-key-backup-attempted',
      'winlog.event_data.FailureReason': undefined,
      'winlog.event_data.FailureReasons': '0x0',
      'winlog.event_data.FailureReasonsOutcome': 'Success',
    },
  },
  {
    id: 4908,
    task: 13568,
    title: 'special groups table: SIDs written %{…} named without their wrapping',
    data: { ...BOB, SidList: '%{S-1-5-32-544} %{S-1-5-21-7-8-9-519}' },
    expect: {
      'winlog.event_data.SidList': ['%{S-1-5-32-544}', '%{S-1-5-21-7-8-9-519}'],
      'winlog.event_data.SidListDesc': ['Administrators', 'Enterprise Admins'],
    },
  },
  {
    id: 5145,
    task: 12811,
    title: 'share access check: access lists cut at any white space, unknown references kept',
    data: {
      ...BOB,
      ShareName: '\\\\*\\SYSVOL',
      RelativeTargetName: 'lab\\scripts.ini',
      AccessList: '%%4416\n\t\t\t\t%%4417\n\t\t\t\t%%9999\n\t\t\t\t',
      AccessMask: '0x1F01FF',
      AccessReason: '-',
    },
    expect: {
      'winlog.event_data.AccessList': ['4416', '4417', '9999'],
      'winlog.event_data.AccessListDescription': [
        'ReadData (or ListDirectory)',
        'WriteData (or AddFile)',
        '9999',
      ],
      'winlog.event_data.AccessMask': ['0x1F01FF'],
      // single bits only, from bit 0: no combined name such as STANDARD_RIGHTS_ALL
      'winlog.event_data.AccessMaskDescription': [
        'Create Child',
        'Delete Child',
        'List Contents',
        'SELF',
        'Read Property',
        'Write Property',
        'Delete Treee',
        'List Object',
        'Control Access',
        'DELETE',
        'READ_CONTROL',
        'WRITE_DAC',
        'WRITE_OWNER',
        'SYNCHRONIZE',
      ],
    },
  },
  {
    id: 4719,
    task: 13568,
    title: 'audit policy change: every reference named, an unknown failure reason kept',
    data: { ...BOB, AuditPolicyChanges: '%%8449, %%8451', FailureReason: '%%9999' },
    expect: {
      'winlog.event_data.AuditPolicyChangesDescription': ['Success Added', 'Failure Added'],
      'winlog.logon.failure.reason': '9999',
    },
  },
  {
    id: 4699,
    task: 12804,
    title: 'scheduled task deleted: its name under winlog.scheduled_task',
    data: { ...BOB, TaskName: '\\Updater' },
    expect: {
      'event.action': 'scheduled-task-deleted',
      'winlog.scheduled_task': { name: '\\Updater' },
      'winlog.event_data.TaskName': '\\Updater',
    },
  },
  {
    id: 4705,
    task: 13570,
    title: 'user right removed: privileges as a list, the account as target',
    data: {
      ...BOB,
      TargetSid: 'S-1-5-21-7-8-9-1400',
      PrivilegeList: 'SeBackupPrivilege\n\t\tSeDebugPrivilege',
    },
    expect: {
      'event.type': ['change', 'user'],
      'user.target': { id: 'S-1-5-21-7-8-9-1400' },
      'winlog.event_data.PrivilegeList': ['SeBackupPrivilege', 'SeDebugPrivilege'],
    },
  },
  {
    id: 4728,
    task: 13826,
    title: 'member added: a distinguished name cut at its unescaped commas',
    data: {
      ...BOB,
      MemberName: 'CN=Doe\\, Jane,OU=Staff,DC=lab,DC=example',
      MemberSid: 'S-1-5-21-7-8-9-1500',
      TargetUserName: 'Admins',
      TargetDomainName: 'LAB',
      TargetSid: 'S-1-5-21-7-8-9-1600',
    },
    expect: {
      'user.target': {
        name: 'Doe\\, Jane',
        // the pipeline takes the fourth part, whatever it is
        domain: 'example',
        group: { id: 'S-1-5-21-7-8-9-1600', name: 'Admins', domain: 'LAB' },
      },
      'related.user': ['Doe\\, Jane', 'bob'],
    },
  },
  {
    id: 4769,
    task: 14337,
    title: 'service ticket: descriptions the pipeline does not know are left out, not null',
    data: {
      ...CAROL,
      ServiceName: 'cifs',
      TicketEncryptionType: '0x99',
      Status: '0x7f',
      TicketOptions: '0x40810000',
    },
    expect: {
      'winlog.event_data.TicketEncryptionTypeDescription': undefined,
      'winlog.event_data.StatusDescription': undefined,
      'winlog.event_data.TicketOptionsDescription': [
        'Forwardable',
        'Renewable',
        'Name-canonicalize',
      ],
      'service.name': 'cifs',
    },
  },
  {
    id: 4793,
    task: 13824,
    title: 'password policy API: subject as user, the checked name as target, group and effective',
    data: { ...BOB, TargetUserName: 'dave', Status: '0x0', Workstation: 'WS1' },
    expect: {
      'event.category': ['api'],
      'event.action': 'password-policy-checking-api-called',
      user: { ...BOB_USER, target: { name: 'dave' }, effective: { name: 'dave' } },
      'group.name': 'dave',
      'related.user': ['dave', 'bob'],
      'winlog.event_data.StatusDescription': 'KDC_ERR_NONE',
      'winlog.logon.failure.status': 'Status OK.',
    },
  },
  {
    id: 4800,
    task: 12551,
    title: 'workstation locked: the target user and its logon',
    data: { ...CAROL, TargetLogonId: '0x9f00a', SessionId: '2' },
    expect: {
      'event.category': ['authentication'],
      'event.type': ['info'],
      'event.action': 'workstation-locked',
      'user.name': 'carol',
      'user.effective.id': 'S-1-5-21-7-8-9-1305',
      'user.target.name': 'carol',
      'winlog.logon.id': '0x9f00a',
    },
  },
  {
    id: 5061,
    task: 12290,
    title: 'key storage operation: the storage provider and the return code',
    data: {
      ...BOB,
      ProviderName: 'Microsoft Software Key Storage Provider',
      ReturnCode: '0x80090016',
    },
    expect: {
      'event.category': ['file'],
      'event.provider': 'Microsoft Software Key Storage Provider',
      'winlog.event_data.ReturnCodeOutcome': 'Failure',
    },
  },
  {
    id: 5142,
    task: 12808,
    title: 'share added: its local path as the directory',
    data: { ...BOB, ShareName: '\\\\*\\Drop', ShareLocalPath: 'D:\\Drop' },
    expect: {
      'event.category': ['network', 'file'],
      'event.type': ['info', 'creation'],
      file: { directory: 'D:\\Drop' },
    },
  },
  {
    id: 5381,
    task: 13824,
    title: 'vault credentials read',
    data: { ...BOB, Flags: '0', CountOfCredentialsReturned: '2' },
    expect: { 'event.action': 'vault-credentials-were-read', user: BOB_USER },
  },
]

const FIREWALL = {
  ProcessID: '1824',
  Application: '\\device\\harddiskvolume2\\program files\\agent\\agent.exe',
  Direction: '%%14593',
  SourceAddress: '192.168.10.5',
  SourcePort: '51234',
  DestAddress: '10.0.0.9',
  DestPort: '443',
  Protocol: '6',
  LayerName: '%%14611',
  RemoteUserID: 'S-1-0-0',
  RemoteMachineID: 'S-1-0-0',
}

describe('mapWindowsEvent for newer Security codes', () => {
  testCases(cases)

  test('maps a filtering platform connection to source, destination and network', () => {
    const doc = security(5156, 12810, FIREWALL)
    assert.deepEqual(get(doc, 'event.type'), ['connection', 'info', 'allowed'])
    assert.deepEqual(get(doc, 'source'), { ip: '192.168.10.5', port: 51234 })
    assert.deepEqual(get(doc, 'destination'), { ip: '10.0.0.9', port: 443 })
    assert.equal(get(doc, 'process.name'), 'agent.exe')
    assert.deepEqual(get(doc, 'network'), {
      iana_number: '6',
      transport: 'tcp',
      direction: 'outbound',
      community_id: communityId(
        6,
        { ip: '192.168.10.5', port: 51234 },
        { ip: '10.0.0.9', port: 443 },
      ),
    })
    assert.deepEqual(get(doc, 'related.ip'), ['10.0.0.9', '192.168.10.5'])
    assert.equal(get(doc, 'winlog.event_data.SourceAddress'), undefined)
    assert.equal(get(doc, 'winlog.event_data.LayerNameDescription'), 'Connect')
    assert.equal(get(doc, 'winlog.event_data.RemoteUserDescription'), 'Nobody')
    assert.equal(get(doc, 'winlog.event_data.DirectionDescription'), undefined)
  })

  test('maps a bind to a local port (5158) and names IANA numbers the pipeline knows', () => {
    const doc = security(5158, 12810, { ...FIREWALL, Protocol: '33', DestAddress: '-' })
    assert.equal(get(doc, 'event.action'), 'windows-firewall-bind-local-port')
    assert.equal(get(doc, 'network.transport'), 'dccp')
    assert.equal(get(doc, 'destination.ip'), undefined)
    assert.equal(get(doc, 'network.community_id'), undefined)
  })

  test('leaves network out when a blocked packet names no protocol', () => {
    const rest: Record<string, string> = { ...FIREWALL }
    delete rest.Protocol
    delete rest.Direction
    const doc = security(5157, 12810, rest)
    assert.equal(get(doc, 'event.action'), 'windows-firewall-packet-block')
    assert.equal(get(doc, 'network'), undefined)
  })
})

describe('communityId', () => {
  // values computed by Elastic's community_id processor (integration test expectations)
  const known: [number, string, number, string, number, string][] = [
    [6, '10.47.0.151', 49691, '10.47.0.110', 389, '1:gtDrYNYd7tTzmbraqir6zvXbxgA='],
    [17, '10.47.0.110', 137, '10.47.0.255', 137, '1:bo9Y/YAoD/3+dwRF+CSVGw3OVf8='],
    // computed apart, in Python, from the Community ID specification
    [6, 'fe80::1', 80, '::ffff:10.0.0.1', 81, '1:s6eiQHCAVcIhdH3TOLw/II9eq84='],
    [17, '2001:db8::1', 53, '2001:db8::2', 5353, '1:tajKKCYPX5Fr60+44RSdKtpFb4s='],
    // one address: the ends are ordered by port
    [132, '192.168.1.1', 1000, '192.168.1.1', 999, '1:lN3uQFDMIq7PEuMn4DirK9IPguU='],
  ]
  for (const [protocol, from, fromPort, to, toPort, id] of known) {
    test(`${from}:${String(fromPort)} → ${to}:${String(toPort)} over ${String(protocol)}`, () => {
      assert.equal(
        communityId(protocol, { ip: from, port: fromPort }, { ip: to, port: toPort }),
        id,
      )
      assert.equal(
        communityId(protocol, { ip: to, port: toPort }, { ip: from, port: fromPort }),
        id,
      )
    })
  }

  test('is undefined for protocols without ports, mixed families and bad ports', () => {
    assert.equal(
      communityId(1, { ip: '10.0.0.1', port: 0 }, { ip: '10.0.0.2', port: 0 }),
      undefined,
    )
    assert.equal(communityId(6, { ip: '10.0.0.1', port: 1 }, { ip: '::1', port: 2 }), undefined)
    assert.equal(
      communityId(6, { ip: '10.0.0.1', port: 70000 }, { ip: '10.0.0.2', port: 2 }),
      undefined,
    )
  })

  test('reads IPv6 addresses, compressed or embedding IPv4', () => {
    const a = communityId(6, { ip: 'fe80::1', port: 80 }, { ip: '::ffff:10.0.0.1', port: 81 })
    const b = communityId(
      6,
      { ip: 'fe80:0:0:0:0:0:0:1', port: 80 },
      { ip: '0:0:0:0:0:ffff:a00:1', port: 81 },
    )
    assert.ok(a?.startsWith('1:'))
    assert.equal(a, b)
  })
})
