import { createReadStream } from 'node:fs'
import { EMPTY_SPAN, error } from '../../syntax/index.ts'
import { decodeXmlBytes } from './parse-bytes.ts'
import type { EventXmlItem } from './parse-parser.ts'
import { EventXmlParser } from './parse-parser.ts'

export type { EventXmlItem } from './parse-parser.ts'
export { EventXmlParser } from './parse-parser.ts'
export { decodeXmlBytes } from './parse-bytes.ts'

/**
 * Parses Windows event XML from a stream of text chunks: one or more `<Event>` elements, bare (as
 * `wevtutil qe /f:xml` and `evtxexport -f xml` print them) or under a root such as `<Events>`
 * (Event Viewer "Save as XML"). Element and attribute names lose their namespace prefixes, text
 * has entities decoded, and white space between elements is dropped. Malformed XML yields a
 * problem with file:line:column, the event is dropped and parsing resumes at the next `<Event`.
 */
export async function* parseEventXmlStream(
  chunks: AsyncIterable<string>,
  name: string,
): AsyncGenerator<EventXmlItem> {
  const parser = new EventXmlParser(name)
  for await (const chunk of chunks) {
    parser.feed(chunk)
    yield* parser.take()
  }
  parser.finish()
  yield* parser.take()
}

/** Parses event XML held in one string (tests, small inputs); see {@link parseEventXmlStream}. */
export function* parseEventXmlText(text: string, name: string): Generator<EventXmlItem> {
  const parser = new EventXmlParser(name)
  parser.feed(text)
  yield* parser.take()
  parser.finish()
  yield* parser.take()
}

/**
 * Streams the events of an event XML file, decoding UTF-8 or UTF-16 (see {@link decodeXmlBytes}).
 * A file that cannot be read yields one `ERR_XML_READ` problem.
 */
export async function* readEventXmlFile(path: string): AsyncGenerator<EventXmlItem> {
  try {
    yield* parseEventXmlStream(decodeXmlBytes(createReadStream(path)), path)
  } catch (e) {
    if (!isFileError(e)) throw e
    const diagnostic = error('ERR_XML_READ', `cannot read file (${e.code})`, EMPTY_SPAN, path)
    yield { kind: 'problem', diagnostic }
  }
}

function isFileError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string'
}
