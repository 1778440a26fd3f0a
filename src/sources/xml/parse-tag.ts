import type { BadReference } from './parse-text.ts'
import { decodeReferences, isSpace, localName, skipSpaces } from './parse-text.ts'

/** A malformed construct at `[start, end)` of the parser's buffer. */
export class XmlSyntaxError extends Error {
  readonly code: string
  readonly start: number
  readonly end: number

  constructor(code: string, message: string, start: number, end: number) {
    super(message)
    this.code = code
    this.start = start
    this.end = end
  }
}

/** A parsed start tag: the element name as written and its attributes (local names). */
export interface StartTag {
  readonly raw: string
  readonly attributes: Record<string, string>
}

/** Where start-tag parsing reports what it tolerates. */
export interface TagSink {
  readonly badReference: BadReference
  duplicateAttribute(raw: string, at: number): void
}

/**
 * The index of the `>` that closes the start tag beginning at `from` (a `<`), skipping quoted
 * attribute values; -1 when the buffer ends first.
 */
export function findTagEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 62) return i
    if (c === 60)
      throw new XmlSyntaxError('ERR_XML_BAD_TAG', 'unexpected "<" inside a tag', i, i + 1)
    if (c !== 34 && c !== 39) continue
    const close = text.indexOf(c === 34 ? '"' : "'", i + 1)
    if (close === -1) return -1
    i = close
  }

  return -1
}

/** Parses `text[from, to)`, the inside of a start tag without `<`, `/` and `>`. */
export function parseStartTag(text: string, from: number, to: number, sink: TagSink): StartTag {
  let i = from
  while (i < to && !isSpace(text.charCodeAt(i))) i++
  const raw = text.slice(from, i)
  if (raw === '' || raw.includes('=') || raw.includes('"') || raw.includes("'")) {
    throw new XmlSyntaxError('ERR_XML_BAD_TAG', 'start tag without an element name', from - 1, to)
  }
  const attributes: Record<string, string> = {}
  for (i = skipSpaces(text, i, to); i < to; i = skipSpaces(text, i, to)) {
    i = parseAttribute(text, i, to, attributes, sink)
  }

  return { raw, attributes }
}

function parseAttribute(
  text: string,
  from: number,
  to: number,
  into: Record<string, string>,
  sink: TagSink,
): number {
  let i = from
  while (i < to && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 61) i++
  const raw = text.slice(from, i)
  i = skipSpaces(text, i, to)
  if (text.charCodeAt(i) !== 61 || raw === '') {
    const message = `attribute "${raw}" has no "=" and value`
    throw new XmlSyntaxError('ERR_XML_BAD_TAG', message, from, Math.min(i + 1, to))
  }
  i = skipSpaces(text, i + 1, to)
  const quote = text.charCodeAt(i)
  const close = quote === 34 || quote === 39 ? text.indexOf(quote === 34 ? '"' : "'", i + 1) : -1
  if (close === -1 || close >= to) {
    const message = `value of attribute "${raw}" is not quoted`
    throw new XmlSyntaxError('ERR_XML_BAD_TAG', message, from, to)
  }
  const value = decodeReferences(text, i + 1, close, true, sink.badReference)
  setAttribute(into, raw, value, from, sink)

  return close + 1
}

function setAttribute(
  into: Record<string, string>,
  raw: string,
  value: string,
  at: number,
  sink: TagSink,
): void {
  // prefixed namespace declarations carry nothing the event mapping reads; xmlns itself is kept
  if (raw.startsWith('xmlns:')) return
  const key = localName(raw)
  if (Object.hasOwn(into, key)) {
    sink.duplicateAttribute(raw, at)

    return
  }
  if (key !== '__proto__') into[key] = value
  // defineProperty keeps a "__proto__" attribute an ordinary own property
  else
    Object.defineProperty(into, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
}
