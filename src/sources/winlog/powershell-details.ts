import { child, javaSplit, text } from './doc.ts'
import { splitCommandLine } from './command-line.ts'
import { setFileParts } from './paths.ts'
import type { EcsDocument } from './types.ts'

type Data = Record<string, unknown>

const BINDING_RE = /^name=(.+);\s*value=(.+)$/
const WHITESPACE_RE = /\s/g

/** `powershell.*` renames shared by both PowerShell pipelines: [event_data key, path under powershell]. */
export const POWERSHELL_FIELDS: readonly (readonly [string, string])[] = [
  ['EngineVersion', 'engine.version'],
  ['HostVersion', 'process.executable_version'],
  ['CommandLine', 'command.value'],
  ['CommandPath', 'command.path'],
  ['CommandName', 'command.name'],
  ['CommandType', 'command.type'],
]

/** Moves an event_data key to a dotted path under `owner` (ingest `rename` semantics). */
export function moveTo(
  data: Data,
  key: string,
  owner: Record<string, unknown>,
  path: string,
): void {
  const value = text(data, key)
  if (value === undefined || value === '') return
  const segments = path.split('.')
  let target = owner
  for (const segment of segments.slice(0, -1)) target = child(target, segment)
  const last = segments[segments.length - 1] ?? ''
  if (target[last] !== undefined) return
  target[last] = value
  Reflect.deleteProperty(data, key)
}

/**
 * Parses `Payload` (4103) or `param3` (800) lines: `Type(command): value`, with ParameterBinding
 * values split into `name` and `value`; a line of another shape is kept as `{ value }`.
 */
export function invocationDetails(lines: string, pattern: RegExp): Record<string, string>[] {
  return javaSplit(lines, '\n').map((line) => parseDetail(line, pattern))
}

function parseDetail(raw: string, pattern: RegExp): Record<string, string> {
  const m = pattern.exec(raw)
  if (m === null) return { value: raw }
  const [, type = '', command = '', value] = m
  if (type !== 'ParameterBinding') {
    return value === undefined
      ? { type, related_command: command }
      : { type, related_command: command, value }
  }
  const binding = value === undefined ? null : BINDING_RE.exec(value)
  if (binding === null) return value === undefined ? {} : { value }

  return { type, related_command: command, name: binding[1] ?? '', value: binding[2] ?? '' }
}

/** A `key=value` split like the ingest `kv` processor; pieces without `=` are skipped. */
export function splitKeyValues(
  text: string,
  fieldSplit: RegExp | string,
  trim: string,
  into: Data,
): void {
  for (const piece of javaSplit(text, fieldSplit)) {
    const eq = piece.indexOf('=')
    if (eq === -1) continue
    const key = trimChars(piece.slice(0, eq), trim)
    if (key === '') continue
    into[key] = trimChars(piece.slice(eq + 1), trim)
  }
}

/** Removes any of `chars` from both ends of `value`. */
export function trimChars(value: string, chars: string): string {
  let start = 0
  let end = value.length
  while (start < end && chars.includes(value.charAt(start))) start++
  while (end > start && chars.includes(value.charAt(end - 1))) end--

  return value.slice(start, end)
}

/** Removes white space inside every event_data key (4103 keys such as `Host Name`). */
export function squeezeKeys(data: Data): Data {
  const squeezed: Data = {}
  for (const [key, value] of Object.entries(data)) squeezed[key.replace(WHITESPACE_RE, '')] = value

  return squeezed
}

/** `DOMAIN\name` → `{ domain, name }` when the value has exactly two parts. */
export function splitAccount(account: string | undefined): { domain?: string; name?: string } {
  const parts = account === undefined ? [] : javaSplit(account, '\\')
  if (parts.length !== 2) return {}
  const result: { domain?: string; name?: string } = {}
  if (parts[0]) result.domain = parts[0]
  if (parts[1]) result.name = parts[1]

  return result
}

/** process.args / args_count from process.command_line (Windows rules). */
export function setProcessArgs(doc: EcsDocument): void {
  const process = doc.process as Data | undefined
  const commandLine = text(process, 'command_line')
  if (process === undefined || commandLine === undefined || commandLine === '') return
  process.args = splitCommandLine(commandLine)
  process.args_count = (process.args as string[]).length
}

/** ScriptName → `file.path` with name, directory and extension. */
export function setScriptFile(doc: EcsDocument, data: Data): void {
  const script = text(data, 'ScriptName')
  if (script === undefined || script === '') return
  const file = child(doc, 'file')
  setFileParts(file, script)
  file.path = script
  Reflect.deleteProperty(data, 'ScriptName')
}

/** Drops empty values, then event_data itself when nothing is left. */
export function dropEmptyData(winlog: Record<string, unknown>, data: Data): void {
  for (const key of Object.keys(data))
    if (data[key] === '' || data[key] === null) Reflect.deleteProperty(data, key)
  if (Object.keys(data).length === 0) Reflect.deleteProperty(winlog, 'event_data')
  else winlog.event_data = data
}
