import type { EcsEvent } from '../ecs/index.ts'
import type { LinePrefilter } from '../compile/plan.ts'
import type { Diagnostic } from '../syntax/index.ts'

/** One event read from an input, with where it came from. */
export interface InputEvent {
  readonly kind: 'event'
  /** The event document (for an Elasticsearch hit or `_bulk` pair, its `_source`). */
  readonly source: EcsEvent
  /** The raw JSON text of the event, only when {@link ReadInputsOptions.keepRaw} is set. */
  readonly raw?: string
  /** The file the event came from (`<stdin>` for standard input). */
  readonly file: string
  /** The 1-based line the event starts on (the record number for EVTX). */
  readonly line: number
  /** `_index` of an Elasticsearch hit or `_bulk` action. */
  readonly index?: string
  /** `_id` of an Elasticsearch hit or `_bulk` action. */
  readonly id?: string
}

/** A problem in an input: a malformed line, an unreadable file, a damaged record. */
export interface InputProblem {
  readonly kind: 'problem'
  readonly diagnostic: Diagnostic
  /** The text of the offending line when there is one, so a caret can be drawn under it. */
  readonly lineText?: string
}

/** What {@link readInputs} yields. */
export type InputItem = InputEvent | InputProblem

/** The formats the readers know. */
export type InputFormat = 'ndjson' | 'json' | 'gzip' | 'evtx' | 'xml' | 'stdin'

/** What was read from one file, reported when it is done. */
export interface FileSummary {
  readonly file: string
  readonly format: InputFormat
  /** Events yielded. */
  events: number
  /** Lines or records that could not be used (malformed JSON, damaged records). */
  problems: number
  /** Lines the prefilter rejected without parsing. */
  skipped: number
  /** False when the file could not be opened or read to its end. */
  isReadable: boolean
}

/** Options of {@link readInputs}. */
export interface ReadInputsOptions {
  /** Bytes per `read()`; default 4 MiB. Tests use tiny sizes to exercise chunk boundaries. */
  readonly chunkSize?: number
  /** When given, a line it rejects is skipped before `JSON.parse` (and counted). */
  readonly prefilter?: LinePrefilter | null
  /** Keep each event's raw JSON text in {@link InputEvent.raw}. */
  readonly keepRaw?: boolean
  /** Called once per file when it is done (or failed). */
  readonly onFileSummary?: (summary: FileSummary) => void
  /** Standard input, for `-`; default `process.stdin`. */
  readonly stdin?: NodeJS.ReadableStream
}

/** The resolved options every format reader gets, plus the summary of the file it reads. */
export interface ReaderContext {
  readonly chunkSize: number
  readonly prefilter: LinePrefilter | null
  readonly keepRaw: boolean
  readonly stdin: NodeJS.ReadableStream
  readonly summary: FileSummary
}

/** Reads one input file in one format, in batches of items. */
export type FormatReader = (path: string, context: ReaderContext) => AsyncGenerator<InputItem[]>
