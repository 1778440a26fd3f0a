import type { Diagnostic } from '../../syntax/index.ts'
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

/** What an EVTX reader yields: a record, or a problem met on the way (it carries on after it). */
export type EvtxItem =
  | { readonly kind: 'record'; readonly record: EvtxRecord }
  | { readonly kind: 'problem'; readonly diagnostic: Diagnostic }

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
}

/** A fresh set of zeroed counters. */
export function createEvtxStats(): EvtxStats {
  return { records: 0, chunks: 0, damagedChunks: 0, damagedRecords: 0, recoveredRecords: 0 }
}
