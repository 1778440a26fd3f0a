import type { XmlElement } from '../xml/element.ts'
import { childElement, ownText } from '../xml/element.ts'

/**
 * The parts of one Windows event the winlog mapping reads, flattened: what `readWinlog` takes
 * from the element tree, without the tree. The EVTX reader fills it straight from a compiled
 * template and its values; {@link winlogSourceOf} fills it from an element tree (event XML), and
 * both give the same source for the same event.
 */
export interface WinlogSource {
  /** Whether the event has a `<System>` element. */
  hasSystem: boolean
  /** The kinds (`SYSTEM_*`) of the `<System>` children the mapping reads, in document order. */
  readonly systemKinds: number[]
  /**
   * Their values, child after child: the {@link SYSTEM_ATTRIBUTES} of the kind in that order
   * (undefined when missing), or for a kind without attributes its trimmed direct text.
   */
  readonly systemValues: (string | undefined)[]
  /**
   * The child elements of `<EventData>`, two entries each: the `Name` attribute or else the
   * element name, then the direct text (all the text nodes of the child, joined).
   */
  readonly eventData: string[]
  /** The first `<UserData>` element. */
  userData: XmlElement | undefined
  /** The first `<RenderingInfo>` element. */
  rendering: XmlElement | undefined
}

/** `<Provider Name Guid>`. */
export const SYSTEM_PROVIDER = 0
/** `<EventID>`. */
export const SYSTEM_EVENT_ID = 1
/** `<Version>`. */
export const SYSTEM_VERSION = 2
/** `<Level>`. */
export const SYSTEM_LEVEL = 3
/** `<Task>`. */
export const SYSTEM_TASK = 4
/** `<Opcode>`. */
export const SYSTEM_OPCODE = 5
/** `<Keywords>`. */
export const SYSTEM_KEYWORDS = 6
/** `<TimeCreated SystemTime>`. */
export const SYSTEM_TIME_CREATED = 7
/** `<EventRecordID>`. */
export const SYSTEM_RECORD_ID = 8
/** `<Correlation ActivityID RelatedActivityID>`. */
export const SYSTEM_CORRELATION = 9
/** `<Execution ProcessID ThreadID …>`. */
export const SYSTEM_EXECUTION = 10
/** `<Channel>`. */
export const SYSTEM_CHANNEL = 11
/** `<Computer>`. */
export const SYSTEM_COMPUTER = 12
/** `<Security UserID>`. */
export const SYSTEM_SECURITY = 13

/** `<System>` child names → kind (a Map: element names are user input). */
export const SYSTEM_KINDS: ReadonlyMap<string, number> = new Map([
  ['Provider', SYSTEM_PROVIDER],
  ['EventID', SYSTEM_EVENT_ID],
  ['Version', SYSTEM_VERSION],
  ['Level', SYSTEM_LEVEL],
  ['Task', SYSTEM_TASK],
  ['Opcode', SYSTEM_OPCODE],
  ['Keywords', SYSTEM_KEYWORDS],
  ['TimeCreated', SYSTEM_TIME_CREATED],
  ['EventRecordID', SYSTEM_RECORD_ID],
  ['Correlation', SYSTEM_CORRELATION],
  ['Execution', SYSTEM_EXECUTION],
  ['Channel', SYSTEM_CHANNEL],
  ['Computer', SYSTEM_COMPUTER],
  ['Security', SYSTEM_SECURITY],
])

const NONE: readonly string[] = []

/** By kind, the attributes whose values the source keeps; an empty list keeps the text instead. */
export const SYSTEM_ATTRIBUTES: readonly (readonly string[])[] = [
  ['Name', 'Guid'],
  NONE,
  NONE,
  NONE,
  NONE,
  NONE,
  NONE,
  ['SystemTime'],
  NONE,
  ['ActivityID', 'RelatedActivityID'],
  ['ProcessID', 'ThreadID', 'ProcessorID', 'SessionID', 'KernelTime', 'UserTime', 'ProcessorTime'],
  NONE,
  NONE,
  ['UserID'],
]

/** A source with nothing in it yet. */
export function emptyWinlogSource(): WinlogSource {
  return {
    hasSystem: false,
    systemKinds: [],
    systemValues: [],
    eventData: [],
    userData: undefined,
    rendering: undefined,
  }
}

/** The source of an `<Event>` element tree. */
export function winlogSourceOf(event: XmlElement): WinlogSource {
  const source = emptyWinlogSource()
  const system = childElement(event, 'System')
  if (system !== undefined) {
    source.hasSystem = true
    for (const node of system.children) if (typeof node !== 'string') addSystemNode(source, node)
  }

  const eventData = childElement(event, 'EventData')
  if (eventData !== undefined) addDataChildren(source.eventData, eventData)
  source.userData = childElement(event, 'UserData')
  source.rendering = childElement(event, 'RenderingInfo')

  return source
}

/** Adds a `<System>` child element, when it is one the mapping reads. */
export function addSystemNode(source: WinlogSource, node: XmlElement): void {
  const kind = SYSTEM_KINDS.get(node.name)
  if (kind === undefined) return

  source.systemKinds.push(kind)
  const names = SYSTEM_ATTRIBUTES[kind] ?? NONE
  if (names.length === 0) source.systemValues.push(directText(node).trim())
  for (const name of names) source.systemValues.push(node.attributes[name])
}

/** Adds the child elements of `parent` as name/text pairs (see {@link WinlogSource.eventData}). */
export function addDataChildren(pairs: string[], parent: XmlElement): void {
  for (const node of parent.children) if (typeof node !== 'string') addDataNode(pairs, node)
}

/** Adds one data element as a name/text pair (see {@link WinlogSource.eventData}). */
export function addDataNode(pairs: string[], node: XmlElement): void {
  pairs.push(node.attributes.Name || node.name, directText(node))
}

// the direct text of an element, which is nearly always its one text node (or nothing)
function directText(node: XmlElement): string {
  const { children } = node
  if (children.length === 0) return ''

  const only = children.length === 1 ? children[0] : undefined

  return typeof only === 'string' ? only : ownText(node)
}
