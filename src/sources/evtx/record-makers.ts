import type { DocumentReader } from './document.ts'
import type { EvtxRecord, EvtxSourceRecord, EvtxXmlRecord } from './types.ts'

/** Where a record sits and what its header says, handed to a {@link RecordMaker}. */
export interface RecordFrame {
  /** Chunk offset of the record's signature. */
  readonly at: number
  /** The record's size in bytes. */
  readonly size: number
  /** The record was found by scanning. */
  readonly isRecovered: boolean
  /** The record header's identifier. */
  readonly recordId: number
  /** The record header's written time. */
  readonly timestamp: string
  /** File offset of the record's signature. */
  readonly offset: number
}

/**
 * Decodes the record in a frame into the shape one reader yields; throws a `BinXmlError` (or a
 * `RangeError` from a read outside the chunk) for a record that cannot be decoded.
 */
export type RecordMaker<R> = (documents: DocumentReader, frame: RecordFrame) => R

/** The record with its `<Event>` element tree, for `readEvtx`. */
export function makeTreeRecord(documents: DocumentReader, frame: RecordFrame): EvtxRecord {
  const event = documents.record(frame.at, frame.size, frame.isRecovered)

  return { recordId: frame.recordId, timestamp: frame.timestamp, offset: frame.offset, event }
}

/** The record with its `<Event>` element as XML text, for `readEvtxXml`. */
export function makeXmlRecord(documents: DocumentReader, frame: RecordFrame): EvtxXmlRecord {
  const xml = documents.recordXml(frame.at, frame.size, frame.isRecovered)

  return { recordId: frame.recordId, timestamp: frame.timestamp, offset: frame.offset, xml }
}

/** The record with what the winlog mapping reads of its `<Event>` element, for `readEvtxSource`. */
export function makeSourceRecord(documents: DocumentReader, frame: RecordFrame): EvtxSourceRecord {
  const source = documents.recordSource(frame.at, frame.size, frame.isRecovered)

  return { recordId: frame.recordId, timestamp: frame.timestamp, offset: frame.offset, source }
}
