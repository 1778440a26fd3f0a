import { addRelated, child, isEmpty, text, toLong } from './doc.ts'
import {
  dropEmptyData,
  invocationDetails,
  moveTo,
  POWERSHELL_FIELDS,
  setProcessArgs,
  setScriptFile,
  splitAccount,
  splitKeyValues,
  squeezeKeys,
} from './powershell-details.ts'
import { SIGNATURE_START, scriptBlockStats } from './powershell-entropy.ts'
import type { EcsDocument, Winlog } from './types.ts'

type Data = Record<string, unknown>

const OPERATIONAL_DETAIL_RE = /^([^(]+)\(([^)]+)\):\s*(.+)?$/
const CLASSIC_DETAIL_RE = /^([^:(]+)\(([^)]+)\):\s*(.+)?$/
const CLASSIC_KEY_RE = /\t(\w+)=/g
const SIGNATURE_END = '# SIG # End signature block'
const SIGNATURE_LINE_RE = /\n# /g

const OPERATIONAL_FIELDS: readonly (readonly [string, string])[] = [
  ['MessageNumber', 'sequence'],
  ['MessageTotal', 'total'],
  ['ShellID', 'id'],
  ['PipelineID', 'pipeline_id'],
  ['RunspaceID', 'runspace_id'],
  ['RunspaceId', 'runspace_id'],
  ...POWERSHELL_FIELDS,
  ['ScriptBlockId', 'file.script_block_id'],
  ['ScriptBlockText', 'file.script_block_text'],
]

const CLASSIC_FIELDS: readonly (readonly [string, string])[] = [
  ['NewEngineState', 'engine.new_state'],
  ['PreviousEngineState', 'engine.previous_state'],
  ['NewProviderState', 'provider.new_state'],
  ['ProviderName', 'provider.name'],
  ['DetailTotal', 'total'],
  ['DetailSequence', 'sequence'],
  ['PipelineId', 'pipeline_id'],
  ['RunspaceId', 'runspace_id'],
  ...POWERSHELL_FIELDS,
]

const NUMERIC_FIELDS = new Set(['sequence', 'total'])
const OPERATIONAL_REMOVED = [
  'SequenceNumber',
  'User',
  'ConnectedUser',
  'ContextInfo',
  'Severity',
  'MessageTotal',
  'MessageNumber',
  'Payload',
]
const CLASSIC_REMOVED = [
  'param1',
  'param2',
  'param3',
  'SequenceNumber',
  'DetailTotal',
  'DetailSequence',
  'UserId',
]

/**
 * Microsoft-Windows-PowerShell/Operational (4103–4106), as the `windows` integration's
 * `powershell_operational` pipeline maps it: ContextInfo unpacked for 4103, the host process,
 * user and connected user, `powershell.*` (script block text and id, sequence), the script file.
 */
export function mapPowerShellOperational(doc: EcsDocument, winlog: Winlog): void {
  const code = winlog.event_id ?? ''
  let data: Data = winlog.event_data ?? {}
  const context = text(data, 'ContextInfo')
  if (code === '4103' && context !== undefined) splitKeyValues(context, '\n', ' \n\t', data)
  data = squeezeKeys(data)
  setCategory(doc, code === '4105' ? 'start' : code === '4106' ? 'end' : 'info')
  mapCommon(doc, winlog, data, { HostID: 'entity_id' })
  mapOperationalUsers(doc, winlog, data)
  const powershell = child(doc, 'powershell')
  for (const [key, path] of OPERATIONAL_FIELDS) movePowerShell(data, key, powershell, path)
  mapScriptBlock(powershell)
  const payload = text(data, 'Payload')
  if (code === '4103' && payload !== undefined) {
    child(powershell, 'command').invocation_details = invocationDetails(
      payload,
      OPERATIONAL_DETAIL_RE,
    )
  }
  setProcessArgs(doc)
  moveTo(data, 'Path', data, 'ScriptName')
  setScriptFile(doc, data)
  finish(doc, winlog, data, OPERATIONAL_REMOVED)
}

/**
 * Windows PowerShell (classic 400, 403, 600, 800), as the `powershell` pipeline maps it: the
 * `Key=Value` context blob unpacked, the host process, user, engine and provider state, and for
 * 800 the pipeline execution details.
 */
export function mapPowerShellClassic(doc: EcsDocument, winlog: Winlog): void {
  const code = winlog.event_id ?? ''
  const data: Data = winlog.event_data ?? {}
  const param2 = text(data, 'param2')
  const param3 = text(data, 'param3')
  if (code === '800' && param2 !== undefined) splitKeyValues(param2, '\n\t', '\n\t', data)
  if (code !== '800' && param3 !== undefined) splitClassicContext(param3, data)
  setCategory(doc, code === '400' ? 'start' : code === '403' ? 'end' : 'info')
  mapCommon(doc, winlog, data, { HostId: 'entity_id' })
  const account = splitAccount(text(data, 'UserId'))
  if (!isEmpty(account)) Object.assign(child(doc, 'user'), account)
  if (account.name !== undefined) addRelated(doc, 'user', account.name)
  const powershell = child(doc, 'powershell')
  for (const [key, path] of CLASSIC_FIELDS) movePowerShell(data, key, powershell, path)
  const details = text(data, 'param3')
  if (code === '800' && details !== undefined) {
    child(powershell, 'command').invocation_details = invocationDetails(details, CLASSIC_DETAIL_RE)
  }
  setProcessArgs(doc)
  setScriptFile(doc, data)
  finish(doc, winlog, data, CLASSIC_REMOVED)
}

// both current PowerShell pipelines set these as lists
function setCategory(doc: EcsDocument, type: string): void {
  const event = child(doc, 'event')
  event.category = ['process']
  event.type = [type]
}

function mapCommon(
  doc: EcsDocument,
  winlog: Winlog,
  data: Data,
  ids: Record<string, string>,
): void {
  const sequence = toLong(text(data, 'SequenceNumber'))
  if (sequence !== undefined) child(doc, 'event').sequence = sequence
  if (winlog.record_id !== undefined) winlog.record_id = String(winlog.record_id)
  // a new `process` is attached once filled (nothing else lands in the document meanwhile):
  // adding it empty and deleting it would leave the document in V8's slow dictionary mode
  const isDetached = doc.process === undefined
  const process = isDetached ? {} : child(doc, 'process')
  for (const [key, to] of Object.entries(ids)) moveTo(data, key, process, to)
  moveTo(data, 'HostApplication', process, 'command_line')
  moveTo(data, 'HostName', process, 'title')
  if (isDetached) {
    if (!isEmpty(process)) doc.process = process
  } else if (isEmpty(process)) {
    Reflect.deleteProperty(doc, 'process')
  }
}

/** User, and for remoting the connected user: the connected user becomes `user.*`. */
function mapOperationalUsers(doc: EcsDocument, winlog: Winlog, data: Data): void {
  const user = child(doc, 'user')
  if (winlog.user?.identifier) user.id = winlog.user.identifier
  Object.assign(user, splitAccount(text(data, 'User')))
  if (typeof user.name === 'string') addRelated(doc, 'user', user.name)
  const connected = splitAccount(text(data, 'ConnectedUser'))
  if (!isEmpty(connected)) {
    child(doc, 'source').user = connected
    if (connected.name !== undefined) addRelated(doc, 'user', connected.name)
    const destination: Record<string, unknown> = {}
    for (const key of ['domain', 'name'] as const) {
      if (user[key] !== undefined) destination[key] = user[key]
      Reflect.deleteProperty(user, key)
      if (connected[key] !== undefined) user[key] = connected[key]
    }
    if (!isEmpty(destination)) child(doc, 'destination').user = destination
  }
  if (isEmpty(user)) Reflect.deleteProperty(doc, 'user')
}

function movePowerShell(data: Data, key: string, powershell: Data, path: string): void {
  if (!NUMERIC_FIELDS.has(path)) {
    moveTo(data, key, powershell, path)

    return
  }
  const value = toLong(text(data, key))
  if (value !== undefined) powershell[path] = value
}

/**
 * Trims the script block, adds its character statistics and extracts a leading Authenticode
 * signature block.
 */
function mapScriptBlock(powershell: Data): void {
  const file = powershell.file as Data | undefined
  const script = text(file, 'script_block_text')
  if (file === undefined || script === undefined) return
  const trimmed = javaTrim(script)
  file.script_block_text = trimmed
  const stats = scriptBlockStats(trimmed)
  if (stats !== undefined) Object.assign(file, stats)
  if (!trimmed.startsWith(SIGNATURE_START)) return
  const end = trimmed.indexOf(SIGNATURE_END, SIGNATURE_START.length)
  if (end === -1) return
  const signature = trimmed.slice(SIGNATURE_START.length, end).replace(SIGNATURE_LINE_RE, '')
  file.script_block_signature = signature
}

/**
 * The classic 4xx/600 context blob: every `\tKey=` starts a value that runs to the next key, so
 * values may hold line breaks, spaces and `=`.
 */
function splitClassicContext(blob: string, into: Data): void {
  CLASSIC_KEY_RE.lastIndex = 0
  let key: string | undefined
  let valueStart = 0
  for (let m = CLASSIC_KEY_RE.exec(blob); m !== null; m = CLASSIC_KEY_RE.exec(blob)) {
    if (key !== undefined) into[key] = javaTrim(blob.slice(valueStart, m.index))
    key = m[1]
    valueStart = m.index + m[0].length
  }
  if (key !== undefined) into[key] = javaTrim(blob.slice(valueStart))
}

function finish(doc: EcsDocument, winlog: Winlog, data: Data, removed: readonly string[]): void {
  for (const key of removed) Reflect.deleteProperty(data, key)
  const powershell = doc.powershell as Data | undefined
  if (powershell !== undefined && isEmpty(powershell)) Reflect.deleteProperty(doc, 'powershell')
  dropEmptyData(winlog, data)
}

/** Java's `String.trim`: strips code units up to U+0020 from both ends. */
function javaTrim(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && value.charCodeAt(start) <= 32) start++
  while (end > start && value.charCodeAt(end - 1) <= 32) end--

  return value.slice(start, end)
}
