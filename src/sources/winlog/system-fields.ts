import {
  SYSTEM_ATTRIBUTES,
  SYSTEM_CHANNEL,
  SYSTEM_COMPUTER,
  SYSTEM_CORRELATION,
  SYSTEM_EVENT_ID,
  SYSTEM_EXECUTION,
  SYSTEM_KEYWORDS,
  SYSTEM_LEVEL,
  SYSTEM_OPCODE,
  SYSTEM_PROVIDER,
  SYSTEM_RECORD_ID,
  SYSTEM_SECURITY,
  SYSTEM_TASK,
  SYSTEM_TIME_CREATED,
  SYSTEM_VERSION,
} from './source.ts'
import type { WinlogSource } from './source.ts'
import { ecsTimestamp } from './time.ts'
import type { Winlog } from './types.ts'
import { auditOutcome, keywordBits, keywordNames, opcodeName, taskName } from './winmeta.ts'

const UINT_RE = /^[0-9]{1,20}$/
// by kind, how many values a child takes in WinlogSource.systemValues
const SYSTEM_WIDTHS = SYSTEM_ATTRIBUTES.map((names) => Math.max(1, names.length))

/** What `RenderingInfo` says, when the event carries it. */
export interface Rendering {
  message?: string
  level?: string
  task?: string
  opcode?: string
  keywords?: string[]
}

/** The facts of `<System>` that land outside `winlog.*`. */
export interface SystemFacts {
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

/**
 * Fills `winlog.*` from the `<System>` children of a source, each in document order as Winlogbeat
 * reads them; task, opcode and keyword names come from the rendering, else the standard tables.
 */
export function readSystem(
  source: WinlogSource,
  winlog: Winlog,
  rendering: Readonly<Rendering>,
): SystemFacts {
  const state: SystemState = { winlog, facts: {} }
  const { systemKinds, systemValues } = source
  let at = 0
  for (let i = 0; i < systemKinds.length; i++) {
    const kind = systemKinds[i] ?? 0
    readSystemValues(kind, systemValues, at, state)
    at += SYSTEM_WIDTHS[kind] ?? 1
  }

  nameCodes(winlog, rendering, state.task, state.opcode)
  const keywords = keywordFacts(state.keywords)
  // the cached names are shared, so each record gets its own copy
  const names = rendering.keywords ?? (keywords === undefined ? [] : [...keywords.names])
  if (names.length > 0) winlog.keywords = names
  if (keywords?.outcome !== undefined) state.facts.outcome = keywords.outcome

  return state.facts
}

// how each child of `<System>` lands in winlog.*; `at` is where its values start. Stores name
// their property: a store through a computed key would go megamorphic over the fields
function readSystemValues(
  kind: number,
  values: readonly (string | undefined)[],
  at: number,
  s: SystemState,
): void {
  const value = values[at]
  const { winlog } = s
  switch (kind) {
    case SYSTEM_PROVIDER: {
      const guid = values[at + 1]
      if (value) winlog.provider_name = value
      if (guid) winlog.provider_guid = guid
      break
    }
    case SYSTEM_EVENT_ID:
      if (value) winlog.event_id = value
      break
    case SYSTEM_VERSION: {
      const version = parseUint(value)
      if (version !== undefined) winlog.version = version
      break
    }
    default:
      readMoreSystemValues(kind, values, at, s)
  }
}

function readMoreSystemValues(
  kind: number,
  values: readonly (string | undefined)[],
  at: number,
  s: SystemState,
): void {
  const value = values[at] ?? ''
  switch (kind) {
    case SYSTEM_LEVEL:
      s.facts.level = value
      break
    case SYSTEM_TASK:
      s.task = value
      break
    case SYSTEM_OPCODE:
      s.opcode = value
      break
    case SYSTEM_KEYWORDS:
      s.keywords = value
      break
    case SYSTEM_TIME_CREATED:
      setTimestamp(s.facts, values[at])
      break
    default:
      readLastSystemValues(kind, values, at, s.winlog)
  }
}

function readLastSystemValues(
  kind: number,
  values: readonly (string | undefined)[],
  at: number,
  winlog: Winlog,
): void {
  const value = values[at]
  switch (kind) {
    case SYSTEM_RECORD_ID:
      setRecordId(winlog, value ?? '')
      break
    case SYSTEM_CORRELATION: {
      const related = values[at + 1]
      if (value) winlog.activity_id = value
      if (related) winlog.related_activity_id = related
      break
    }
    case SYSTEM_EXECUTION:
      readExecution(values, at, winlog)
      break
    case SYSTEM_CHANNEL:
      if (value) winlog.channel = value
      break
    case SYSTEM_COMPUTER:
      if (value) winlog.computer_name = value
      break
    case SYSTEM_SECURITY:
      if (value) winlog.user = { identifier: value }
      break
  }
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

function nameCodes(
  winlog: Winlog,
  rendering: Readonly<Rendering>,
  task?: string,
  opcode?: string,
): void {
  const provider = winlog.provider_name
  const taskText = rendering.task ?? (task === undefined ? undefined : taskName(provider, task))
  if (taskText) winlog.task = taskText
  const opcodeText =
    rendering.opcode ?? (opcode === undefined ? undefined : opcodeName(provider, opcode))
  if (opcodeText) winlog.opcode = opcodeText
}

function readExecution(values: readonly (string | undefined)[], at: number, winlog: Winlog): void {
  const pid = parseUint(values[at])
  const tid = parseUint(values[at + 1])
  if (pid !== undefined || tid !== undefined) {
    winlog.process = {}
    if (pid !== undefined) winlog.process.pid = pid
    if (tid !== undefined) winlog.process.thread = { id: tid }
  }

  readExecutionTimes(values, at, winlog)
}

function readExecutionTimes(
  values: readonly (string | undefined)[],
  at: number,
  winlog: Winlog,
): void {
  const processor = parseUint(values[at + 2])
  if (processor !== undefined) winlog.processor_id = processor
  const session = parseUint(values[at + 3])
  if (session !== undefined) winlog.session_id = session
  const kernel = parseUint(values[at + 4])
  if (kernel !== undefined) winlog.kernel_time = kernel
  const user = parseUint(values[at + 5])
  if (user !== undefined) winlog.user_time = user
  const processorTime = parseUint(values[at + 6])
  if (processorTime !== undefined) winlog.processor_time = processorTime
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
