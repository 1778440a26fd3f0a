import type { Diagnostic, Position } from '../../syntax/index.ts'
import { error, warning } from '../../syntax/index.ts'
import type { XmlElement, XmlNode } from './element.ts'
import type { StartTag, TagSink } from './parse-tag.ts'
import { findTagEnd, parseStartTag, XmlSyntaxError } from './parse-tag.ts'
import { LineCounter } from './parse-lines.ts'
import { decodeReferences, isBlank, isSpace, localName } from './parse-text.ts'

/** One item of a parsed event XML stream: an event, or a problem found on the way. */
export type EventXmlItem =
  | { readonly kind: 'event'; readonly event: XmlElement; readonly line: number }
  | { readonly kind: 'problem'; readonly diagnostic: Diagnostic }

/** Default longest run of text one event (or one unfinished comment, CDATA or tag) may span. */
const MAX_EVENT_CHARS = 16 * 1024 * 1024
/** Deepest element nesting accepted inside one event. */
const MAX_DEPTH = 256
/** Processed text kept in the buffer before it is cut away. */
const TRIM_AT = 64 * 1024
const EVENT_OPEN = '<Event'

/**
 * An incremental parser for files holding `<Event>` elements (with or without an `<Events>` root,
 * as wevtutil, evtxexport and Event Viewer write them). Feed it text, then drain the items. Only
 * the event being built and the unprocessed tail of the input are held in memory.
 */
export class EventXmlParser {
  readonly #name: string
  readonly #out: EventXmlItem[] = []
  readonly #stack: { name: string; attributes: Record<string, string>; children: XmlNode[] }[] = []
  readonly #raw: string[] = []
  readonly #mixed: boolean[] = []
  readonly #wrappers: string[] = []
  readonly #sink: TagSink = {
    badReference: (from, to) => {
      this.#badEntity(from, to)
    },
    duplicateAttribute: (raw, at) => {
      const message = `attribute "${raw}" repeats; the first value is kept`
      this.#warn('ERR_XML_DUPLICATE_ATTRIBUTE', message, at, at + raw.length)
    },
  }
  #buf = ''
  #pos = 0
  #base = 0
  #eof = false
  readonly #lines = new LineCounter()
  #text = ''
  #eventStart = 0
  #eventLine = 0
  #resyncing = false
  #hintAt = -1
  #hint = 0
  #events = 0
  #errors = 0

  readonly #maxChars: number

  /** `maxEventChars` bounds the memory one event may take (default 16 Mi characters). */
  constructor(name: string, options: { readonly maxEventChars?: number } = {}) {
    this.#name = name
    this.#maxChars = options.maxEventChars ?? MAX_EVENT_CHARS
  }

  /** Adds the next piece of text and parses as far as it allows. */
  feed(chunk: string): void {
    if (this.#eof) throw new Error('EventXmlParser.feed called after finish')
    this.#trim()
    this.#buf += chunk
    this.#run()
  }

  /** Marks the end of the input and reports anything left open. */
  finish(): void {
    if (this.#eof) return
    this.#eof = true
    this.#run()
    this.#reportEnd()
  }

  /** Removes and returns the items parsed so far. */
  take(): EventXmlItem[] {
    return this.#out.splice(0, this.#out.length)
  }

  #run(): void {
    for (;;) {
      try {
        if (this.#step()) continue
        if (!this.#eof) this.#checkPending()

        return
      } catch (e) {
        if (!(e instanceof XmlSyntaxError)) throw e
        this.#recover(e)
      }
    }
  }

  #step(): boolean {
    if (this.#resyncing) return this.#resync()
    const lt = this.#buf.indexOf('<', this.#pos)
    if (lt === -1) return this.#tailText()
    if (lt > this.#pos) this.#addText(this.#pos, lt)
    this.#pos = lt
    this.#checkEvent()

    return this.#markup()
  }

  #tailText(): false {
    let end = this.#buf.length
    if (!this.#eof && this.#stack.length > 0) {
      const amp = this.#buf.lastIndexOf('&')
      if (amp >= this.#pos && this.#buf.indexOf(';', amp) === -1) end = amp
      if (end > this.#pos && this.#buf.charCodeAt(end - 1) === 13) end--
    }
    if (end > this.#pos) this.#addText(this.#pos, end)
    this.#pos = end

    return false
  }

  #markup(): boolean {
    const b = this.#buf
    const p = this.#pos
    if (b.length - p < 2 && !this.#eof) return false
    const next = b.charCodeAt(p + 1)
    if (next === 63) return this.#skipUntil('?>', p + 2, 'processing instruction')
    if (next === 47) return this.#endTag()
    if (next !== 33) return this.#startTag()
    if (b.length - p < 9 && !this.#eof) return false
    if (b.startsWith('<!--', p)) return this.#skipUntil('-->', p + 4, 'comment')
    if (b.startsWith('<![CDATA[', p)) return this.#cdata()
    if (b.startsWith('<!DOCTYPE', p)) return this.#doctype()
    throw this.#fail('ERR_XML_BAD_MARKUP', `unknown markup "${b.slice(p, p + 9)}"`, p, p + 2)
  }

  #skipUntil(terminator: string, from: number, what: string): boolean {
    const at = this.#find(terminator, from, what)
    if (at === -1) return false
    this.#pos = at + terminator.length

    return true
  }

  #cdata(): boolean {
    const at = this.#find(']]>', this.#pos + 9, 'CDATA section')
    if (at === -1) return false
    if (this.#stack.length > 0) this.#text += this.#buf.slice(this.#pos + 9, at)
    this.#pos = at + 3

    return true
  }

  #doctype(): boolean {
    const open = this.#buf.indexOf('[', this.#pos)
    const close = this.#buf.indexOf('>', this.#pos)
    const hasSubset = open !== -1 && (close === -1 || open < close)

    return this.#skipUntil(hasSubset ? ']>' : '>', this.#pos, 'DOCTYPE declaration')
  }

  /** Finds `needle` from `from`, remembering how far a failed search got for the next chunk. */
  #find(needle: string, from: number, what: string): number {
    const start =
      this.#hintAt === this.#base + this.#pos ? Math.max(from, this.#hint - this.#base) : from
    const at = this.#buf.indexOf(needle, start)
    if (at !== -1) return at
    if (this.#eof) {
      const p = this.#pos
      throw this.#fail('ERR_XML_UNTERMINATED', `unterminated ${what}`, p, this.#buf.length)
    }
    this.#hintAt = this.#base + this.#pos
    this.#hint = this.#base + Math.max(from, this.#buf.length - needle.length + 1)

    return -1
  }

  #endTag(): boolean {
    const gt = this.#find('>', this.#pos + 2, 'end tag')
    if (gt === -1) return false
    const start = this.#pos
    const raw = this.#buf.slice(start + 2, gt).trim()
    this.#pos = gt + 1
    if (this.#stack.length === 0) {
      this.#closeWrapper(raw, start, gt + 1)

      return true
    }
    const expected = this.#raw[this.#raw.length - 1] ?? ''
    if (raw !== expected) {
      const message = `expected "</${expected}>" but found "</${raw}>"`
      throw this.#fail('ERR_XML_MISMATCHED_TAG', message, start, gt + 1)
    }
    this.#closeElement()

    return true
  }

  #closeWrapper(raw: string, start: number, end: number): void {
    if (this.#wrappers[this.#wrappers.length - 1] === raw) {
      this.#wrappers.pop()

      return
    }
    // after a resynchronisation the skipped start tags are unknown, so stray end tags are expected
    if (this.#errors > 0) return
    this.#warn('ERR_XML_STRAY_END_TAG', `end tag "</${raw}>" has no matching start tag`, start, end)
  }

  #startTag(): boolean {
    const gt = findTagEnd(this.#buf, this.#pos)
    if (gt === -1) {
      if (!this.#eof) return false
      throw this.#fail(
        'ERR_XML_UNTERMINATED',
        'unterminated start tag',
        this.#pos,
        this.#buf.length,
      )
    }
    const start = this.#pos
    // the event's line is taken before attribute warnings move the line counter past it
    const line = this.#stack.length === 0 ? this.#positionAt(this.#base + start).line : 0
    const selfClosing = this.#buf.charCodeAt(gt - 1) === 47
    const tag = parseStartTag(this.#buf, start + 1, selfClosing ? gt - 1 : gt, this.#sink)
    this.#pos = gt + 1
    this.#openElement(tag, selfClosing, start, line)

    return true
  }

  #openElement(tag: StartTag, selfClosing: boolean, start: number, line: number): void {
    const name = localName(tag.raw)
    if (this.#stack.length === 0 && name !== 'Event') {
      if (!selfClosing) this.#wrappers.push(tag.raw)

      return
    }
    if (this.#stack.length === 0) {
      this.#eventStart = this.#base + start
      this.#eventLine = line
    } else {
      this.#flushText()
      this.#mixed[this.#mixed.length - 1] = true
    }
    if (this.#stack.length >= MAX_DEPTH) {
      throw this.#fail(
        'ERR_XML_TOO_DEEP',
        `elements nest deeper than ${MAX_DEPTH}`,
        start,
        start + 1,
      )
    }
    const element = { name, attributes: tag.attributes, children: [] as XmlNode[] }
    this.#stack[this.#stack.length - 1]?.children.push(element)
    this.#stack.push(element)
    this.#raw.push(tag.raw)
    this.#mixed.push(false)
    if (selfClosing) this.#closeElement()
  }

  #closeElement(): void {
    this.#flushText()
    const element = this.#stack.pop()
    const mixed = this.#mixed.pop() ?? false
    this.#raw.pop()
    if (element === undefined) return
    const first = element.children[0]
    if (mixed && typeof first === 'string' && isBlank(first)) element.children.shift()
    if (this.#stack.length > 0) return
    this.#events++
    this.#out.push({ kind: 'event', event: element, line: this.#eventLine })
  }

  #addText(from: number, to: number): void {
    if (this.#stack.length === 0) return
    this.#text += decodeReferences(this.#buf, from, to, false, this.#sink.badReference)
  }

  #flushText(): void {
    const text = this.#text
    if (text === '') return
    this.#text = ''
    if (this.#mixed[this.#mixed.length - 1] === true && isBlank(text)) return
    this.#stack[this.#stack.length - 1]?.children.push(text)
  }

  #badEntity(from: number, to: number): void {
    const text = this.#buf.slice(from, Math.min(to, from + 16))
    const message =
      to === from + 1
        ? 'a bare "&" is kept as text (write "&amp;")'
        : `unknown entity "${text}" is kept as text`
    this.#warn('ERR_XML_BAD_ENTITY', message, from, to)
  }

  /** Bounds memory: an event may not grow past the limit, however the input is chunked. */
  #checkEvent(): void {
    if (this.#stack.length === 0 || this.#base + this.#pos - this.#eventStart <= this.#maxChars)
      return
    throw this.#tooLarge('event')
  }

  /** Bounds memory while waiting for input: an unfinished construct may not grow past the limit. */
  #checkPending(): void {
    if (this.#stack.length > 0) {
      if (this.#base + this.#buf.length - this.#eventStart > this.#maxChars)
        throw this.#tooLarge('event')
    } else if (this.#buf.length - this.#pos > this.#maxChars) {
      throw this.#tooLarge('markup construct')
    }
  }

  #tooLarge(what: string): XmlSyntaxError {
    const p = this.#pos
    const message = `${what} is longer than ${this.#maxChars} characters`

    return this.#fail('ERR_XML_TOO_LARGE', message, p, p)
  }

  /** Drops the broken event and skips to the next `<Event` start tag. */
  #recover(e: XmlSyntaxError): void {
    this.#errors++
    this.#out.push({ kind: 'problem', diagnostic: this.#diagnostic(e, 'error') })
    this.#stack.length = 0
    this.#raw.length = 0
    this.#mixed.length = 0
    this.#text = ''
    this.#resyncing = true
    this.#pos = Math.min(Math.max(e.start + 1, this.#pos), this.#buf.length)
  }

  #resync(): boolean {
    for (let at = this.#buf.indexOf(EVENT_OPEN, this.#pos); at !== -1;) {
      const after = this.#buf.charCodeAt(at + EVENT_OPEN.length)
      if (Number.isNaN(after) && !this.#eof) break
      if (isSpace(after) || after === 62 || after === 47) {
        this.#pos = at
        this.#resyncing = false

        return true
      }
      at = this.#buf.indexOf(EVENT_OPEN, at + 1)
    }
    this.#pos = Math.max(this.#pos, this.#buf.length - EVENT_OPEN.length)

    return false
  }

  #reportEnd(): void {
    const end = this.#buf.length
    const open = this.#raw[this.#raw.length - 1]
    if (open !== undefined) {
      const message = `unexpected end of file inside element "${open}"`
      this.#recover(new XmlSyntaxError('ERR_XML_UNEXPECTED_EOF', message, end, end))
      this.#resyncing = false
    }
    const wrapper = this.#wrappers[this.#wrappers.length - 1]
    if (wrapper !== undefined && this.#errors === 0) {
      this.#warn('ERR_XML_UNCLOSED_ELEMENT', `element "${wrapper}" is never closed`, end, end)
    }
    if (this.#events === 0 && this.#out.length === 0) {
      this.#warn('ERR_XML_NO_EVENTS', 'no <Event> elements found', end, end)
    }
  }

  #fail(code: string, message: string, start: number, end: number): XmlSyntaxError {
    return new XmlSyntaxError(code, message, start, end)
  }

  #warn(code: string, message: string, start: number, end: number): void {
    const d = this.#diagnostic(new XmlSyntaxError(code, message, start, end), 'warning')
    this.#out.push({ kind: 'problem', diagnostic: d })
  }

  #diagnostic(e: XmlSyntaxError, severity: 'error' | 'warning'): Diagnostic {
    const start = this.#positionAt(this.#base + e.start)
    const end = this.#positionAt(this.#base + Math.max(e.start, e.end))
    const span = { start, end }

    return severity === 'error'
      ? error(e.code, e.message, span, this.#name)
      : warning(e.code, e.message, span, this.#name)
  }

  #positionAt(offset: number): Position {
    return this.#lines.positionAt(this.#buf, this.#base, offset)
  }

  #trim(): void {
    if (this.#pos < TRIM_AT && this.#pos < this.#buf.length) return
    this.#positionAt(this.#base + this.#pos)
    this.#buf = this.#buf.slice(this.#pos)
    this.#base += this.#pos
    this.#pos = 0
  }
}
