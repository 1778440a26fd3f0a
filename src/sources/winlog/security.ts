import { applyCategory } from './categorize.ts'
import { unwrapV4Mapped } from './addresses.ts'
import { splitCommandLineSimple } from './command-line.ts'
import {
  addRelated,
  child,
  decodeLong,
  isBlank,
  isRecord,
  javaSplit,
  take,
  text,
  toLong,
} from './doc.ts'
import { fileExtension, lastSegment } from './paths.ts'
import { enrichSecurityData } from './security-enrich.ts'
import { FIREWALL_CODES, mapFirewallConnection } from './security-network.ts'
import { scheduledTaskOf } from './scheduled-task.ts'
import { mapSecurityObjects, renameDpapiFailure } from './security-objects.ts'
import {
  COMMON_AUTH_CODES,
  PRIVILEGE_LIST_CODES,
  SECURITY_CATEGORIES,
  TARGET_RELATED_CODES,
} from './security-table.ts'
import { copySecurityUsers } from './security-users.ts'
import type { EcsDocument, Winlog } from './types.ts'

type Data = Record<string, unknown>

const SECURITY_PROVIDERS = new Set([
  'Microsoft-Windows-Eventlog',
  'Microsoft-Windows-Security-Auditing',
])
/** Scheduled task codes: their TaskName is also `winlog.scheduled_task.name`. */
const SCHEDULED_TASK_CODES = new Set(['4698', '4699', '4700', '4701', '4702'])
const SPACES_RE = /\s+/

/**
 * Maps a Security channel event the way the `system` integration's `security` data stream does:
 * categorisation, decoded codes, who the user is (Subject, Target, effective), process, source
 * address, share access; `winlog.event_data` keeps every field the pipeline does not move.
 */
export function mapSecurity(doc: EcsDocument, winlog: Winlog): void {
  const code = winlog.event_id ?? ''
  // the `-` placeholders were left out of event_data as it was read (readWinlogSource)
  const data = winlog.event_data
  if (winlog.provider_name !== undefined && SECURITY_PROVIDERS.has(winlog.provider_name)) {
    applyCategory(child(doc, 'event'), SECURITY_CATEGORIES.get(code))
    if (data !== undefined) renameDpapiFailure(data, code)
    enrichSecurityData(doc, winlog, code)
    copySecurityUsers(doc, winlog, code)
    if (data !== undefined) mapSecurityData(doc, data, code)
    if (SCHEDULED_TASK_CODES.has(code)) mapScheduledTask(winlog, data, code)
  }
  finishSecurity(doc, winlog)
}

// the task's XML normalised, then its name (the pipeline's scheduled task step, then its common
// step)
function mapScheduledTask(winlog: Winlog, data: Data | undefined, code: string): void {
  const content = text(data, code === '4702' ? 'TaskContentNew' : 'TaskContent')
  const task = content === undefined ? undefined : scheduledTaskOf(content)
  if (task !== undefined) winlog.scheduled_task = task
  const name = text(data, 'TaskName')
  if (name !== undefined) child(winlog, 'scheduled_task').name = name
}

function mapSecurityData(doc: EcsDocument, data: Data, code: string): void {
  if (COMMON_AUTH_CODES.has(code)) moveAuthFields(doc, data)
  if (code === '4688') mapProcessCreation(doc, data)
  const subject = text(data, 'SubjectUserName')
  if ((code === '4624' || code === '4648') && subject !== undefined)
    addRelated(doc, 'user', subject)
  const target = text(data, 'TargetUserName')
  if (TARGET_RELATED_CODES.has(code) && target !== undefined) addRelated(doc, 'user', target)
  const privileges = text(data, 'PrivilegeList')
  if (PRIVILEGE_LIST_CODES.has(code) && privileges !== undefined) {
    data.PrivilegeList = javaSplit(privileges, SPACES_RE).filter((piece) => !isBlank(piece))
  }
  mapRenamedUser(doc, data)
  if (code === '5140' || code === '5142' || code === '5145') mapShare(doc, data)
  if (FIREWALL_CODES.has(code)) mapFirewallConnection(doc, data)
  mapSecurityObjects(doc, data, code)
  for (const key of ['EventIdx', 'EventCountTotal']) {
    const count = toLong(text(data, key))
    if (count !== undefined) data[key] = count
  }
}

function moveAuthFields(doc: EcsDocument, data: Data): void {
  const pid = take(data, 'ProcessId')
  const pidValue = decodeLong(pid)
  if (pidValue !== undefined) child(doc, 'process').pid = pidValue
  const executable = take(data, 'ProcessName')
  if (executable !== undefined) child(doc, 'process').executable = executable
  const ip = take(data, 'IpAddress')
  if (ip !== undefined) child(doc, 'source').ip = ip
  const port = decodeLong(take(data, 'IpPort'))
  if (port !== undefined) child(doc, 'source').port = port
  const workstation = take(data, 'WorkstationName')
  if (workstation !== undefined) child(doc, 'source').domain = workstation
  const client = take(data, 'ClientAddress')
  if (client !== undefined) child(doc, 'related').ip = client
  if (isRecord(doc.process)) setProcessName(doc.process)
}

function mapProcessCreation(doc: EcsDocument, data: Data): void {
  const process = child(doc, 'process')
  const pid = decodeLong(take(data, 'NewProcessId'))
  if (pid !== undefined) process.pid = pid
  const executable = take(data, 'NewProcessName')
  if (executable !== undefined) process.executable = executable
  const parentExecutable = take(data, 'ParentProcessName')
  if (parentExecutable !== undefined) child(process, 'parent').executable = parentExecutable
  setProcessName(process)
  if (parentExecutable !== undefined) setProcessName(child(process, 'parent'))
  const parentPid = decodeLong(text(data, 'ProcessId'))
  if (parentPid !== undefined) child(process, 'parent').pid = parentPid
  const commandLine = text(data, 'CommandLine')
  if (commandLine !== undefined) {
    process.args = splitCommandLineSimple(commandLine).filter((piece) => !isBlank(piece))
    process.command_line = commandLine
  }
}

function mapRenamedUser(doc: EcsDocument, data: Data): void {
  const oldName = text(data, 'OldTargetUserName')
  const newName = text(data, 'NewTargetUserName')
  if (oldName !== undefined) child(child(doc, 'user'), 'target').name = oldName
  if (newName !== undefined) child(child(doc, 'user'), 'changes').name = newName
  if (newName !== undefined) addRelated(doc, 'user', newName)
  if (oldName !== undefined) addRelated(doc, 'user', oldName)
}

function mapShare(doc: EcsDocument, data: Data): void {
  const name = text(data, 'RelativeTargetName')
  const directory = text(data, 'ShareLocalPath')
  if (name === undefined && directory === undefined) return
  const file = child(doc, 'file')
  if (name !== undefined) file.name = name
  if (directory !== undefined) file.directory = directory
  if (name !== undefined && directory !== undefined) file.path = `${directory}\\${name}`
  const share = text(data, 'ShareName')
  if (share !== undefined && name !== undefined) file.target_path = `${share}\\${name}`
  const extension = name === undefined ? undefined : fileExtension(name)
  if (extension !== undefined) file.extension = extension
}

/**
 * The `default` pipeline's tail: v4-mapped source addresses, related.ip, record id as text. Its
 * last step, which drops nulls, blank texts and what they leave empty, needs no walk here: blank
 * event data is left out as it is read, no description is set to null, and the lists cut from
 * event data keep no blank piece.
 */
function finishSecurity(doc: EcsDocument, winlog: Winlog): void {
  const source = doc.source as Record<string, unknown> | undefined
  const ip = text(source, 'ip')
  if (source !== undefined && ip !== undefined) {
    const unwrapped = unwrapV4Mapped(ip)
    source.ip = unwrapped
    if (unwrapped !== '-') addRelated(doc, 'ip', unwrapped)
  }
  if (winlog.record_id !== undefined) winlog.record_id = String(winlog.record_id)
  const user = doc.user as Record<string, unknown> | undefined
  if (user !== undefined && Object.keys(user).length === 0) Reflect.deleteProperty(doc, 'user')
}

function setProcessName(process: Record<string, unknown>): void {
  const executable = text(process, 'executable')
  if (process.name === undefined && executable !== undefined) process.name = lastSegment(executable)
}
