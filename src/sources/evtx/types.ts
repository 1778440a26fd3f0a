import type { Diagnostic } from '../../syntax/index.ts'
import type { WinlogSource } from '../winlog/source.ts'
import type { XmlElement } from '../xml/element.ts'

/** One event record read from an EVTX file. */
export interface EvtxRecord {
  /** The identifier in the record header (often not the XML `EventRecordID`, see the format doc §3). */
  readonly recordId: number
  /** The record header's written time as ISO 8601 UTC with 7 fractional digits (100 ns). */
  readonly timestamp: string
  /** Byte offset of the record's signature from the start of the file. */
  readonly offset: number
  /** The `<Event>` element, its values rendered as Windows renders them in event XML. */
  readonly event: XmlElement
}

/** One event record read by `readEvtxXml`: the same header fields, the event as XML text. */
export interface EvtxXmlRecord {
  /** See {@link EvtxRecord.recordId}. */
  readonly recordId: number
  /** See {@link EvtxRecord.timestamp}. */
  readonly timestamp: string
  /** See {@link EvtxRecord.offset}. */
  readonly offset: number
  /** The `<Event>` element as `serializeXml` writes the tree `readEvtx` gives, byte for byte. */
  readonly xml: string
}

/** One event record read by `readEvtxSource`: the same header fields, the event flattened. */
export interface EvtxSourceRecord {
  /** See {@link EvtxRecord.recordId}. */
  readonly recordId: number
  /** See {@link EvtxRecord.timestamp}. */
  readonly timestamp: string
  /** See {@link EvtxRecord.offset}. */
  readonly offset: number
  /** What the winlog mapping reads of the `<Event>` element `readEvtx` gives. */
  readonly source: WinlogSource
}

/** A problem an EVTX reader met on the way; it carries on after it. */
export interface EvtxProblem {
  readonly kind: 'problem'
  readonly diagnostic: Diagnostic
}

/** What an EVTX reader yields, for a record shape `R`: a record, or a problem. */
export type EvtxItemOf<R> = { readonly kind: 'record'; readonly record: R } | EvtxProblem

/** What `readEvtx` yields: a record as an element tree, or a problem met on the way. */
export type EvtxItem = EvtxItemOf<EvtxRecord>

/** What `readEvtxSource` yields: a record as a winlog source, or a problem met on the way. */
export type EvtxSourceItem = EvtxItemOf<EvtxSourceRecord>

/** What `readEvtxXml` yields: a record as XML text, or a problem met on the way. */
export type EvtxXmlItem = EvtxItemOf<EvtxXmlRecord>

/**
 * Counters an EVTX reader fills in while it runs; read them once iteration has finished. Pass the
 * same object to several reads to total them.
 */
export interface EvtxStats {
  /** Records yielded. */
  records: number
  /** Chunks with a valid signature that were read. */
  chunks: number
  /** Chunks with a bad signature, a checksum mismatch, a header field out of range or a bad record. */
  damagedChunks: number
  /** Records reported as problems and skipped. */
  damagedRecords: number
  /** Records yielded that were found by scanning: after a torn record, or in a chunk without a header. */
  recoveredRecords: number
}

/** Options for `readEvtx` and `readEvtxBuffer`. */
export interface EvtxOptions {
  /** Check the file header, chunk header and records CRC32s (default true); a mismatch is a warning. */
  readonly verifyChecksums?: boolean
  /** Counters to fill in while reading. */
  readonly stats?: EvtxStats
  /**
   * Reuse templates compiled for other files read in this process (default true); false compiles
   * this file's own. The records are the same either way: only the work differs.
   */
  readonly shareTemplates?: boolean
}

/** A fresh set of zeroed counters. */
export function createEvtxStats(): EvtxStats {
  return { records: 0, chunks: 0, damagedChunks: 0, damagedRecords: 0, recoveredRecords: 0 }
}
