import type { XmlElement } from '../xml/element.ts'
import { child } from './doc.ts'
import { mapPowerShellClassic, mapPowerShellOperational } from './powershell.ts'
import { mapSecurity } from './security.ts'
import { mapSysmon } from './sysmon.ts'
import { mapSystem } from './system.ts'
import type { EcsDocument, Winlog, WinlogContext, WinlogRecord } from './types.ts'
import { winlogSourceOf } from './source.ts'
import type { WinlogSource } from './source.ts'
import { readWinlogSource } from './winlog-fields.ts'
import type { DataCleanup } from './winlog-fields.ts'

type Mapper = (doc: EcsDocument, winlog: Winlog, record: WinlogRecord) => void

interface DataStream {
  readonly module: string
  readonly dataset: string
  readonly map: Mapper
  /**
   * What the pipeline drops from `event_data` before mapping: the Sysmon and current Security and
   * PowerShell pipelines drop `-` and the empty GUID, and Security's last step blank texts too.
   */
  readonly cleanup: DataCleanup
}

/** Channel (lower case) → the Elastic integration data stream that ingests it. */
const DATA_STREAMS: ReadonlyMap<string, DataStream> = new Map([
  [
    'microsoft-windows-sysmon/operational',
    stream('windows', 'sysmon_operational', mapSysmon, 'placeholders'),
  ],
  ['security', stream('system', 'security', mapSecurity, 'blanks')],
  [
    'microsoft-windows-powershell/operational',
    stream('windows', 'powershell_operational', mapPowerShellOperational, 'placeholders'),
  ],
  ['windows powershell', stream('windows', 'powershell', mapPowerShellClassic, 'placeholders')],
  ['system', stream('system', 'system', mapSystem)],
  ['application', stream('system', 'application', mapSystem)],
])

function stream(
  module: string,
  name: string,
  map: Mapper,
  cleanup: DataCleanup = 'keep',
): DataStream {
  return { module, dataset: `${module}.${name}`, map, cleanup }
}

// the data stream of the last channel seen: a log holds one channel, whose lower-case form
// would otherwise be made again for every record
let lastChannel: string | undefined
let lastStream: DataStream | undefined

function streamOf(channel: string | undefined): DataStream | undefined {
  if (channel === undefined) return undefined
  if (channel !== lastChannel) {
    lastStream = DATA_STREAMS.get(channel.toLowerCase())
    lastChannel = channel
  }

  return lastStream
}

function cleanupOf(channel: string | undefined): DataCleanup {
  return streamOf(channel)?.cleanup ?? 'keep'
}

/**
 * Maps one Windows event (the element tree from an EVTX file or event XML) to the ECS document
 * Elastic would store for it: Winlogbeat's `winlog.*`, `event.*`, `host.*` and `log.*`, then the
 * ingest pipeline of the integration data stream its channel goes to (Sysmon, Security,
 * PowerShell, System/Application). Other channels get the Winlogbeat fields only.
 */
export function mapWindowsEvent(event: XmlElement, context: WinlogContext = {}): EcsDocument {
  return mapWinlogSource(winlogSourceOf(event), context)
}

/**
 * {@link mapWindowsEvent} for an event already flattened into a {@link WinlogSource} (the EVTX
 * reader's `readEvtxSource` gives one without building the element tree): the same document.
 */
export function mapWinlogSource(source: WinlogSource, context: WinlogContext = {}): EcsDocument {
  const record = readWinlogSource(source, cleanupOf)
  const doc = baseDocument(record, context)
  const target = streamOf(record.winlog.channel)
  if (target !== undefined) {
    const fields = child(doc, 'event')
    fields.module = target.module
    fields.dataset = target.dataset
    target.map(doc, record.winlog, record)
  }

  return doc
}

/**
 * What Winlogbeat itself adds around `winlog.*`, before any pipeline; `host.*` comes from the
 * record (`<Computer>`), as the shipper's host metadata is not in the file.
 */
function baseDocument(record: WinlogRecord, context: WinlogContext): EcsDocument {
  const { winlog } = record
  const doc: EcsDocument = {}
  if (record.timestamp !== undefined) doc['@timestamp'] = record.timestamp
  const event: Record<string, unknown> = { kind: 'event' }
  if (winlog.event_id !== undefined) event.code = winlog.event_id
  if (winlog.provider_name !== undefined) event.provider = winlog.provider_name
  if (winlog.task !== undefined) event.action = winlog.task
  if (record.outcome !== undefined) event.outcome = record.outcome
  doc.event = event
  const host: Record<string, unknown> = { os: { type: 'windows', family: 'windows' } }
  if (winlog.computer_name !== undefined) {
    host.name = winlog.computer_name
    // the shipper's machine id is not in the file; the computer name stands in so that rules
    // joining on host.id (`sequence by host.id`) still see one key per host
    host.id = winlog.computer_name
  }
  doc.host = host
  if (record.level !== undefined || context.filePath !== undefined) {
    const log: Record<string, unknown> = {}
    if (record.level !== undefined) log.level = record.level
    if (context.filePath !== undefined) log.file = { path: context.filePath }
    doc.log = log
  }
  if (record.message !== undefined) doc.message = record.message
  doc.winlog = winlog

  return doc
}
