import {
  readEvtxSourceBatches,
  readEvtxSourcePart,
  readEvtxXmlBatches,
  readEvtxXmlPart,
} from './evtx/index.ts'
import { mapWindowsEvent, mapWinlogSource } from './winlog/index.ts'
import type { EvtxPart, EvtxSourceItem, EvtxXmlItem } from './evtx/index.ts'
import type { EcsDocument } from './winlog/index.ts'
import { readEventXmlFile } from './xml/parse.ts'
import { serializeXml } from './xml/serialize.ts'
import type { Diagnostic } from '../syntax/index.ts'

/** A problem met reading a Windows event file: a damaged record or chunk, a bad file. */
export interface WindowsProblem {
  readonly kind: 'problem'
  readonly diagnostic: Diagnostic
}

/** One Windows event as event XML text (what `serializeXml` writes for its tree). */
export type WindowsXmlItem =
  | {
      readonly kind: 'record'
      readonly xml: string
      readonly file: string
      /** The EVTX record id, or the line the `<Event>` starts on in an XML file. */
      readonly line: number
    }
  | WindowsProblem

/** One Windows event mapped to its ECS document, as `mapWindowsEvent` maps its tree. */
export type WindowsEcsItem =
  | {
      readonly kind: 'record'
      readonly doc: EcsDocument
      readonly file: string
      /** The EVTX record id, or the line the `<Event>` starts on in an XML file. */
      readonly line: number
    }
  | WindowsProblem

/**
 * Streams the events of an `.evtx` or event `.xml` file as event XML text, problems included,
 * in batches (never empty): one per EVTX chunk, so a consumer waits once per chunk rather than
 * once per record. EVTX records are written straight from their BinXML, without an element tree.
 */
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output: 'xml',
): AsyncGenerator<readonly WindowsXmlItem[]>
/**
 * Streams the events of an `.evtx` or event `.xml` file mapped to ECS (`log.file.path` is
 * `path`), problems included, in batches as the `xml` output gives them. EVTX records are mapped
 * from what the mapping reads of their BinXML, mostly without an element tree; the documents are
 * those of their trees.
 */
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output: 'ecs',
): AsyncGenerator<readonly WindowsEcsItem[]>
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output: 'xml' | 'ecs',
): AsyncGenerator<readonly WindowsXmlItem[]> | AsyncGenerator<readonly WindowsEcsItem[]> {
  if (format === 'xml') return readEventXml(path, output)

  if (output === 'xml') {
    return new MappedItems(readEvtxXmlBatches(path), (items) =>
      items.map((item) => xmlItemOf(item, path)),
    )
  }

  const context = { filePath: path }

  return new MappedItems(readEvtxSourceBatches(path), (items) =>
    items.map((item) => ecsItemOf(item, path, context)),
  )
}

/**
 * Reads one part of an EVTX file (`evtxParts`) as event XML text, as {@link readWindowsRecords}
 * reads the whole file, handing its items to `take` a chunk at a time: the parts read in turn,
 * up to the first final one, give the same items. Resolves to whether the part is final.
 */
export function readWindowsPart(
  path: string,
  part: EvtxPart,
  output: 'xml',
  take: (items: readonly WindowsXmlItem[]) => void,
): Promise<boolean>
/** Reads one part of an EVTX file mapped to ECS, as {@link readWindowsRecords} maps the file. */
export function readWindowsPart(
  path: string,
  part: EvtxPart,
  output: 'ecs',
  take: (items: readonly WindowsEcsItem[]) => void,
): Promise<boolean>
export function readWindowsPart(
  path: string,
  part: EvtxPart,
  output: 'xml' | 'ecs',
  take: ((items: readonly WindowsXmlItem[]) => void) | ((items: readonly WindowsEcsItem[]) => void),
): Promise<boolean> {
  if (output === 'xml') {
    const takeXml = take as (items: readonly WindowsXmlItem[]) => void

    return readEvtxXmlPart(path, part, (items) => {
      takeXml(items.map((item) => xmlItemOf(item, path)))
    })
  }

  const takeEcs = take as (items: readonly WindowsEcsItem[]) => void
  const context = { filePath: path }

  return readEvtxSourcePart(path, part, (items) => {
    takeEcs(items.map((item) => ecsItemOf(item, path, context)))
  })
}

// an EVTX record as its event XML text
function xmlItemOf(item: EvtxXmlItem, path: string): WindowsXmlItem {
  if (item.kind !== 'record') return item

  return { kind: 'record', xml: item.record.xml, file: path, line: item.record.recordId }
}

// an EVTX record read flat, mapped to its ECS document
function ecsItemOf(
  item: EvtxSourceItem,
  path: string,
  context: { readonly filePath: string },
): WindowsEcsItem {
  if (item.kind !== 'record') return item

  const doc = mapWinlogSource(item.record.source, context)

  return { kind: 'record', doc, file: path, line: item.record.recordId }
}

// an event XML file: each `<Event>` tree, serialised again or mapped, a batch of its own
function readEventXml(
  path: string,
  output: 'xml' | 'ecs',
): AsyncGenerator<readonly WindowsXmlItem[]> | AsyncGenerator<readonly WindowsEcsItem[]> {
  const events = readEventXmlFile(path)
  if (output === 'xml') {
    return new MappedItems(events, (item): WindowsXmlItem[] =>
      item.kind === 'event'
        ? [{ kind: 'record', xml: serializeXml(item.event), file: path, line: item.line }]
        : [item],
    )
  }

  const context = { filePath: path }

  return new MappedItems(events, (item): WindowsEcsItem[] =>
    item.kind === 'event'
      ? [{ kind: 'record', doc: mapWindowsEvent(item.event, context), file: path, line: item.line }]
      : [item],
  )
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * Another async iterator's items, each mapped: one promise per item, where an async generator
 * that awaits and yields them costs several (measured: 5% of the XML conversion). Ending or
 * failing early closes the source, as `for await` inside a generator would.
 */
class MappedItems<T, U> implements AsyncGenerator<U> {
  readonly #source: AsyncGenerator<T>
  readonly #map: (item: T) => U

  constructor(source: AsyncGenerator<T>, map: (item: T) => U) {
    this.#source = source
    this.#map = map
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<U>> {
    return this.#source.next().then((result) => {
      if (result.done === true) return DONE

      try {
        return { done: false, value: this.#map(result.value) }
      } catch (cause) {
        return this.throw(cause)
      }
    })
  }

  async return(): Promise<IteratorResult<U>> {
    await this.#source.return(undefined)

    return DONE
  }

  async throw(cause: unknown): Promise<IteratorResult<U>> {
    await this.#source.return(undefined)
    throw cause
  }
}
