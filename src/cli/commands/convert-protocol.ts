import type { EvtxPart } from '../../sources/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'

/** One part of an EVTX file for a convert worker to read and write out. */
export interface PartJob {
  readonly id: number
  readonly path: string
  readonly part: EvtxPart
  readonly isXml: boolean
}

/** A part converted: its output lines as UTF-8, and what was met on the way, in file order. */
export interface PartOutput {
  readonly kind: 'part'
  readonly id: number
  /** The output, a piece per chunk with records. */
  readonly pieces: readonly Uint8Array[]
  readonly records: number
  readonly problems: readonly Diagnostic[]
  /** The file cannot be read past this part. */
  readonly isFinal: boolean
}

/** What a convert worker sends back for a job. */
export type PartReply =
  PartOutput | { readonly kind: 'failed'; readonly id: number; readonly message: string }
