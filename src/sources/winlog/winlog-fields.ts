import type { XmlElement } from '../xml/element.ts'
import { childElement, ownText } from '../xml/element.ts'
import { ecsTimestamp } from './time.ts'
import type { Winlog, WinlogRecord } from './types.ts'
import {
  auditOutcome,
  keywordBits,
  keywordNames,
  levelName,
  opcodeName,
  taskName,
} from './winmeta.ts'

const CR_RE = /\r\n?/g
const UINT_RE = /^[0-9]{1,20}$/

interface Rendering {
  message?: string
  level?: string
  task?: string
  opcode?: string
  keywords?: string[]
}

/**
 * The `winlog.*` fields of one event exactly as Winlogbeat fills them from its rendered XML:
 * channel, provider, `event_id` as a string, record id, computer, version, keyword/opcode/task
 * names (from `RenderingInfo`, else the standard tables), correlation ids, the logging process,
 * the user SID, and `event_data` / `user_data` under Winlogbeat's key rules.
 */
export function winlogFields(event: XmlElement): Winlog {
  return readWinlog(event).winlog
}

/** {@link winlogFields} plus the timestamp, level, audit outcome and rendered message. */
export function readWinlog(event: XmlElement): WinlogRecord {
  const winlog: Winlog = {}
  const system = childElement(event, 'System')
  const rendering = readRendering(childElement(event, 'RenderingInfo'))
  let facts: SystemFacts = {}
  if (system !== undefined) facts = readSystem(system, winlog, rendering)
  readData(event, winlog)
  const record: { -readonly [K in keyof WinlogRecord]: WinlogRecord[K] } = { winlog }
  if (facts.timestamp !== undefined) record.timestamp = facts.timestamp
  const level = rendering.level?.toLowerCase() ?? levelName(facts.level)
  if (level !== undefined) record.level = level
  if (facts.outcome !== undefined) record.outcome = facts.outcome
  if (rendering.message !== undefined) record.message = rendering.message

  return record
}

interface SystemFacts {
  timestamp?: string
  level?: string
  outcome?: 'success' | 'failure'
}

interface SystemState {
  readonly winlog: Winlog
  readonly facts: SystemFacts
  task?: string
  opcode?: string
  keywords?: string
}

type SystemReader = (node: XmlElement, value: string, state: SystemState) => void

/** How each child of `<System>` lands in winlog.* (a Map: element names are user input). */
const SYSTEM_READERS = new Map<string, SystemReader>([
  [
    'Provider',
    (node, _, s) => {
      setText(s.winlog, 'provider_name', node.attributes.Name)
      setText(s.winlog, 'provider_guid', node.attributes.Guid)
    },
  ],
  [
    'EventID',
    (_, value, s) => {
      setText(s.winlog, 'event_id', value)
    },
  ],
  [
    'Version',
    (_, value, s) => {
      setNumber(s.winlog, 'version', value)
    },
  ],
  ['Level', (_, value, s) => (s.facts.level = value)],
  ['Task', (_, value, s) => (s.task = value)],
  ['Opcode', (_, value, s) => (s.opcode = value)],
  ['Keywords', (_, value, s) => (s.keywords = value)],
  [
    'TimeCreated',
    (node, _, s) => {
      setTimestamp(s.facts, node.attributes.SystemTime)
    },
  ],
  [
    'EventRecordID',
    (_, value, s) => {
      setRecordId(s.winlog, value)
    },
  ],
  [
    'Correlation',
    (node, _, s) => {
      setText(s.winlog, 'activity_id', node.attributes.ActivityID)
      setText(s.winlog, 'related_activity_id', node.attributes.RelatedActivityID)
    },
  ],
  [
    'Execution',
    (node, _, s) => {
      readExecution(node, s.winlog)
    },
  ],
  [
    'Channel',
    (_, value, s) => {
      setText(s.winlog, 'channel', value)
    },
  ],
  [
    'Computer',
    (_, value, s) => {
      setText(s.winlog, 'computer_name', value)
    },
  ],
  [
    'Security',
    (node, _, s) => {
      if (node.attributes.UserID) s.winlog.user = { identifier: node.attributes.UserID }
    },
  ],
])

function readSystem(system: XmlElement, winlog: Winlog, rendering: Rendering): SystemFacts {
  const state: SystemState = { winlog, facts: {} }
  const { children } = system
  for (let i = 0; i < children.length; i++) {
    const node = children[i]
    if (node === undefined || typeof node === 'string') continue
    SYSTEM_READERS.get(node.name)?.(node, trimmedText(node), state)
  }
  nameCodes(winlog, rendering, state.task, state.opcode)
  const keywords = keywordFacts(state.keywords)
  // the cached names are shared, so each record gets its own copy
  const names = rendering.keywords ?? (keywords === undefined ? [] : [...keywords.names])
  if (names.length > 0) winlog.keywords = names
  if (keywords?.outcome !== undefined) state.facts.outcome = keywords.outcome

  return state.facts
}

// the direct text of an element, which is nearly always its one text node (or nothing)
function directText(node: XmlElement): string {
  const { children } = node
  if (children.length === 0) return ''

  const only = children.length === 1 ? children[0] : undefined

  return typeof only === 'string' ? only : ownText(node)
}

function trimmedText(node: XmlElement): string {
  return directText(node).trim()
}

interface KeywordFacts {
  readonly names: readonly string[]
  readonly outcome: 'success' | 'failure' | undefined
}

// a log holds a handful of distinct keyword masks: their names and outcome are worked out once
// (a BigInt parse and a walk of the bit table per record otherwise); capped against odd input
const KEYWORD_FACTS = new Map<string, KeywordFacts | undefined>()
const MAX_KEYWORD_FACTS = 1024

function keywordFacts(keywords: string | undefined): KeywordFacts | undefined {
  if (keywords === undefined) return undefined
  if (KEYWORD_FACTS.has(keywords)) return KEYWORD_FACTS.get(keywords)

  const bits = keywordBits(keywords)
  const facts =
    bits === undefined ? undefined : { names: keywordNames(bits), outcome: auditOutcome(bits) }
  if (KEYWORD_FACTS.size < MAX_KEYWORD_FACTS) KEYWORD_FACTS.set(keywords, facts)

  return facts
}

function setTimestamp(facts: SystemFacts, systemTime: string | undefined): void {
  const timestamp = ecsTimestamp(systemTime)
  if (timestamp !== undefined) facts.timestamp = timestamp
}

function nameCodes(winlog: Winlog, rendering: Rendering, task?: string, opcode?: string): void {
  const provider = winlog.provider_name
  const taskText = rendering.task ?? (task === undefined ? undefined : taskName(provider, task))
  if (taskText) winlog.task = taskText
  const opcodeText =
    rendering.opcode ?? (opcode === undefined ? undefined : opcodeName(provider, opcode))
  if (opcodeText) winlog.opcode = opcodeText
}

function readExecution(node: XmlElement, winlog: Winlog): void {
  const pid = parseUint(node.attributes.ProcessID)
  const tid = parseUint(node.attributes.ThreadID)
  if (pid !== undefined || tid !== undefined) {
    winlog.process = {}
    if (pid !== undefined) winlog.process.pid = pid
    if (tid !== undefined) winlog.process.thread = { id: tid }
  }
  setNumber(winlog, 'processor_id', node.attributes.ProcessorID)
  setNumber(winlog, 'session_id', node.attributes.SessionID)
  setNumber(winlog, 'kernel_time', node.attributes.KernelTime)
  setNumber(winlog, 'user_time', node.attributes.UserTime)
  setNumber(winlog, 'processor_time', node.attributes.ProcessorTime)
}

function readRendering(info: XmlElement | undefined): Rendering {
  const rendering: Rendering = {}
  if (info === undefined) return rendering
  for (const node of info.children) {
    if (typeof node === 'string') continue
    const value = ownText(node)
    if (node.name === 'Message' && value !== '') rendering.message = value.replace(CR_RE, '\n')
    if (node.name === 'Level' && value !== '') rendering.level = value
    if (node.name === 'Task' && value !== '') rendering.task = value
    if (node.name === 'Opcode' && value !== '') rendering.opcode = value
    if (node.name === 'Keywords') rendering.keywords = keywordTexts(node)
  }

  return rendering
}

function keywordTexts(node: XmlElement): string[] {
  const names: string[] = []
  for (const k of node.children)
    if (typeof k !== 'string' && ownText(k) !== '') names.push(ownText(k))

  return names
}

function readData(event: XmlElement, winlog: Winlog): void {
  const eventData = childElement(event, 'EventData')
  if (eventData !== undefined) {
    const pairs = dataPairs(eventData)
    if (pairs !== undefined) winlog.event_data = pairs
  }
  const userData = childElement(event, 'UserData')
  const first = userData?.children.find((c): c is XmlElement => typeof c !== 'string')
  if (first === undefined) return
  const pairs = dataPairs(first) ?? {}
  pairs.xml_name = first.name
  winlog.user_data = pairs
}

/**
 * Winlogbeat's key rules for the children of `EventData` (or of the first `UserData` element):
 * the `Name` attribute, else the element name; `Data` or empty becomes `param<k>` with k the
 * 1-based position among all children; empty values are skipped; the first of repeated keys wins.
 */
function dataPairs(parent: XmlElement): Record<string, unknown> | undefined {
  let pairs: Record<string, unknown> | undefined
  let position = 0
  const { children } = parent
  for (let i = 0; i < children.length; i++) {
    const node = children[i]
    if (node === undefined || typeof node === 'string') continue
    position++
    const raw = directText(node)
    if (raw === '') continue
    const name = node.attributes.Name || node.name
    const key = name === '' || name === 'Data' ? `param${position}` : name
    pairs ??= {}
    if (Object.hasOwn(pairs, key)) continue
    const value = raw.includes('\r') ? raw.replace(CR_RE, '\n') : raw
    // a "__proto__" data name must stay an ordinary own key
    if (key === '__proto__') Object.defineProperty(pairs, key, ownProperty(value))
    else pairs[key] = value
  }

  return pairs
}

function ownProperty(value: string): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true }
}

function setText(winlog: Winlog, key: keyof Winlog & string, value: string | undefined): void {
  if (value) winlog[key] = value
}

function setNumber(winlog: Winlog, key: keyof Winlog & string, value: string | undefined): void {
  const parsed = parseUint(value)
  if (parsed !== undefined) winlog[key] = parsed
}

function setRecordId(winlog: Winlog, value: string): void {
  if (!UINT_RE.test(value)) return
  const parsed = Number(value)
  if (parsed === 0) return
  winlog.record_id = Number.isSafeInteger(parsed) ? parsed : BigInt(value).toString()
}

/** A non-zero unsigned decimal; zero and malformed values are dropped as Winlogbeat does. */
function parseUint(value: string | undefined): number | undefined {
  if (value === undefined || !UINT_RE.test(value)) return undefined
  const parsed = Number(value)

  return parsed === 0 || !Number.isSafeInteger(parsed) ? undefined : parsed
}
