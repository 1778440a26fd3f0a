import { EvtxDecoder, chunkOffset, chunkSlots } from './decoder.ts'
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './layout.ts'
import { makeSourceRecord, makeTreeRecord, makeXmlRecord } from './record-makers.ts'
import type { RecordMaker } from './record-makers.ts'
import type { EvtxItem, EvtxItemOf, EvtxOptions, EvtxSourceItem, EvtxXmlItem } from './types.ts'

/**
 * Reads an EVTX file held in memory (tests, fuzzing, embedded data): the same items, in the same
 * order, as {@link readEvtx} gives for the file. `name` is the diagnostics' source.
 */
export function readEvtxBuffer(
  bytes: Uint8Array,
  name: string,
  options: EvtxOptions = {},
): Generator<EvtxItem> {
  return readBuffer(bytes, name, options, makeTreeRecord)
}

/** {@link readEvtxBuffer} with each event as XML text, the items `readEvtxXml` gives. */
export function readEvtxXmlBuffer(
  bytes: Uint8Array,
  name: string,
  options: EvtxOptions = {},
): Generator<EvtxXmlItem> {
  return readBuffer(bytes, name, options, makeXmlRecord)
}

/** {@link readEvtxBuffer} with each event as a winlog source, the items `readEvtxSource` gives. */
export function readEvtxSourceBuffer(
  bytes: Uint8Array,
  name: string,
  options: EvtxOptions = {},
): Generator<EvtxSourceItem> {
  return readBuffer(bytes, name, options, makeSourceRecord)
}

function* readBuffer<R>(
  bytes: Uint8Array,
  name: string,
  options: EvtxOptions,
  make: RecordMaker<R>,
): Generator<EvtxItemOf<R>> {
  const decoder = new EvtxDecoder(name, options, make)
  const start = decoder.header(bytes.subarray(0, FILE_HEADER_SIZE), bytes.byteLength)
  yield* start.items
  if (!start.canContinue) return

  const slots = chunkSlots(bytes.byteLength)
  for (let index = 0; index < slots; index++) {
    const base = chunkOffset(index)
    const chunk = bytes.subarray(base, base + CHUNK_SIZE)
    const items: EvtxItemOf<R>[] = []
    if (chunk.byteLength === CHUNK_SIZE) {
      decoder.chunk(items, chunk, index)
      yield* items
      continue
    }

    yield decoder.truncated(index, chunk.byteLength)
    const padded = new Uint8Array(CHUNK_SIZE)
    padded.set(chunk)
    decoder.chunk(items, padded, index)
    yield* items
  }
}
