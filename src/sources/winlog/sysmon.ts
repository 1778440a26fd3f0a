import { applyCategory } from './categorize.ts'
import { splitCommandLine } from './command-line.ts'
import { addRelated, child, isEmpty, javaSplit, rename, text, toLong } from './doc.ts'
import { processName } from './paths.ts'
import { DNS_STATUS } from './sysmon-dns-status.ts'
import { mapProcessPe, mapSysmonFile, mapSysmonHashes } from './sysmon-files.ts'
import { mapSysmonNetwork } from './sysmon-network.ts'
import { mapSysmonRegistry } from './sysmon-registry.ts'
import { SYSMON_CATEGORIES, SYSMON_REMOVED_KEYS } from './sysmon-table.ts'
import { sysmonTimestamp } from './time.ts'
import type { EcsDocument, Winlog, WinlogRecord } from './types.ts'

type Data = Record<string, unknown>

/** Sysmon fields that name the acting process: [event_data key, target, ECS key]. */
const PROCESS_FIELDS: readonly (readonly [string, 'process' | 'parent', string])[] = [
  ['ProcessGuid', 'process', 'entity_id'],
  ['Image', 'process', 'executable'],
  ['SourceProcessGuid', 'process', 'entity_id'],
  ['SourceProcessGUID', 'process', 'entity_id'],
  ['SourceImage', 'process', 'executable'],
  ['Destination', 'process', 'executable'],
  ['CommandLine', 'process', 'command_line'],
  ['CurrentDirectory', 'process', 'working_directory'],
  ['ParentProcessGuid', 'parent', 'entity_id'],
  ['ParentImage', 'parent', 'executable'],
  ['ParentCommandLine', 'parent', 'command_line'],
]

/** Numeric process fields: converted, the key removed at cleanup. */
const PROCESS_NUMBERS: readonly (readonly [string, 'process' | 'parent' | 'thread', string])[] = [
  ['ProcessId', 'process', 'pid'],
  ['SourceProcessId', 'process', 'pid'],
  ['SourceThreadId', 'thread', 'id'],
  ['ParentProcessId', 'parent', 'pid'],
]

/**
 * Maps a Sysmon event the way the `windows` integration's `sysmon_operational` pipeline does:
 * every event id 1–29 and 255 gets its categorisation, then process, hash, file, library,
 * network, DNS, user and registry fields; mapped keys leave `winlog.event_data`.
 */
export function mapSysmon(doc: EcsDocument, winlog: Winlog, record: WinlogRecord): void {
  // its `-` and empty-GUID placeholders were left out as it was read (readWinlogSource)
  const data = winlog.event_data ?? {}
  const code = winlog.event_id ?? ''
  const event = child(doc, 'event')
  if (record.timestamp !== undefined) event.created = record.timestamp
  const utc = sysmonTimestamp(text(data, 'UtcTime'))
  if (utc !== undefined) doc['@timestamp'] = utc
  applyCategory(event, SYSMON_CATEGORIES.get(code))
  if (winlog.record_id !== undefined) winlog.record_id = String(winlog.record_id)
  mapHeader(doc, data, code)
  mapSysmonHashes(doc, data, code)
  mapProcess(doc, data, code)
  mapSysmonFile(doc, data, code)
  mapSysmonNetwork(doc, data, code)
  mapUser(doc, winlog, data)
  mapSysmonFields(doc, data)
  mapRelated(doc)
  if (code === '12' || code === '13' || code === '14') mapSysmonRegistry(doc, data)
  if (data.TargetProcessGuid !== undefined)
    rename(data, 'TargetProcessGuid', data, 'TargetProcessGUID')
  cleanUp(winlog, data)
}

// `error` and `rule` are made only when a value moves into them: creating them empty and deleting
// them again would leave the document in V8's slow dictionary mode for JSON.stringify
function mapHeader(doc: EcsDocument, data: Data, code: string): void {
  if (code === '255' && text(data, 'ID')) rename(data, 'ID', child(doc, 'error'), 'code')
  if (text(data, 'RuleName')) rename(data, 'RuleName', child(doc, 'rule'), 'name')
  if (code === '25') rename(data, 'Type', doc, 'message')
}

function mapProcess(doc: EcsDocument, data: Data, code: string): void {
  const process = child(doc, 'process')
  const parent: Record<string, unknown> = {}
  for (const [key, where, to] of PROCESS_NUMBERS) {
    const value = toLong(text(data, key))
    if (value === undefined) continue
    if (where === 'thread') child(process, 'thread').id = value
    else (where === 'process' ? process : parent)[to] = value
  }
  for (const [key, where, to] of PROCESS_FIELDS)
    rename(data, key, where === 'process' ? process : parent, to)
  if (!isEmpty(parent)) Object.assign(child(process, 'parent'), parent)
  mapProcessPe(doc, data, code)
  for (const owner of [process, process.parent as Record<string, unknown> | undefined]) {
    if (owner !== undefined) setArgsAndName(owner)
  }
  if (isEmpty(process)) Reflect.deleteProperty(doc, 'process')
}

function setArgsAndName(owner: Record<string, unknown>): void {
  const commandLine = text(owner, 'command_line')
  if (commandLine !== undefined && commandLine !== '') {
    const args = splitCommandLine(commandLine)
    owner.args = args
    owner.args_count = args.length
  }
  const executable = text(owner, 'executable')
  const name = executable === undefined ? undefined : processName(executable)
  if (name !== undefined && owner.name === undefined) owner.name = name
}

function mapUser(doc: EcsDocument, winlog: Winlog, data: Data): void {
  const user: Record<string, unknown> = {}
  if (winlog.user?.identifier) user.id = winlog.user.identifier
  const account = text(data, 'User')
  const parts = account === undefined ? [] : javaSplit(account, '\\')
  if (parts.length === 2) {
    if (parts[0]) user.domain = parts[0]
    if (parts[1]) user.name = parts[1]
  }
  if (!isEmpty(user)) Object.assign(child(doc, 'user'), user)
}

function mapSysmonFields(doc: EcsDocument, data: Data): void {
  const status = text(data, 'QueryStatus')
  if (status !== undefined && status !== '') {
    child(child(doc, 'sysmon'), 'dns').status = DNS_STATUS.get(status) ?? status
  }
  const archived = parseBoolean(text(data, 'Archived'))
  if (archived !== undefined) child(child(doc, 'sysmon'), 'file').archived = archived
  const executable = parseBoolean(text(data, 'IsExecutable'))
  if (executable !== undefined) child(child(doc, 'sysmon'), 'file').is_executable = executable
}

function mapRelated(doc: EcsDocument): void {
  const name = text(doc.user as Data | undefined, 'name')
  if (name !== undefined) addRelated(doc, 'user', name)
  for (const side of ['source', 'destination']) {
    const ip = text(doc[side] as Data | undefined, 'ip')
    if (ip !== undefined) addRelated(doc, 'ip', ip)
  }
}

function cleanUp(winlog: Winlog, data: Data): void {
  for (const key of SYSMON_REMOVED_KEYS) Reflect.deleteProperty(data, key)
  if (isEmpty(data)) Reflect.deleteProperty(winlog, 'event_data')
}

function parseBoolean(value: string | undefined): boolean | undefined {
  const lower = value?.toLowerCase()

  return lower === 'true' ? true : lower === 'false' ? false : undefined
}
