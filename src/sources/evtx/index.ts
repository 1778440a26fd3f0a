/**
 * @module sources/evtx
 * Vigil's own reader of Windows EVTX files: file header, 64 KiB chunks, event records and the
 * BinXML token stream with templates and substitutions, rendered into {@link XmlElement} trees
 * whose values read as Windows writes them in event XML (../shared/docs/evtx-format.md),
 * straight into that XML text (`readEvtxXml`), or into what the winlog mapping reads
 * (`readEvtxSource`).
 */
export type {
  EvtxItem,
  EvtxItemOf,
  EvtxOptions,
  EvtxProblem,
  EvtxRecord,
  EvtxSourceItem,
  EvtxSourceRecord,
  EvtxStats,
  EvtxXmlItem,
  EvtxXmlRecord,
} from './types.ts'
export { createEvtxStats } from './types.ts'
export {
  readEvtx,
  readEvtxSource,
  readEvtxSourceBatches,
  readEvtxXml,
  readEvtxXmlBatches,
} from './read-file.ts'
export { evtxParts, PART_CHUNKS, readEvtxSourcePart, readEvtxXmlPart } from './read-part.ts'
export type { EvtxPart, PartGroups } from './read-part.ts'
export { readEvtxBuffer, readEvtxSourceBuffer, readEvtxXmlBuffer } from './read-buffer.ts'
export {
  ERR_EVTX_BINXML,
  ERR_EVTX_CHUNK_CHECKSUM,
  ERR_EVTX_CHUNK_HEADER,
  ERR_EVTX_FILE_CHECKSUM,
  ERR_EVTX_FILE_HEADER,
  ERR_EVTX_IO,
  ERR_EVTX_RECORD,
  ERR_EVTX_TRUNCATED,
} from './diagnostics.ts'
