/** An ECS document: nested plain JSON objects, as Elasticsearch stores `_source`. */
export type EcsDocument = Record<string, unknown>

/** What the caller knows about where an event came from. */
export interface WinlogContext {
  /** The file the event was read from; becomes `log.file.path`. */
  readonly filePath?: string
}

/** `winlog.process`: the process and thread that logged the event (from `<Execution>`). */
export interface WinlogProcess {
  pid?: number
  thread?: { id: number }
}

/**
 * The `winlog.*` object exactly as Winlogbeat's event reader fills it from the rendered event XML,
 * before any ingest pipeline runs (see evtx-format.md §6). Zero and empty values are omitted.
 */
export interface Winlog {
  channel?: string
  provider_name?: string
  provider_guid?: string
  event_id?: string
  /** The `EventRecordID` from the XML; a number, or the decimal text beyond 2^53. */
  record_id?: number | string
  computer_name?: string
  version?: number
  keywords?: string[]
  opcode?: string
  task?: string
  activity_id?: string
  related_activity_id?: string
  process?: WinlogProcess
  processor_id?: number
  session_id?: number
  kernel_time?: number
  user_time?: number
  processor_time?: number
  user?: { identifier: string }
  event_data?: Record<string, unknown>
  user_data?: Record<string, unknown>
  [key: string]: unknown
}

/** The per-event facts the ECS mappers need besides `winlog.*`. */
export interface WinlogRecord {
  readonly winlog: Winlog
  /** `TimeCreated/@SystemTime` as an ECS timestamp with milliseconds. */
  readonly timestamp?: string
  /** `log.level`: the level name in lower case. */
  readonly level?: string
  /** From the audit keyword bits. */
  readonly outcome?: 'success' | 'failure'
  /** `RenderingInfo/Message` when the XML carries it. */
  readonly message?: string
}
