import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseEventXmlText } from '../xml/parse.ts'
import { communityId } from './community-id.ts'
import type { EcsDocument } from './index.ts'
import { mapWindowsEvent } from './index.ts'

const GUID = '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'
const PROC = '{9f32b55f-d9de-5f98-f006-000000000600}'
const PARENT = '{9f32b55f-d9de-5f98-0000-000000000500}'
const HASHES =
  'SHA1=9955A1C071C44A7CEECC0D928A9CFB7F64CC3F93,MD5=C7C45610F644906E6F7D664EF2E45B08,' +
  'SHA256=4808F1101F4E42387D8DDB7A355668BAE3BF6F781C42D3BCD82E23446B1DEB3E,IMPHASH=194F3797B52231028C718B6D776C6853'
const SHA1 = '9955a1c071c44a7ceecc0d928a9cfb7f64cc3f93'
const MD5 = 'c7c45610f644906e6f7d664ef2e45b08'
const SHA256 = '4808f1101f4e42387d8ddb7a355668bae3bf6f781c42d3bcd82e23446b1deb3e'
const IMPHASH = '194f3797b52231028c718b6d776c6853'

function esc(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** A Sysmon event as Windows renders it, with the given EventData in order. */
function sysmon(id: number, data: Record<string, string>): EcsDocument {
  const fields = Object.entries(data)
    .map(([name, value]) => `<Data Name='${name}'>${esc(value)}</Data>`)
    .join('')
  const xml =
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Microsoft-Windows-Sysmon' Guid='${GUID}'/><EventID>${id}</EventID>` +
    `<Version>5</Version><Level>4</Level><Task>${id}</Task><Opcode>0</Opcode>` +
    `<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2023-03-01T10:20:30.4567891Z'/>` +
    `<EventRecordID>4242</EventRecordID><Correlation/><Execution ProcessID='3060' ThreadID='4012'/>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>ws01.corp.local</Computer>` +
    `<Security UserID='S-1-5-18'/></System><EventData>${fields}</EventData></Event>`
  const item = [...parseEventXmlText(xml, 'sysmon.xml')][0]
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

function assertFields(doc: EcsDocument, expected: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(expected)) {
    assert.deepEqual(get(doc, path), value, path)
  }
}

const BASE = {
  RuleName: '-',
  UtcTime: '2023-03-01 10:20:30.123',
  ProcessGuid: PROC,
  ProcessId: '5184',
}

interface Case {
  readonly id: number
  readonly title: string
  readonly data: Record<string, string>
  readonly expect: Record<string, unknown>
}

const cases: Case[] = [
  {
    id: 1,
    title: 'process creation',
    data: {
      ...BASE,
      RuleName: 'technique_id=T1059,technique_name=Command-Line Interface',
      Image: 'C:\\Windows\\System32\\cmd.exe',
      FileVersion: '10.0.17763.1 (WinBuild.160101.0800)',
      Description: 'Windows Command Processor',
      Product: 'Microsoft® Windows® Operating System',
      Company: 'Microsoft Corporation',
      OriginalFileName: 'Cmd.Exe',
      CommandLine: 'cmd.exe /c "echo a & whoami"',
      CurrentDirectory: 'C:\\Users\\alice\\',
      User: 'CORP\\alice',
      LogonGuid: '{9f32b55f-0000-0000-0000-000000000001}',
      LogonId: '0x3e7',
      TerminalSessionId: '1',
      IntegrityLevel: 'High',
      Hashes: HASHES,
      ParentProcessGuid: PARENT,
      ParentProcessId: '4120',
      ParentImage: 'C:\\Windows\\explorer.exe',
      ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
      ParentUser: 'CORP\\alice',
    },
    expect: {
      '@timestamp': '2023-03-01T10:20:30.123Z',
      'event.created': '2023-03-01T10:20:30.456Z',
      'event.category': ['process'],
      'event.type': ['start'],
      'event.action': 'Process creation',
      'event.kind': 'event',
      'event.code': '1',
      'event.module': 'windows',
      'event.dataset': 'windows.sysmon_operational',
      'rule.name': 'technique_id=T1059,technique_name=Command-Line Interface',
      'process.entity_id': PROC,
      'process.pid': 5184,
      'process.executable': 'C:\\Windows\\System32\\cmd.exe',
      'process.name': 'cmd.exe',
      'process.command_line': 'cmd.exe /c "echo a & whoami"',
      'process.args': ['cmd.exe', '/c', 'echo a & whoami'],
      'process.args_count': 3,
      'process.working_directory': 'C:\\Users\\alice\\',
      'process.hash': { sha1: SHA1, md5: MD5, sha256: SHA256 },
      'process.pe': {
        imphash: IMPHASH,
        original_file_name: 'Cmd.Exe',
        company: 'Microsoft Corporation',
        description: 'Windows Command Processor',
        file_version: '10.0.17763.1 (WinBuild.160101.0800)',
        product: 'Microsoft® Windows® Operating System',
      },
      'process.parent': {
        entity_id: PARENT,
        pid: 4120,
        executable: 'C:\\Windows\\explorer.exe',
        name: 'explorer.exe',
        command_line: 'C:\\Windows\\Explorer.EXE',
        args: ['C:\\Windows\\Explorer.EXE'],
        args_count: 1,
      },
      user: { id: 'S-1-5-18', domain: 'CORP', name: 'alice' },
      related: { hash: [SHA256, SHA1, MD5, IMPHASH], user: ['alice'] },
      'winlog.record_id': '4242',
      'winlog.event_data': {
        FileVersion: '10.0.17763.1 (WinBuild.160101.0800)',
        Description: 'Windows Command Processor',
        Product: 'Microsoft® Windows® Operating System',
        Company: 'Microsoft Corporation',
        LogonGuid: '{9f32b55f-0000-0000-0000-000000000001}',
        LogonId: '0x3e7',
        TerminalSessionId: '1',
        IntegrityLevel: 'High',
        ParentUser: 'CORP\\alice',
      },
    },
  },
  {
    id: 2,
    title: 'file creation time changed',
    data: {
      ...BASE,
      Image: 'C:\\Temp\\touch.exe',
      TargetFilename: 'C:\\Windows\\System32\\evil.dll',
      CreationUtcTime: '2009-07-14 04:42:30.134',
      PreviousCreationUtcTime: '2023-03-01 10:20:29.000',
    },
    expect: {
      'event.category': ['file'],
      'event.type': ['change'],
      'event.action': 'A process changed a file creation time',
      file: {
        path: 'C:\\Windows\\System32\\evil.dll',
        name: 'evil.dll',
        directory: 'C:\\Windows\\System32',
        extension: 'dll',
      },
      'winlog.event_data': {
        CreationUtcTime: '2009-07-14 04:42:30.134',
        PreviousCreationUtcTime: '2023-03-01 10:20:29.000',
      },
    },
  },
  {
    id: 3,
    title: 'network connection',
    data: {
      ...BASE,
      Image: 'C:\\Windows\\System32\\svchost.exe',
      User: 'NT AUTHORITY\\NETWORK SERVICE',
      Protocol: 'tcp',
      Initiated: 'true',
      SourceIsIpv6: 'false',
      SourceIp: '10.0.2.15',
      SourceHostname: 'ws01.corp.local',
      SourcePort: '49712',
      SourcePortName: '-',
      DestinationIsIpv6: 'false',
      DestinationIp: '93.184.216.34',
      DestinationHostname: 'example.com',
      DestinationPort: '443',
      DestinationPortName: 'https',
    },
    expect: {
      'event.category': ['network'],
      'event.type': ['start', 'connection', 'protocol'],
      'event.action': 'Network connection',
      network: {
        transport: 'tcp',
        protocol: 'https',
        direction: 'egress',
        type: 'ipv4',
        community_id: communityId(
          6,
          { ip: '10.0.2.15', port: 49712 },
          { ip: '93.184.216.34', port: 443 },
        ),
      },
      source: { ip: '10.0.2.15', domain: 'ws01.corp.local', port: 49712 },
      destination: { ip: '93.184.216.34', domain: 'example.com', port: 443 },
      related: { user: ['NETWORK SERVICE'], ip: ['10.0.2.15', '93.184.216.34'] },
      'user.domain': 'NT AUTHORITY',
      'process.name': 'svchost.exe',
      'winlog.event_data': undefined,
    },
  },
  {
    id: 3,
    title: 'inbound IPv6 connection with a bad address',
    data: {
      ...BASE,
      Protocol: 'udp',
      Initiated: 'false',
      SourceIsIpv6: 'true',
      SourceIp: 'fe80:0:0:0:c8e5:6e5c:3d6a:1a4b',
      SourcePort: '5353',
      DestinationIp: 'not-an-ip',
      DestinationPort: '5353',
    },
    expect: {
      network: { transport: 'udp', direction: 'ingress', type: 'ipv6' },
      source: { ip: 'fe80:0:0:0:c8e5:6e5c:3d6a:1a4b', port: 5353 },
      destination: { port: 5353 },
      'related.ip': ['fe80:0:0:0:c8e5:6e5c:3d6a:1a4b'],
    },
  },
  {
    id: 4,
    title: 'service state change',
    data: {
      UtcTime: '2023-03-01 10:20:30.123',
      State: 'Started',
      Version: '14.13',
      SchemaVersion: '4.90',
    },
    expect: {
      'event.category': ['process'],
      'event.type': ['change'],
      'event.action': 'Sysmon service state changed',
      process: undefined,
      'user.id': 'S-1-5-18',
      'winlog.event_data': { State: 'Started', Version: '14.13', SchemaVersion: '4.90' },
    },
  },
  {
    id: 5,
    title: 'process terminated',
    data: { ...BASE, Image: 'C:\\Temp\\a.exe', User: 'CORP\\bob' },
    expect: {
      'event.category': ['process'],
      'event.type': ['end'],
      'event.action': 'Process terminated',
      process: { entity_id: PROC, pid: 5184, executable: 'C:\\Temp\\a.exe', name: 'a.exe' },
      'winlog.event_data': undefined,
    },
  },
  {
    id: 6,
    title: 'driver loaded',
    data: {
      UtcTime: '2023-03-01 10:20:30.123',
      ImageLoaded: 'C:\\Windows\\System32\\drivers\\rootkit.sys',
      Hashes: 'SHA256=AA11',
      Signed: 'false',
      Signature: 'Unknown Vendor',
      SignatureStatus: 'Unavailable',
    },
    expect: {
      'event.category': ['driver'],
      'event.type': ['start'],
      'event.action': 'Driver loaded',
      file: {
        path: 'C:\\Windows\\System32\\drivers\\rootkit.sys',
        name: 'rootkit.sys',
        directory: 'C:\\Windows\\System32\\drivers',
        extension: 'sys',
        hash: { sha256: 'aa11' },
        code_signature: {
          subject_name: 'Unknown Vendor',
          status: 'Unavailable',
          signed: false,
          trusted: false,
        },
      },
      'related.hash': ['aa11'],
      dll: undefined,
      'winlog.event_data': {
        Signed: 'false',
        Signature: 'Unknown Vendor',
        SignatureStatus: 'Unavailable',
      },
    },
  },
  {
    id: 7,
    title: 'signed image loaded',
    data: {
      ...BASE,
      Image: 'C:\\Windows\\System32\\rundll32.exe',
      ImageLoaded: 'C:\\Users\\bob\\AppData\\Local\\Temp\\x.dll',
      FileVersion: '1.0',
      Description: 'X',
      Product: 'X Product',
      Company: 'X Corp',
      OriginalFileName: 'x.dll',
      Hashes: 'MD5=C7C45610F644906E6F7D664EF2E45B08,IMPHASH=00000000000000000000000000000000',
      Signed: 'true',
      Signature: 'X Corp',
      SignatureStatus: 'Valid',
    },
    expect: {
      'event.category': ['process', 'library'],
      'event.type': ['change', 'start'],
      'event.action': ['Image loaded', 'load'],
      'process.pe': undefined,
      file: {
        path: 'C:\\Users\\bob\\AppData\\Local\\Temp\\x.dll',
        name: 'x.dll',
        directory: 'C:\\Users\\bob\\AppData\\Local\\Temp',
        extension: 'dll',
        hash: { md5: MD5 },
        pe: {
          original_file_name: 'x.dll',
          company: 'X Corp',
          description: 'X',
          file_version: '1.0',
          product: 'X Product',
        },
        code_signature: {
          subject_name: 'X Corp',
          status: 'Valid',
          signed: true,
          valid: true,
          trusted: true,
        },
      },
      dll: {
        name: 'x.dll',
        path: 'C:\\Users\\bob\\AppData\\Local\\Temp\\x.dll',
        hash: { md5: MD5 },
        pe: { original_file_name: 'x.dll' },
        code_signature: { subject_name: 'X Corp', signed: true, status: 'Valid', trusted: true },
      },
      'related.hash': [MD5],
    },
  },
  {
    id: 8,
    title: 'remote thread created',
    data: {
      RuleName: '-',
      UtcTime: '2023-03-01 10:20:30.123',
      SourceProcessGuid: PROC,
      SourceProcessId: '5184',
      SourceImage: 'C:\\Temp\\injector.exe',
      TargetProcessGuid: PARENT,
      TargetProcessId: '644',
      TargetImage: 'C:\\Windows\\System32\\lsass.exe',
      NewThreadId: '7716',
      StartAddress: '0x00007FF8A1B21D40',
      StartModule: '-',
      StartFunction: '-',
    },
    expect: {
      'event.category': ['process'],
      'event.type': ['change'],
      'event.action': 'CreateRemoteThread',
      process: {
        entity_id: PROC,
        pid: 5184,
        executable: 'C:\\Temp\\injector.exe',
        name: 'injector.exe',
      },
      'winlog.event_data': {
        TargetProcessGUID: PARENT,
        TargetProcessId: '644',
        TargetImage: 'C:\\Windows\\System32\\lsass.exe',
        NewThreadId: '7716',
        StartAddress: '0x00007FF8A1B21D40',
      },
    },
  },
  {
    id: 9,
    title: 'raw disk access',
    data: { ...BASE, Image: 'C:\\Temp\\ntfs.exe', Device: '\\Device\\HarddiskVolume2' },
    expect: {
      'event.category': ['process'],
      'event.type': ['access'],
      'event.action': 'RawAccessRead',
      file: {
        path: '\\Device\\HarddiskVolume2',
        name: 'HarddiskVolume2',
        directory: '\\Device',
      },
    },
  },
  {
    id: 10,
    title: 'process access',
    data: {
      RuleName: '-',
      UtcTime: '2023-03-01 10:20:30.123',
      SourceProcessGUID: PROC,
      SourceProcessId: '5184',
      SourceThreadId: '6000',
      SourceImage: 'C:\\Temp\\mimikatz.exe',
      TargetProcessGUID: PARENT,
      TargetProcessId: '644',
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1010',
      CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9c534|UNKNOWN(00000000001A0000)',
      SourceUser: 'CORP\\alice',
      TargetUser: 'NT AUTHORITY\\SYSTEM',
    },
    expect: {
      'event.category': ['process'],
      'event.type': ['access'],
      'event.action': 'ProcessAccess',
      process: {
        entity_id: PROC,
        pid: 5184,
        thread: { id: 6000 },
        executable: 'C:\\Temp\\mimikatz.exe',
        name: 'mimikatz.exe',
      },
      user: { id: 'S-1-5-18' },
      'winlog.event_data': {
        TargetProcessGUID: PARENT,
        TargetProcessId: '644',
        TargetImage: 'C:\\Windows\\system32\\lsass.exe',
        GrantedAccess: '0x1010',
        CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9c534|UNKNOWN(00000000001A0000)',
        SourceUser: 'CORP\\alice',
        TargetUser: 'NT AUTHORITY\\SYSTEM',
      },
    },
  },
  {
    id: 11,
    title: 'file created',
    data: {
      ...BASE,
      Image: 'C:\\Windows\\Explorer.EXE',
      TargetFilename: 'C:\\Users\\IEUser\\Downloads\\Flash_update.exe',
      CreationUtcTime: '2019-04-27 15:57:25.868',
      User: 'IEWIN7\\IEUser',
    },
    expect: {
      'event.category': ['file'],
      'event.type': ['creation'],
      'event.action': 'FileCreate',
      file: {
        path: 'C:\\Users\\IEUser\\Downloads\\Flash_update.exe',
        name: 'Flash_update.exe',
        directory: 'C:\\Users\\IEUser\\Downloads',
        extension: 'exe',
      },
      'process.name': 'Explorer.EXE',
      'winlog.event_data': { CreationUtcTime: '2019-04-27 15:57:25.868' },
    },
  },
  {
    id: 11,
    title: 'file created in a dotted directory without an extension',
    data: { ...BASE, TargetFilename: 'C:\\Users\\a.b\\README' },
    expect: {
      file: {
        path: 'C:\\Users\\a.b\\README',
        name: 'README',
        directory: 'C:\\Users\\a.b',
        extension: 'b\\README',
      },
    },
  },
  {
    id: 12,
    title: 'registry key created',
    data: {
      ...BASE,
      EventType: 'CreateKey',
      Image: 'C:\\Windows\\regedit.exe',
      TargetObject:
        'HKU\\S-1-5-21-1-2-3-1001\\Software\\Classes\\ms-settings\\shell\\open\\command',
    },
    expect: {
      'event.category': ['configuration', 'registry'],
      'event.type': ['change'],
      'event.action': 'RegistryEvent (Object create and delete)',
      registry: {
        path: 'HKU\\S-1-5-21-1-2-3-1001\\Software\\Classes\\ms-settings\\shell\\open\\command',
        hive: 'HKU',
        key: 'S-1-5-21-1-2-3-1001\\Software\\Classes\\ms-settings\\shell\\open\\command',
        value: 'command',
      },
      'winlog.event_data': { EventType: 'CreateKey' },
    },
  },
  {
    id: 13,
    title: 'registry DWORD value set',
    data: {
      ...BASE,
      EventType: 'SetValue',
      TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\WinDefend\\Start',
      Details: 'DWORD (0x00000004)',
    },
    expect: {
      'event.action': 'RegistryEvent (Value Set)',
      registry: {
        path: 'HKLM\\System\\CurrentControlSet\\Services\\WinDefend\\Start',
        hive: 'HKLM',
        key: 'System\\CurrentControlSet\\Services\\WinDefend\\Start',
        value: 'Start',
        data: { strings: ['4'], type: 'SZ_DWORD' },
      },
      // Details is mapped to registry.data and then removed, as Elastic's expectations show
      'winlog.event_data': { EventType: 'SetValue' },
    },
  },
  {
    id: 13,
    title: 'registry string value set',
    data: {
      ...BASE,
      TargetObject: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater',
      Details: 'C:\\Users\\bob\\updater.exe -q',
    },
    expect: {
      'registry.hive': 'HKCU',
      'registry.value': 'updater',
      'registry.data': { strings: ['C:\\Users\\bob\\updater.exe -q'], type: 'REG_SZ' },
    },
  },
  {
    id: 13,
    title: 'registry QWORD and binary values',
    data: {
      ...BASE,
      TargetObject: '\\REGISTRY\\MACHINE\\X\\Q',
      Details: 'QWORD (0x00000001-0x00000002)',
    },
    expect: {
      registry: {
        path: '\\REGISTRY\\MACHINE\\X\\Q',
        value: 'Q',
        data: { strings: ['258'], type: 'SZ_QWORD' },
      },
    },
  },
  {
    id: 13,
    title: 'registry binary value',
    data: { ...BASE, TargetObject: 'HKLM\\SAM\\V', Details: 'Binary Data' },
    expect: { 'registry.data': { strings: ['Binary Data'], type: 'REG_BINARY' } },
  },
  {
    id: 14,
    title: 'registry key renamed',
    data: {
      ...BASE,
      EventType: 'RenameKey',
      TargetObject: 'HKLM\\Software\\Old',
      NewName: 'HKLM\\Software\\New',
    },
    expect: {
      'event.action': 'RegistryEvent (Key and Value Rename)',
      registry: { path: 'HKLM\\Software\\Old', hive: 'HKLM', key: 'Software\\Old', value: 'Old' },
      'winlog.event_data': { EventType: 'RenameKey', NewName: 'HKLM\\Software\\New' },
    },
  },
  {
    id: 15,
    title: 'alternate data stream created',
    data: {
      ...BASE,
      TargetFilename: 'C:\\Users\\bob\\Downloads\\setup.exe:Zone.Identifier',
      CreationUtcTime: '2023-03-01 10:20:30.000',
      Hash: 'SHA1=0000000000000000000000000000000000000000,SHA256=BB22',
      Contents: '[ZoneTransfer]  ZoneId=3',
    },
    expect: {
      'event.category': ['file'],
      'event.type': ['access'],
      'event.action': 'FileCreateStreamHash',
      'file.hash': { sha256: 'bb22' },
      'file.extension': 'Identifier',
      'related.hash': ['bb22'],
      'winlog.event_data': {
        CreationUtcTime: '2023-03-01 10:20:30.000',
        Contents: '[ZoneTransfer]  ZoneId=3',
      },
    },
  },
  {
    id: 16,
    title: 'configuration change',
    data: {
      UtcTime: '2023-03-01 10:20:30.123',
      Configuration: 'C:\\sysmon.xml',
      ConfigurationFileHash: 'SHA256=CC',
    },
    expect: {
      'event.category': ['configuration'],
      'event.type': ['change'],
      'event.action': 'ServiceConfigurationChange',
      'winlog.event_data': { Configuration: 'C:\\sysmon.xml', ConfigurationFileHash: 'SHA256=CC' },
    },
  },
  {
    id: 17,
    title: 'pipe created',
    data: {
      ...BASE,
      EventType: 'CreatePipe',
      PipeName: '\\PSEXESVC',
      Image: 'C:\\Windows\\PSEXESVC.exe',
    },
    expect: {
      'event.category': ['file'],
      'event.type': ['creation'],
      'event.action': 'PipeEvent (Pipe Created)',
      file: { name: '\\PSEXESVC' },
      'process.name': 'PSEXESVC.exe',
    },
  },
  {
    id: 18,
    title: 'pipe connected',
    data: { ...BASE, EventType: 'ConnectPipe', PipeName: '\\lsarpc', Image: 'System' },
    expect: {
      'event.type': ['access'],
      'event.action': 'PipeEvent (Pipe Connected)',
      'file.name': '\\lsarpc',
      'process.executable': 'System',
      'process.name': undefined,
    },
  },
  {
    id: 19,
    title: 'WMI filter',
    data: {
      RuleName: '-',
      EventType: 'WmiFilterEvent',
      UtcTime: '2023-03-01 10:20:30.123',
      Operation: 'Created',
      User: 'CORP\\admin',
      EventNamespace: '"root\\cimv2"',
      Name: '"evil"',
      Query: '"SELECT * FROM __InstanceModificationEvent"',
    },
    expect: {
      'event.category': ['process'],
      'event.type': ['creation'],
      'event.action': 'WmiEvent (WmiEventFilter activity detected)',
      user: { id: 'S-1-5-18', domain: 'CORP', name: 'admin' },
      'winlog.event_data': {
        EventType: 'WmiFilterEvent',
        Operation: 'Created',
        EventNamespace: '"root\\cimv2"',
        Name: '"evil"',
        Query: '"SELECT * FROM __InstanceModificationEvent"',
      },
    },
  },
  {
    id: 20,
    title: 'WMI consumer',
    data: {
      EventType: 'WmiConsumerEvent',
      UtcTime: '2023-03-01 10:20:30.123',
      Operation: 'Created',
      Name: '"evil"',
      Type: 'Command Line',
      Destination: '"C:\\Windows\\System32\\cmd.exe /c calc"',
    },
    expect: {
      'event.type': ['creation'],
      'event.action': 'WmiEvent (WmiEventConsumer activity detected)',
      'process.executable': '"C:\\Windows\\System32\\cmd.exe /c calc"',
      'process.name': 'cmd.exe /c calc"',
      'winlog.event_data.Type': 'Command Line',
    },
  },
  {
    id: 21,
    title: 'WMI binding',
    data: {
      EventType: 'WmiBindingEvent',
      UtcTime: '2023-03-01 10:20:30.123',
      Consumer: 'c',
      Filter: 'f',
    },
    expect: {
      'event.type': ['access'],
      'event.action': 'WmiEvent (WmiEventConsumerToFilter activity detected)',
      'winlog.event_data': { EventType: 'WmiBindingEvent', Consumer: 'c', Filter: 'f' },
    },
  },
  {
    id: 22,
    title: 'DNS query',
    data: {
      ...BASE,
      QueryName: 'go.microsoft.com',
      QueryStatus: '0',
      QueryResults:
        'type:  5 go.microsoft.com.edgekey.net;type:  5 e11290.dspg.akamaiedge.net;::ffff:89.160.20.156;',
      Image: 'C:\\Program Files\\Internet Explorer\\iexplore.exe',
    },
    expect: {
      'event.category': ['network'],
      'event.type': ['connection', 'protocol', 'info'],
      'event.action': 'DNSEvent (DNS query)',
      dns: {
        question: {
          name: 'go.microsoft.com',
          registered_domain: 'microsoft.com',
          top_level_domain: 'com',
          subdomain: 'go',
        },
        answers: [
          { type: 'CNAME', data: 'go.microsoft.com.edgekey.net' },
          { type: 'CNAME', data: 'e11290.dspg.akamaiedge.net' },
          { type: 'A', data: '89.160.20.156' },
        ],
        resolved_ip: ['89.160.20.156'],
      },
      'network.protocol': 'dns',
      'sysmon.dns.status': 'SUCCESS',
      related: {
        hosts: ['go.microsoft.com.edgekey.net', 'e11290.dspg.akamaiedge.net', 'go.microsoft.com'],
        ip: ['89.160.20.156'],
      },
      'winlog.event_data': undefined,
    },
  },
  {
    id: 22,
    title: 'DNS query that failed',
    data: { ...BASE, QueryName: 'nx.example', QueryStatus: '9003', QueryResults: '-' },
    expect: {
      'sysmon.dns.status': 'DNS_ERROR_RCODE_NAME_ERROR',
      'dns.answers': undefined,
      'related.hosts': ['nx.example'],
    },
  },
  {
    id: 23,
    title: 'file delete archived',
    data: {
      ...BASE,
      User: 'VAGRANT-2012-R2\\vagrant',
      Image: 'C:\\go\\bin\\go.exe',
      TargetFilename: 'C:\\Temp\\b001\\test.test.exe',
      Hashes: 'MD5=199E1CF5B2250BD515ECCCF4CA686301,IMPHASH=D90D8C7812AEC8DA0FA173AFA1293AB2',
      IsExecutable: 'true',
      Archived: 'true',
    },
    expect: {
      'event.category': ['file'],
      'event.type': ['deletion'],
      'event.action': 'FileDelete (File Delete archived)',
      'process.hash': { md5: '199e1cf5b2250bd515ecccf4ca686301' },
      'process.pe': { imphash: 'd90d8c7812aec8da0fa173afa1293ab2' },
      'file.name': 'test.test.exe',
      sysmon: { file: { archived: true, is_executable: true } },
      related: {
        hash: ['199e1cf5b2250bd515ecccf4ca686301', 'd90d8c7812aec8da0fa173afa1293ab2'],
        user: ['vagrant'],
      },
      'winlog.event_data': undefined,
    },
  },
  {
    id: 24,
    title: 'clipboard change',
    data: {
      ...BASE,
      Image: 'C:\\x.exe',
      Session: '1',
      ClientInfo: 'user: bob',
      Hashes: 'SHA1=AB',
      Archived: 'false',
    },
    expect: {
      'event.category': undefined,
      'event.type': ['change'],
      'event.action': 'ClipboardChange (New content in the clipboard)',
      'process.hash': { sha1: 'ab' },
      'sysmon.file.archived': false,
    },
  },
  {
    id: 25,
    title: 'process tampering',
    data: { ...BASE, Image: 'C:\\x.exe', Type: 'Image is replaced' },
    expect: {
      'event.category': ['process'],
      'event.type': ['change'],
      'event.action': 'ProcessTampering (Process image change)',
      message: 'Image is replaced',
      'winlog.event_data': undefined,
    },
  },
  {
    id: 26,
    title: 'file delete logged',
    data: {
      ...BASE,
      TargetFilename: 'C:\\Temp\\x.ps1',
      Hashes: 'SHA256=DD',
      IsExecutable: 'false',
    },
    expect: {
      'event.category': ['file'],
      'event.type': ['deletion'],
      'event.action': 'FileDeleteDetected (File Delete logged)',
      'file.hash': { sha256: 'dd' },
      'file.extension': 'ps1',
      'sysmon.file.is_executable': false,
    },
  },
  {
    id: 27,
    title: 'executable blocked',
    data: { ...BASE, TargetFilename: 'C:\\Temp\\x.exe', Hashes: 'SHA256=EE' },
    expect: {
      'event.category': ['file'],
      'event.type': ['creation', 'denied'],
      'event.action': 'FileBlockExecutable',
      'file.hash': undefined,
      'related.hash': ['ee'],
    },
  },
  {
    id: 28,
    title: 'shredding blocked',
    data: { ...BASE, TargetFilename: 'C:\\Temp\\x.txt' },
    expect: { 'event.type': ['deletion', 'denied'], 'event.action': 'FileBlockShredding' },
  },
  {
    id: 29,
    title: 'executable detected',
    data: { ...BASE, TargetFilename: 'C:\\Temp\\x.exe', Hashes: 'SHA256=FF' },
    expect: {
      'event.type': ['creation'],
      'event.action': 'FileExecutableDetected',
      'file.hash': { sha256: 'ff' },
    },
  },
  {
    id: 255,
    title: 'error',
    data: {
      UtcTime: '2023-03-01 10:20:30.123',
      ID: 'DriverCommunication',
      Description: 'Failed to open service configuration',
    },
    expect: {
      'event.category': ['process'],
      'event.type': ['error'],
      'event.action': 'Error',
      'error.code': 'DriverCommunication',
      'winlog.event_data': { Description: 'Failed to open service configuration' },
    },
  },
]

describe('mapWindowsEvent for Sysmon', () => {
  for (const { id, title, data, expect } of cases) {
    test(`maps event ${id} (${title})`, () => {
      assertFields(sysmon(id, data), expect)
    })
  }

  test('keeps the Winlogbeat fields and drops empty values', () => {
    const doc = sysmon(5, {
      RuleName: '-',
      UtcTime: 'not a time',
      ProcessGuid: '{00000000-0000-0000-0000-000000000000}',
    })
    assert.deepEqual(doc.winlog, {
      provider_name: 'Microsoft-Windows-Sysmon',
      provider_guid: GUID,
      event_id: '5',
      version: 5,
      opcode: 'Info',
      record_id: '4242',
      process: { pid: 3060, thread: { id: 4012 } },
      channel: 'Microsoft-Windows-Sysmon/Operational',
      computer_name: 'ws01.corp.local',
      user: { identifier: 'S-1-5-18' },
    })
    assert.equal(doc['@timestamp'], '2023-03-01T10:20:30.456Z')
    assert.deepEqual(doc.host, {
      name: 'ws01.corp.local',
      id: 'ws01.corp.local',
      os: { type: 'windows', family: 'windows' },
    })
    assert.equal(get(doc, 'rule'), undefined)
    assert.equal(get(doc, 'process'), undefined)
  })

  test('ignores Hashes that are not key=value pairs', () => {
    const doc = sysmon(1, { ...BASE, Hashes: 'garbage' })
    assert.equal(get(doc, 'process.hash'), undefined)
    assert.equal(get(doc, 'related'), undefined)
  })

  test('sets log.file.path from the context', () => {
    const item = [
      ...parseEventXmlText(
        '<Event><System><Channel>Microsoft-Windows-Sysmon/Operational</Channel></System></Event>',
        'x',
      ),
    ][0]
    assert.equal(item?.kind, 'event')
    if (item?.kind !== 'event') return
    assert.deepEqual(mapWindowsEvent(item.event, { filePath: 'C:\\logs\\sysmon.evtx' }).log, {
      file: { path: 'C:\\logs\\sysmon.evtx' },
    })
  })
})

describe('sysmon hashes repeated across events', () => {
  test('gives each event its own related.hash list', () => {
    const data = { Image: 'C:\\Windows\\System32\\cmd.exe', Hashes: HASHES }
    const hashList = (doc: EcsDocument): string[] => (doc.related as { hash: string[] }).hash
    const first = hashList(sysmon(1, data))
    const expected = [...first]
    first.push('changed')
    assert.deepEqual(hashList(sysmon(1, data)), expected)
  })
})
