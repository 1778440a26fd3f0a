/**
 * @module sources
 * Readers for every input: NDJSON, JSON arrays, gzip, standard input, folders, Elasticsearch
 * exports (search hits, `_bulk` pairs), and Windows EVTX/XML through their own subfolders.
 */
export type {
  InputEvent,
  InputProblem,
  InputItem,
  InputFormat,
  FileSummary,
  ReadInputsOptions,
} from './types.ts'
export { newSummary, readInputs, readInputBatches } from './read-inputs.ts'
export type { InputTask, InputTaskOptions } from './input-tasks.ts'
export { readInputTasks, readStreamTask } from './input-tasks.ts'
export type { DecodedPiece, LinePiece } from './line-pieces.ts'
export { decodePiece, shiftProblem } from './line-pieces.ts'
export type { EvtxSplit } from './evtx-tasks.ts'
export { EVTX_SPLIT, evtxSplitParts, readEvtxPart } from './evtx-tasks.ts'
export type { InputTarget } from './discover.ts'
export { discoverInputs, formatOf, missingInputs, shareableBytes } from './discover.ts'
export { STDIN_NAME } from './stdin-input.ts'
export { DEFAULT_CHUNK_SIZE } from './chunks.ts'
export type { JsonFault } from './json-error.ts'
export { findJsonFault } from './json-error.ts'
export type { WindowsEcsItem, WindowsProblem, WindowsXmlItem } from './windows-records.ts'
export { readWindowsPart, readWindowsRecords } from './windows-records.ts'
export { evtxParts } from './evtx/index.ts'
export type { EvtxPart } from './evtx/index.ts'
export type { XmlElement, XmlNode } from './xml/element.ts'
export { serializeXml } from './xml/serialize.ts'
export { mapWindowsEvent } from './winlog/index.ts'
