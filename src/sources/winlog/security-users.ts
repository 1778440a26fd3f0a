import { addRelated, child, javaSplit, text } from './doc.ts'
import {
  COMPUTER_CODES,
  GROUP_CODES,
  SUBJECT_USER_CODES,
  TARGET_LOGON_CODES,
  TARGET_TO_EFFECTIVE_CODES,
  TARGET_TO_TARGET_CODES,
  TARGET_USER_CODES,
} from './security-table.ts'
import type { EcsDocument, Winlog } from './types.ts'

type Data = Record<string, unknown>

/** A comma that separates the parts of a distinguished name: one not escaped by a backslash. */
const UNESCAPED_COMMA_RE = /(?<!\\),/

/**
 * Fills `user.*`, `user.target.*`, `user.effective.*`, `group.*` and `winlog.logon.id` from the
 * Subject and Target fields, in the order the Security pipeline runs its scripts (later scripts
 * overwrite earlier ones, which decides who `user.*` is for each event code).
 */
export function copySecurityUsers(doc: EcsDocument, winlog: Winlog, code: string): void {
  const data = winlog.event_data ?? {}
  if (code === '4778' || code === '4779') copySession(doc, winlog, data)
  if (TARGET_USER_CODES.has(code)) copyTargetUser(doc, data)
  if (GROUP_CODES.has(code)) copyGroup(doc, data)
  if (COMPUTER_CODES.has(code)) copyComputer(winlog, data)
  const targetLogon = text(data, 'TargetLogonId')
  if (TARGET_LOGON_CODES.has(code) && targetLogon !== undefined) {
    child(winlog, 'logon').id = targetLogon
  }
  if (SUBJECT_USER_CODES.has(code)) copySubject(doc, data)
  if (TARGET_TO_TARGET_CODES.has(code)) copyTargetTo(doc, data, 'target', 'TargetSid')
  if (TARGET_TO_EFFECTIVE_CODES.has(code)) copyTargetTo(doc, data, 'effective', 'TargetUserSid')
  if (code === '1102') copySubject(doc, winlog.user_data ?? {})
  const logonId = text(data, 'SubjectLogonId')
  if (logonId !== undefined) child(winlog, 'logon').id = logonId
  const clearedBy = text(winlog.user_data, 'SubjectLogonId')
  if (code === '1102' && clearedBy !== undefined) child(winlog, 'logon').id = clearedBy
}

function copySession(doc: EcsDocument, winlog: Winlog, data: Data): void {
  const name = text(data, 'AccountName')
  if (name !== undefined) {
    child(doc, 'user').name = name
    addRelated(doc, 'user', name)
  }
  const domain = text(data, 'AccountDomain')
  if (domain !== undefined) child(doc, 'user').domain = domain
  const address = text(data, 'ClientAddress')
  if (address !== undefined && address !== '-') {
    child(doc, 'source').ip = address
    addRelated(doc, 'ip', address)
  }
  const client = text(data, 'ClientName')
  if (client !== undefined) child(doc, 'source').domain = client
  const logonId = text(data, 'LogonID')
  if (logonId !== undefined) child(winlog, 'logon').id = logonId
}

/** Target* → `user.*`, or `user.target.*` for the parts `user.*` already has. */
function copyTargetUser(doc: EcsDocument, data: Data): void {
  const user = child(doc, 'user')
  const id = text(data, 'TargetUserSid') ?? text(data, 'TargetSid')
  if (id !== undefined) setOrTarget(user, 'id', id)
  const rawName = text(data, 'TargetUserName')
  if (rawName !== undefined) {
    const name = beforeAt(rawName)
    setOrTarget(user, 'name', name)
    addRelated(doc, 'user', name)
  }
  const domain = text(data, 'TargetDomainName')
  if (domain !== undefined) setOrTarget(user, 'domain', domain)
}

function setOrTarget(user: Record<string, unknown>, key: string, value: string): void {
  if (user[key] === undefined) user[key] = value
  else child(user, 'target')[key] = value
}

function copyGroup(doc: EcsDocument, data: Data): void {
  const member = text(data, 'MemberName')
  if (member !== undefined) {
    const parts = javaSplit(member, UNESCAPED_COMMA_RE)
    const name = (parts[0] ?? '').replaceAll('CN=', '').replaceAll('cn=', '')
    const target = child(child(doc, 'user'), 'target')
    target.name = name
    addRelated(doc, 'user', name)
    const dc = parts[3]
    if (dc !== undefined) target.domain = dc.replaceAll('DC=', '').replaceAll('dc=', '')
  }
  const group: Record<string, string> = {}
  const id = text(data, 'TargetSid') ?? text(data, 'TargetUserSid')
  if (id !== undefined) group.id = id
  const name = text(data, 'TargetUserName')
  if (name !== undefined) group.name = name
  const domain = text(data, 'TargetDomainName')
  if (domain !== undefined) group.domain = domain.replaceAll('DC=', '').replaceAll('dc=', '')
  if (Object.keys(group).length === 0) return
  Object.assign(child(doc, 'group'), group)
  const user = doc.user as Record<string, unknown> | undefined
  if (user?.target !== undefined) Object.assign(child(child(user, 'target'), 'group'), group)
}

function copyComputer(winlog: Winlog, data: Data): void {
  const pairs: [string, string][] = [
    ['id', 'TargetSid'],
    ['name', 'TargetUserName'],
    ['domain', 'TargetDomainName'],
  ]
  for (const [to, from] of pairs) {
    const value = text(data, from)
    if (value !== undefined) child(winlog, 'computerObject')[to] = value
  }
}

function copySubject(doc: EcsDocument, data: Data): void {
  const id = text(data, 'SubjectUserSid')
  if (id !== undefined) child(doc, 'user').id = id
  const name = text(data, 'SubjectUserName')
  if (name !== undefined) {
    child(doc, 'user').name = name
    addRelated(doc, 'user', name)
  }
  const domain = text(data, 'SubjectDomainName')
  if (domain !== undefined) child(doc, 'user').domain = domain
}

/** Target* → `user.target.*` (id from TargetSid) or `user.effective.*` (id from TargetUserSid). */
function copyTargetTo(doc: EcsDocument, data: Data, to: string, idKey: string): void {
  const user = child(doc, 'user')
  const into = child(user, to)
  const id = text(data, idKey)
  if (id !== undefined && id !== '-') into.id = id
  const rawName = text(data, 'TargetUserName')
  if (rawName !== undefined && rawName !== '-') {
    into.name = beforeAt(rawName)
    addRelated(doc, 'user', beforeAt(rawName))
  }
  const domain = text(data, 'TargetDomainName')
  if (domain !== undefined && domain !== '-') into.domain = domain
  if (Object.keys(into).length === 0) Reflect.deleteProperty(user, to)
}

/** `name@domain` → `name`, as the pipeline's `splitOnToken("@")[0]`. */
function beforeAt(name: string): string {
  const at = name.indexOf('@')

  return at === -1 ? name : name.slice(0, at)
}
