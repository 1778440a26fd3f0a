import type { XmlElement } from '../../../src/sources/xml/element.ts'
import { parseEventXmlText } from '../../../src/sources/xml/parse.ts'
import { taskName } from '../../../src/sources/winlog/winmeta.ts'

// Elastic's pipeline test inputs are documents as Winlogbeat or the Agent shipped them. These
// helpers turn one back into the event it was read from, so that the mapping can be compared
// with the pipeline's expected output

type Doc = Record<string, unknown>

/** Keyword names Winlogbeat writes → the bits Windows sets. */
const KEYWORDS: Readonly<Record<string, bigint>> = {
  'Audit Success': 0x8020000000000000n,
  'Audit Failure': 0x8010000000000000n,
  Classic: 0x80000000000000n,
}

/** Level names Winlogbeat writes → `<Level>`. */
const LEVELS: Readonly<Record<string, string>> = {
  critical: '1',
  error: '2',
  warning: '3',
  information: '4',
  verbose: '5',
}

/** The providers whose task numbers are known by name. */
const TASK_PROVIDERS = [
  'Microsoft-Windows-Security-Auditing',
  'PowerShell',
  'Microsoft-Windows-PowerShell',
]

let taskNumbers: Map<string, string> | undefined

// provider|task name → task number, from the mapping's own task tables
function taskNumber(provider: string, name: string): string | undefined {
  if (taskNumbers === undefined) {
    taskNumbers = new Map()
    for (const p of TASK_PROVIDERS) {
      for (let task = 1; task < 20000; task++) {
        const known = taskName(p, String(task))
        if (known !== undefined) taskNumbers.set(`${p}|${known}`, String(task))
      }
    }
  }

  return taskNumbers.get(`${provider}|${name}`)
}

function el(name: string, attributes: Record<string, string>, ...children: XmlNodes): XmlElement {
  return { name, attributes, children }
}

type XmlNodes = (XmlElement | string)[]

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)

/**
 * The event a test input stands for: its `event.original` when that holds event XML, else an
 * event rebuilt from `winlog.*` (System fields, EventData or UserData) and `@timestamp`.
 */
export function eventOf(input: Doc): { readonly event: XmlElement; readonly isXml: boolean } {
  const original = (input.event as Doc | undefined)?.original
  if (typeof original === 'string' && original.trimStart().startsWith('<')) {
    const item = [...parseEventXmlText(original, 'event.original')][0]
    if (item?.kind === 'event') return { event: item.event, isXml: true }
  }

  return { event: eventFromWinlogbeat(input), isXml: false }
}

/** Rebuilds the event a Winlogbeat document was read from (see {@link eventOf}). */
export function eventFromWinlogbeat(input: Doc): XmlElement {
  const w = (input.winlog ?? {}) as Doc
  const body = w.user_data === undefined ? eventData(w) : userData(w.user_data as Doc)

  return el('Event', {}, el('System', {}, ...systemOf(input, w)), body)
}

function systemOf(input: Doc, w: Doc): XmlElement[] {
  const provider = text(w.provider_name)
  const process = (w.process ?? {}) as { pid?: number; thread?: { id?: number } }
  const user = w.user as Doc | undefined
  const task = taskNumber(provider, text(w.task))
  const level = LEVELS[text(w.level ?? (input.log as Doc | undefined)?.level).toLowerCase()]
  const bits = ((w.keywords ?? []) as string[]).reduce((all, k) => all | (KEYWORDS[k] ?? 0n), 0n)
  const guid = w.provider_guid === undefined ? {} : { Guid: text(w.provider_guid) }
  const correlation = w.activity_id === undefined ? {} : { ActivityID: text(w.activity_id) }

  return [
    el('Provider', { Name: provider, ...guid }),
    el('EventID', {}, text(w.event_id ?? (input.event as Doc | undefined)?.code)),
    ...(w.version === undefined ? [] : [el('Version', {}, text(w.version))]),
    el('Level', {}, level ?? '0'),
    ...(task === undefined ? [] : [el('Task', {}, task)]),
    el('Opcode', {}, '0'),
    el('Keywords', {}, `0x${bits.toString(16)}`),
    el('TimeCreated', { SystemTime: text(w.time_created ?? input['@timestamp']) }),
    el('EventRecordID', {}, text(w.record_id ?? '0')),
    el('Correlation', correlation),
    el('Execution', { ProcessID: text(process.pid ?? 0), ThreadID: text(process.thread?.id ?? 0) }),
    el('Channel', {}, text(w.channel)),
    el('Computer', {}, text(w.computer_name)),
    el('Security', user?.identifier === undefined ? {} : { UserID: text(user.identifier) }),
  ]
}

function eventData(w: Doc): XmlElement {
  const data = Object.entries((w.event_data ?? {}) as Doc)

  return el(
    'EventData',
    {},
    ...data.map(([name, value]) => el('Data', { Name: name }, text(value))),
  )
}

function userData(data: Doc): XmlElement {
  const fields = Object.entries(data).filter(([key]) => key !== 'xml_name')
  const inner = el(text(data.xml_name) || 'Data', {}, ...fields.map(([k, v]) => el(k, {}, text(v))))

  return el('UserData', {}, inner)
}
