import {
  readEvtx,
  readEvtxSource,
  readEvtxSourceBatches,
  readEvtxXml,
  readEvtxXmlBatches,
} from './evtx/index.ts'
import { mapWindowsEvent, mapWinlogSource } from './winlog/index.ts'
import type { EvtxSourceItem } from './evtx/index.ts'
import type { EcsDocument } from './winlog/index.ts'
import { readEventXmlFile } from './xml/parse.ts'
import type { XmlElement } from './xml/element.ts'
import { serializeXml } from './xml/serialize.ts'
import type { Diagnostic } from '../syntax/index.ts'

/** One Windows event read from an `.evtx` or event `.xml` file, before any ECS mapping. */
export type WindowsRecordItem =
  | {
      readonly kind: 'record'
      readonly event: XmlElement
      readonly file: string
      /** The EVTX record id, or the line the `<Event>` starts on in an XML file. */
      readonly line: number
    }
  | { readonly kind: 'problem'; readonly diagnostic: Diagnostic }

/** One Windows event as event XML text (what `serializeXml` writes for its tree). */
export type WindowsXmlItem =
  | {
      readonly kind: 'record'
      readonly xml: string
      readonly file: string
      /** The EVTX record id, or the line the `<Event>` starts on in an XML file. */
      readonly line: number
    }
  | { readonly kind: 'problem'; readonly diagnostic: Diagnostic }

/** One Windows event mapped to its ECS document, as `mapWindowsEvent` maps its tree. */
export type WindowsEcsItem =
  | {
      readonly kind: 'record'
      readonly doc: EcsDocument
      readonly file: string
      /** The EVTX record id, or the line the `<Event>` starts on in an XML file. */
      readonly line: number
    }
  | { readonly kind: 'problem'; readonly diagnostic: Diagnostic }

/** Streams the `<Event>` trees of an `.evtx` or event `.xml` file, problems included. */
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
): AsyncGenerator<WindowsRecordItem>
/**
 * Streams the events of an `.evtx` or event `.xml` file as event XML text, problems included.
 * EVTX records are written straight from their BinXML, without an element tree.
 */
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output: 'xml',
): AsyncGenerator<WindowsXmlItem>
/**
 * Streams the events of an `.evtx` or event `.xml` file mapped to ECS (`log.file.path` is
 * `path`), problems included. EVTX records are mapped from what the mapping reads of their
 * BinXML, mostly without an element tree; the documents are those of their trees.
 */
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output: 'ecs',
): AsyncGenerator<WindowsEcsItem>
/**
 * {@link readWindowsRecords} with output `xml`, in batches (never empty): one per EVTX chunk, so
 * a consumer waits once per chunk rather than once per record.
 */
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output: 'xml-batches',
): AsyncGenerator<readonly WindowsXmlItem[]>
/** {@link readWindowsRecords} with output `ecs`, in batches as `xml-batches` gives them. */
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output: 'ecs-batches',
): AsyncGenerator<readonly WindowsEcsItem[]>
export function readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
  output?: 'xml' | 'ecs' | 'xml-batches' | 'ecs-batches',
):
  | AsyncGenerator<WindowsRecordItem | WindowsXmlItem | WindowsEcsItem>
  | AsyncGenerator<readonly WindowsXmlItem[] | readonly WindowsEcsItem[]> {
  if (output === 'ecs-batches') return readDocumentBatches(path, format)
  if (output === 'xml-batches') return readXmlBatches(path, format)
  if (output === 'ecs') return readDocuments(path, format)

  return output === 'xml' ? readXmlTexts(path, format) : readTrees(path, format)
}

function readDocumentBatches(
  path: string,
  format: 'evtx' | 'xml',
): AsyncGenerator<readonly WindowsEcsItem[]> {
  if (format === 'xml') return new MappedItems(readDocuments(path, format), (item) => [item])

  const context = { filePath: path }

  return new MappedItems(readEvtxSourceBatches(path), (items) =>
    items.map((item) => ecsItemOf(item, path, context)),
  )
}

function readXmlBatches(
  path: string,
  format: 'evtx' | 'xml',
): AsyncGenerator<readonly WindowsXmlItem[]> {
  if (format === 'xml') return new MappedItems(readXmlTexts(path, format), (item) => [item])

  return new MappedItems(readEvtxXmlBatches(path), (items) =>
    items.map((item): WindowsXmlItem =>
      item.kind === 'record'
        ? { kind: 'record', xml: item.record.xml, file: path, line: item.record.recordId }
        : item,
    ),
  )
}

function readDocuments(path: string, format: 'evtx' | 'xml'): AsyncGenerator<WindowsEcsItem> {
  const context = { filePath: path }
  if (format === 'xml') {
    return new MappedItems(readTrees(path, format), (item) =>
      item.kind === 'record'
        ? { kind: 'record', doc: mapWindowsEvent(item.event, context), file: path, line: item.line }
        : item,
    )
  }

  return new MappedItems(readEvtxSource(path), (item) => ecsItemOf(item, path, context))
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

function readTrees(path: string, format: 'evtx' | 'xml'): AsyncGenerator<WindowsRecordItem> {
  if (format === 'xml') {
    return new MappedItems(readEventXmlFile(path), (item) =>
      item.kind === 'event'
        ? { kind: 'record', event: item.event, file: path, line: item.line }
        : item,
    )
  }

  return new MappedItems(readEvtx(path), (item) =>
    item.kind === 'record'
      ? { kind: 'record', event: item.record.event, file: path, line: item.record.recordId }
      : item,
  )
}

function readXmlTexts(path: string, format: 'evtx' | 'xml'): AsyncGenerator<WindowsXmlItem> {
  if (format === 'xml') {
    return new MappedItems(readTrees(path, format), (item) =>
      item.kind === 'record'
        ? { kind: 'record', xml: serializeXml(item.event), file: item.file, line: item.line }
        : item,
    )
  }

  return new MappedItems(readEvtxXml(path), (item) =>
    item.kind === 'record'
      ? { kind: 'record', xml: item.record.xml, file: path, line: item.record.recordId }
      : item,
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
