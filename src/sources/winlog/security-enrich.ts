import { child, decodeLong, text } from './doc.ts'
import type { FlagTable } from './security-codes.ts'
import {
  ENCRYPTION_TYPES,
  KERBEROS_STATUS,
  LOGON_FAILURE_STATUS,
  LOGON_TYPES,
  SERVICE_TYPES,
  TICKET_OPTIONS,
  TRUST_ATTRIBUTES,
  TRUST_DIRECTIONS,
  TRUST_TYPES,
  UAC_FLAGS,
} from './security-codes.ts'
import { decodeSecurityMessages } from './security-messages.ts'
import { KERBEROS_CODES } from './security-table.ts'
import type { EcsDocument, Winlog } from './types.ts'

const SUBCATEGORY_SUFFIX = '-69AE-11D9-BED3-505054503030'

/** Audit subcategory GUID (`0CCE92xx…`) → [subcategory, category]. */
const AUDIT_SUBCATEGORIES: ReadonlyMap<string, readonly [string, string]> = new Map(
  (
    [
      ['10', 'Security State Change', 'System'],
      ['11', 'Security System Extension', 'System'],
      ['12', 'System Integrity', 'System'],
      ['13', 'IPsec Driver', 'System'],
      ['14', 'Other System Events', 'System'],
      ['15', 'Logon', 'Logon/Logoff'],
      ['16', 'Logoff', 'Logon/Logoff'],
      ['17', 'Account Lockout', 'Logon/Logoff'],
      ['18', 'IPsec Main Mode', 'Logon/Logoff'],
      ['19', 'IPsec Quick Mode', 'Logon/Logoff'],
      ['1A', 'IPsec Extended Mode', 'Logon/Logoff'],
      ['1B', 'Special Logon', 'Logon/Logoff'],
      ['1C', 'Other Logon/Logoff Events', 'Logon/Logoff'],
      ['43', 'Network Policy Server', 'Logon/Logoff'],
      ['47', 'User / Device Claims', 'Logon/Logoff'],
      ['1D', 'File System', 'Object Access'],
      ['1E', 'Registry', 'Object Access'],
      ['1F', 'Kernel Object', 'Object Access'],
      ['20', 'SAM', 'Object Access'],
      ['21', 'Certification Services', 'Object Access'],
      ['22', 'Application Generated', 'Object Access'],
      ['23', 'Handle Manipulation', 'Object Access'],
      ['24', 'File Share', 'Object Access'],
      ['25', 'Filtering Platform Packet Drop', 'Object Access'],
      ['26', 'Filtering Platform Connection ', 'Object Access'],
      ['27', 'Other Object Access Events', 'Object Access'],
      ['44', 'Detailed File Share', 'Object Access'],
      ['45', 'Removable Storage', 'Object Access'],
      ['46', 'Central Policy Staging', 'Object Access'],
      ['28', 'Sensitive Privilege Use', 'Privilege Use'],
      ['29', 'Non Sensitive Privilege Use', 'Privilege Use'],
      ['2A', 'Other Privilege Use Events', 'Privilege Use'],
      ['2B', 'Process Creation', 'Detailed Tracking'],
      ['2C', 'Process Termination', 'Detailed Tracking'],
      ['2D', 'DPAPI Activity', 'Detailed Tracking'],
      ['2E', 'RPC Events', 'Detailed Tracking'],
      ['48', 'Plug and Play Events', 'Detailed Tracking'],
      ['2F', 'Audit Policy Change', 'Policy Change'],
      ['30', 'Authentication Policy Change', 'Policy Change'],
      ['31', 'Authorization Policy Change', 'Policy Change'],
      ['32', 'MPSSVC Rule-Level Policy Change', 'Policy Change'],
      ['33', 'Filtering Platform Policy Change', 'Policy Change'],
      ['34', 'Other Policy Change Events', 'Policy Change'],
      ['35', 'User Account Management', 'Account Management'],
      ['36', 'Computer Account Management', 'Account Management'],
      ['37', 'Security Group Management', 'Account Management'],
      ['38', 'Distribution Group Management', 'Account Management'],
      ['39', 'Application Group Management', 'Account Management'],
      ['3A', 'Other Account Management Events', 'Account Management'],
      ['3B', 'Directory Service Access', 'Account Management'],
      ['3C', 'Directory Service Changes', 'Account Management'],
      ['3D', 'Directory Service Replication', 'Account Management'],
      ['3E', 'Detailed Directory Service Replication', 'Account Management'],
      ['3F', 'Credential Validation', 'Account Logon'],
      ['40', 'Kerberos Service Ticket Operations', 'Account Logon'],
      ['41', 'Other Account Logon Events', 'Account Logon'],
      ['42', 'Kerberos Authentication Service', 'Account Logon'],
    ] as const
  ).map(([suffix, sub, category]) => [`0CCE92${suffix}${SUBCATEGORY_SUFFIX}`, [sub, category]]),
)

/** Decodes the Security fields the pipeline translates in place (in its processor order). */
export function enrichSecurityData(doc: EcsDocument, winlog: Winlog, code: string): void {
  const data = winlog.event_data
  if (data === undefined) return
  setLogonType(winlog, text(data, 'LogonType'))
  decodeUac(data)
  const ticketOptions = decodeFlags(text(data, 'TicketOptions'), TICKET_OPTIONS)
  if (ticketOptions.length > 0) data.TicketOptionsDescription = ticketOptions
  const encryption = text(data, 'TicketEncryptionType')
  if (encryption !== undefined)
    setKnown(data, 'TicketEncryptionTypeDescription', ENCRYPTION_TYPES[encryption.toLowerCase()])
  const status = text(data, 'Status')
  if (status !== undefined && KERBEROS_CODES.has(code))
    setKnown(data, 'StatusDescription', KERBEROS_STATUS[status])
  setService(doc, data)
  setAuditSubcategory(data)
  decodeSecurityMessages(winlog, data)
  if (code === '4625' || code === '4776' || code === '4793') setFailureStatus(winlog, data)
  setTrust(winlog, data)
}

function setLogonType(winlog: Winlog, logonType: string | undefined): void {
  const name = logonType === undefined ? undefined : LOGON_TYPES[logonType]
  if (name !== undefined) child(winlog, 'logon').type = name
}

function decodeUac(data: Record<string, unknown>): void {
  const value = text(data, 'NewUacValue')
  if (value === undefined || value === '-') return
  const names = decodeFlags(value, UAC_FLAGS)
  if (names.length === 0) return
  data.NewUACList = names
  const control = text(data, 'UserAccountControl')
  if (control === undefined || control === '-') return
  data.UserAccountControl = control
    .split('%%')
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

/** The names of the flags set in a `0x…` word, in table order. */
export function decodeFlags(value: string | undefined, table: FlagTable): string[] {
  const word = decodeLong(value)
  if (word === undefined) return []
  const names: string[] = []
  for (const [flag, name] of table) if (hasAll(word, flag)) names.push(name)

  return names
}

function hasAll(word: number, flag: number): boolean {
  // the flag tables are 32-bit; bitwise operators work on the low 32 bits of the word
  return (word & flag) >>> 0 === flag >>> 0
}

/**
 * Sets a description the pipeline looks up; one it does not know it sets to null, which its last
 * step removes, so it is left out.
 */
function setKnown(data: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value !== undefined) data[key] = value
}

function setService(doc: EcsDocument, data: Record<string, unknown>): void {
  const name = text(data, 'ServiceName')
  const type = text(data, 'ServiceType')
  if (name !== undefined) child(doc, 'service').name = name
  const typeName = type === undefined ? undefined : SERVICE_TYPES[type]
  if (typeName !== undefined) child(doc, 'service').type = typeName
}

function setAuditSubcategory(data: Record<string, unknown>): void {
  const guid = text(data, 'SubcategoryGuid')
  if (guid === undefined) return
  const entry = AUDIT_SUBCATEGORIES.get(guid.replace('{', '').replace('}', '').toUpperCase())
  if (entry === undefined) return
  data.Category = entry[1]
  data.SubCategory = entry[0]
}

function setFailureStatus(winlog: Winlog, data: Record<string, unknown>): void {
  const status = text(data, 'Status')
  const statusText = status === undefined ? undefined : LOGON_FAILURE_STATUS[status]
  if (statusText !== undefined) child(child(winlog, 'logon'), 'failure').status = statusText
  const sub = text(data, 'SubStatus')
  const subText = sub === undefined ? undefined : LOGON_FAILURE_STATUS[sub]
  if (subText !== undefined) child(child(winlog, 'logon'), 'failure').sub_status = subText
}

function setTrust(winlog: Winlog, data: Record<string, unknown>): void {
  const type = TRUST_TYPES[text(data, 'TdoType') ?? '']
  if (type !== undefined) winlog.trustType = type
  const direction = TRUST_DIRECTIONS[text(data, 'TdoDirection') ?? '']
  if (direction !== undefined) winlog.trustDirection = direction
  const attribute = TRUST_ATTRIBUTES[text(data, 'TdoAttributes') ?? '']
  if (attribute !== undefined) winlog.trustAttribute = attribute
}
