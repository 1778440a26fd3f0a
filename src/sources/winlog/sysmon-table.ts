import type { Category } from './categorize.ts'
import { categoryTable } from './categorize.ts'

/**
 * Sysmon event id → ECS categorisation, as the `windows` integration's `sysmon_operational`
 * pipeline sets it; event 7 carries the `library`/`start`/`load` additions of the current pipeline
 * (seen in its image-loaded test expectation).
 */
export const SYSMON_CATEGORIES: ReadonlyMap<string, Category> = categoryTable({
  '1': ['process', 'start', 'Process creation'],
  '2': ['file', 'change', 'A process changed a file creation time'],
  '3': ['network', 'start,connection,protocol', 'Network connection'],
  '4': ['process', 'change', 'Sysmon service state changed'],
  '5': ['process', 'end', 'Process terminated'],
  '6': ['driver', 'start', 'Driver loaded'],
  '7': ['process,library', 'change,start', ['Image loaded', 'load']],
  '8': ['process', 'change', 'CreateRemoteThread'],
  '9': ['process', 'access', 'RawAccessRead'],
  '10': ['process', 'access', 'ProcessAccess'],
  '11': ['file', 'creation', 'FileCreate'],
  '12': ['configuration,registry', 'change', 'RegistryEvent (Object create and delete)'],
  '13': ['configuration,registry', 'change', 'RegistryEvent (Value Set)'],
  '14': ['configuration,registry', 'change', 'RegistryEvent (Key and Value Rename)'],
  '15': ['file', 'access', 'FileCreateStreamHash'],
  '16': ['configuration', 'change', 'ServiceConfigurationChange'],
  '17': ['file', 'creation', 'PipeEvent (Pipe Created)'],
  '18': ['file', 'access', 'PipeEvent (Pipe Connected)'],
  '19': ['process', 'creation', 'WmiEvent (WmiEventFilter activity detected)'],
  '20': ['process', 'creation', 'WmiEvent (WmiEventConsumer activity detected)'],
  '21': ['process', 'access', 'WmiEvent (WmiEventConsumerToFilter activity detected)'],
  '22': ['network', 'connection,protocol,info', 'DNSEvent (DNS query)'],
  '23': ['file', 'deletion', 'FileDelete (File Delete archived)'],
  '24': ['', 'change', 'ClipboardChange (New content in the clipboard)'],
  '25': ['process', 'change', 'ProcessTampering (Process image change)'],
  '26': ['file', 'deletion', 'FileDeleteDetected (File Delete logged)'],
  '27': ['file', 'creation,denied', 'FileBlockExecutable'],
  '28': ['file', 'deletion,denied', 'FileBlockShredding'],
  '29': ['file', 'creation', 'FileExecutableDetected'],
  '255': ['process', 'error', 'Error'],
})

/** Event ids whose Hashes describe the process (else, for the `FILE_HASH_CODES`, the file). */
export const PROCESS_HASH_CODES: ReadonlySet<string> = new Set(['1', '23', '24', '25'])

/** Event ids whose Hashes describe `file.*`. */
export const FILE_HASH_CODES: ReadonlySet<string> = new Set(['6', '7', '15', '26', '29'])

/** Values the pipeline treats as missing and drops from event_data before mapping. */
export const EMPTY_VALUES: ReadonlySet<string> = new Set([
  '',
  '-',
  '{00000000-0000-0000-0000-000000000000}',
])

/** event_data keys the pipeline removes once mapped (renames remove their source themselves). */
export const SYSMON_REMOVED_KEYS: readonly string[] = [
  'ProcessId',
  'ParentProcessId',
  'SourceProcessId',
  'SourceThreadId',
  'SourceIp',
  'SourcePort',
  'SourcePortName',
  'DestinationIp',
  'DestinationPort',
  'DestinationPortName',
  'RuleName',
  'User',
  'Initiated',
  'SourceIsIpv6',
  'DestinationIsIpv6',
  'QueryStatus',
  'Archived',
  'IsExecutable',
  'QueryResults',
  'UtcTime',
  'Hash',
  'Hashes',
  'TargetObject',
]

/** DNS record type numbers in Sysmon's QueryResults (`type:  5 name`). */
export const DNS_TYPES: Readonly<Record<string, string>> = {
  '1': 'A',
  '2': 'NS',
  '3': 'MD',
  '4': 'MF',
  '5': 'CNAME',
  '6': 'SOA',
  '7': 'MB',
  '8': 'MG',
  '9': 'MR',
  '10': 'NULL',
  '11': 'WKS',
  '12': 'PTR',
  '13': 'HINFO',
  '14': 'MINFO',
  '15': 'MX',
  '16': 'TXT',
  '17': 'RP',
  '18': 'AFSDB',
  '19': 'X25',
  '20': 'ISDN',
  '21': 'RT',
  '22': 'NSAP',
  '23': 'NSAPPTR',
  '24': 'SIG',
  '25': 'KEY',
  '26': 'PX',
  '27': 'GPOS',
  '28': 'AAAA',
  '29': 'LOC',
  '30': 'NXT',
  '31': 'EID',
  '32': 'NIMLOC',
  '33': 'SRV',
  '34': 'ATMA',
  '35': 'NAPTR',
  '36': 'KX',
  '37': 'CERT',
  '38': 'A6',
  '39': 'DNAME',
  '40': 'SINK',
  '41': 'OPT',
  '43': 'DS',
  '46': 'RRSIG',
  '47': 'NSEC',
  '48': 'DNSKEY',
  '49': 'DHCID',
  '100': 'UINFO',
  '101': 'UID',
  '102': 'GID',
  '103': 'UNSPEC',
  '248': 'ADDRS',
  '249': 'TKEY',
  '250': 'TSIG',
  '251': 'IXFR',
  '252': 'AXFR',
  '253': 'MAILB',
  '254': 'MAILA',
  '255': 'ANY',
  '65281': 'WINS',
  '65282': 'WINSR',
}
