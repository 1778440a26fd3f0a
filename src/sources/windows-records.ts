import { readEvtx } from './evtx/index.ts'
import { readEventXmlFile } from './xml/parse.ts'
import type { XmlElement } from './xml/element.ts'
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

/** Streams the `<Event>` trees of an `.evtx` or event `.xml` file, problems included. */
export async function* readWindowsRecords(
  path: string,
  format: 'evtx' | 'xml',
): AsyncGenerator<WindowsRecordItem> {
  if (format === 'xml') {
    for await (const item of readEventXmlFile(path)) {
      yield item.kind === 'event'
        ? { kind: 'record', event: item.event, file: path, line: item.line }
        : item
    }

    return
  }

  for await (const item of readEvtx(path)) {
    yield item.kind === 'record'
      ? { kind: 'record', event: item.record.event, file: path, line: item.record.recordId }
      : item
  }
}
