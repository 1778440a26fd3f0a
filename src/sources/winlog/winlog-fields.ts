import type { XmlElement } from '../xml/element.ts'
import { ownText } from '../xml/element.ts'
import { isBlank } from './doc.ts'
import { addDataChildren, winlogSourceOf } from './source.ts'
import type { WinlogSource } from './source.ts'
import type { Winlog, WinlogRecord } from './types.ts'
import { levelName } from './winmeta.ts'
import { readSystem } from './system-fields.ts'
import type { Rendering, SystemFacts } from './system-fields.ts'

const CR_RE = /\r\n?/g

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
  return readWinlogSource(winlogSourceOf(event))
}

/**
 * What a data stream's pipeline drops from `event_data`: nothing, the placeholders (a lone `-`
 * and the empty GUID), or those and blank texts (nothing above U+0020).
 */
export type DataCleanup = 'keep' | 'placeholders' | 'blanks'

/**
 * {@link readWinlog} for an event already flattened into a {@link WinlogSource}. The values that
 * `cleanupOf` says the event's channel drops are left out of `event_data` after Winlogbeat's
 * first-key-wins rule (a key whose first value is dropped keeps none).
 */
export function readWinlogSource(
  source: WinlogSource,
  cleanupOf: (channel: string | undefined) => DataCleanup = keepsData,
): WinlogRecord {
  const winlog: Winlog = {}
  const rendering = readRendering(source.rendering)
  let facts: SystemFacts = {}
  if (source.hasSystem) facts = readSystem(source, winlog, rendering)
  readData(source, winlog, cleanupOf(winlog.channel))
  const record: { -readonly [K in keyof WinlogRecord]: WinlogRecord[K] } = { winlog }
  if (facts.timestamp !== undefined) record.timestamp = facts.timestamp
  const level = rendering.level?.toLowerCase() ?? levelName(facts.level)
  if (level !== undefined) record.level = level
  if (facts.outcome !== undefined) record.outcome = facts.outcome
  if (rendering.message !== undefined) record.message = rendering.message

  return record
}

function keepsData(): DataCleanup {
  return 'keep'
}

// what an event without RenderingInfo (every EVTX record) renders: shared, as it is only read
const NO_RENDERING: Readonly<Rendering> = Object.freeze({})

function readRendering(info: XmlElement | undefined): Readonly<Rendering> {
  if (info === undefined) return NO_RENDERING

  const rendering: Rendering = {}
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

function readData(source: WinlogSource, winlog: Winlog, cleanup: DataCleanup): void {
  const pairs = dataPairs(source.eventData, cleanup)
  if (pairs !== undefined) winlog.event_data = pairs
  const first = source.userData?.children.find((c): c is XmlElement => typeof c !== 'string')
  if (first === undefined) return
  const children: string[] = []
  addDataChildren(children, first)
  const userPairs = dataPairs(children, 'keep') ?? {}
  userPairs.xml_name = first.name
  winlog.user_data = userPairs
}

/**
 * Winlogbeat's key rules for the children of `EventData` (or of the first `UserData` element),
 * given as name/text pairs: the `Name` attribute, else the element name; `Data` or empty becomes
 * `param<k>` with k the 1-based position among all children; empty values are skipped; the first
 * of repeated keys wins.
 */
function dataPairs(
  children: readonly string[],
  cleanup: DataCleanup,
): Record<string, unknown> | undefined {
  let pairs: Record<string, unknown> | undefined
  // keys whose first value was dropped: later values of the key stay out as well
  let dropped: string[] | undefined
  for (let i = 0; i + 1 < children.length; i += 2) {
    const raw = children[i + 1] ?? ''
    if (raw === '') continue
    const name = children[i] ?? ''
    const key = name === '' || name === 'Data' ? paramKey(i / 2 + 1) : name
    // every value kept is a string: anything else under the key is inherited, not a repeat
    const kept = pairs?.[key]
    if (typeof kept === 'string' && pairs !== undefined && Object.hasOwn(pairs, key)) continue
    if (dropped?.includes(key) === true) continue
    if (cleanup !== 'keep' && isDropped(raw, cleanup)) {
      ;(dropped ??= []).push(key)
      continue
    }

    pairs ??= {}

    const value = raw.includes('\r') ? raw.replace(CR_RE, '\n') : raw
    // a "__proto__" data name must stay an ordinary own key
    if (key === '__proto__') Object.defineProperty(pairs, key, ownProperty(value))
    else pairs[key] = value
  }

  return pairs
}

/** The empty GUID, dropped from `event_data` with the `-` placeholders. */
const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}'

// the Security data stream also drops blank texts (its last step removes them)
function isDropped(raw: string, cleanup: DataCleanup): boolean {
  return raw === '-' || raw === ZERO_GUID || (cleanup === 'blanks' && isBlank(raw))
}

// `param<k>` keys of unnamed data, made once
const PARAM_KEYS: string[] = []

function paramKey(position: number): string {
  return (PARAM_KEYS[position] ??= `param${String(position)}`)
}

function ownProperty(value: string): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true }
}
