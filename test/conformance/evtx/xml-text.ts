import type { XmlElement, XmlNode } from '../../../src/sources/xml/element.ts'

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
}

/**
 * Parses the top-level elements of an XML text that may hold several documents one after another
 * (the output of `evtxexport -f xml`). Only what event XML uses is supported: elements,
 * attributes, text, entity and character references, CDATA; declarations, comments and
 * processing instructions are skipped. Text that is only whitespace between elements is dropped,
 * since the tools indent their output. Throws on malformed input: it reads trusted tool output.
 */
export function parseXmlDocuments(text: string): XmlElement[] {
  const parser = new Parser(text.replace(/\r\n?/g, '\n'))

  return parser.documents()
}

class Parser {
  readonly #text: string
  #pos = 0

  constructor(text: string) {
    this.#text = text
  }

  documents(): XmlElement[] {
    const out: XmlElement[] = []
    for (;;) {
      const next = this.#text.indexOf('<', this.#pos)
      if (next < 0) return out

      this.#pos = next
      if (this.#skipMarkup()) continue

      out.push(this.#element())
    }
  }

  // skips <?…?>, <!--…-->, <!DOCTYPE…>; true when it skipped something
  #skipMarkup(): boolean {
    const rest = this.#text.startsWith.bind(this.#text)
    if (rest('<?', this.#pos)) return this.#skipPast('?>')
    if (rest('<!--', this.#pos)) return this.#skipPast('-->')
    if (rest('<!', this.#pos) && !rest('<![CDATA[', this.#pos)) return this.#skipPast('>')

    return false
  }

  #skipPast(end: string): boolean {
    const at = this.#text.indexOf(end, this.#pos)
    if (at < 0) throw new Error(`unterminated markup at ${this.#pos}`)

    this.#pos = at + end.length

    return true
  }

  #element(): XmlElement {
    this.#pos += 1
    const name = this.#name()
    const attributes: Record<string, string> = {}
    for (;;) {
      this.#skipSpace()
      const c = this.#text[this.#pos]
      if (c === '/') {
        this.#pos += 2

        return { name, attributes, children: [] }
      }

      if (c === '>') break

      const attribute = this.#name()
      this.#skipSpace()
      this.#expect('=')
      this.#skipSpace()
      attributes[attribute] = this.#quoted()
    }

    this.#pos += 1

    return { name, attributes, children: this.#content(name) }
  }

  #content(name: string): XmlNode[] {
    const children: XmlNode[] = []
    let text = ''
    for (;;) {
      const lt = this.#text.indexOf('<', this.#pos)
      if (lt < 0) throw new Error(`element "${name}" is not closed`)

      text += decodeReferences(this.#text.slice(this.#pos, lt))
      this.#pos = lt
      if (this.#text.startsWith('<![CDATA[', lt)) {
        const end = this.#text.indexOf(']]>', lt)
        text += this.#text.slice(lt + 9, end)
        this.#pos = end + 3
      } else if (this.#text.startsWith('</', lt)) {
        this.#pos = this.#text.indexOf('>', lt) + 1
        flushText(children, text)

        return dropIndentation(children)
      } else if (!this.#skipMarkup()) {
        flushText(children, text)
        text = ''
        children.push(this.#element())
      }
    }
  }

  #name(): string {
    const match = /^[^\s/>=]+/.exec(this.#text.slice(this.#pos, this.#pos + 256))
    if (match === null) throw new Error(`expected a name at ${this.#pos}`)

    this.#pos += match[0].length

    return match[0]
  }

  #quoted(): string {
    const quote = this.#text[this.#pos] ?? ''
    if (quote !== '"' && quote !== "'") throw new Error(`expected a quoted value at ${this.#pos}`)

    const end = this.#text.indexOf(quote, this.#pos + 1)
    const raw = this.#text.slice(this.#pos + 1, end)
    this.#pos = end + 1

    return decodeReferences(raw.replace(/[\t\n]/g, ' '))
  }

  #skipSpace(): void {
    while (/\s/.test(this.#text[this.#pos] ?? '')) this.#pos += 1
  }

  #expect(c: string): void {
    if (this.#text[this.#pos] !== c) throw new Error(`expected "${c}" at ${this.#pos}`)

    this.#pos += 1
  }
}

function flushText(children: XmlNode[], text: string): void {
  if (text !== '') children.push(text)
}

function dropIndentation(children: XmlNode[]): XmlNode[] {
  if (!children.some((c) => typeof c !== 'string')) return children

  return children.filter((c) => typeof c !== 'string' || c.trim() !== '')
}

function decodeReferences(text: string): string {
  if (!text.includes('&')) return text

  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16))
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10))

    return NAMED_ENTITIES[body] ?? whole
  })
}
