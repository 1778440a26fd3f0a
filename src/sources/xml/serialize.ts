import type { XmlElement, XmlNode } from './element.ts'

/** Options for {@link serializeXml}. */
export interface SerializeOptions {
  /**
   * Indentation for one level, e.g. two spaces. Without it the output is one line, byte for byte
   * the tree's text. Elements holding text are never indented inside, so text is never changed.
   */
  readonly indent?: string
}

/**
 * Event XML text for an element tree, the form `evtxexport -f xml` and Windows write:
 * `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>…`. Attributes
 * use double quotes; an element without children is written `<Name/>`; `&`, `<`, `>` (and `"` in
 * attributes) are escaped.
 */
export function serializeXml(element: XmlElement, options: SerializeOptions = {}): string {
  if (options.indent === undefined) return compactElement(element)

  return indentedElement(element, options.indent, '')
}

const CLOSE_TAGS = new Map<string, string>()
const MAX_CLOSE_TAGS = 10_000

function compactElement(element: XmlElement): string {
  const start = startTag(element)
  const { children } = element
  if (children.length === 0) return `${start}/>`

  const first = children[0] ?? ''
  if (children.length === 1 && typeof first === 'string') {
    return `${start}>${escapeText(first)}${closeTag(element.name)}`
  }

  let text = `${start}>`
  for (let i = 0; i < children.length; i++) {
    const child = children[i] ?? ''
    text += typeof child === 'string' ? escapeText(child) : compactElement(child)
  }

  return text + closeTag(element.name)
}

function startTag(element: XmlElement): string {
  const { attributes } = element
  let text = `<${element.name}`
  for (const key in attributes) text += ` ${key}="${escapeAttribute(attributes[key] ?? '')}"`

  return text
}

// element names repeat endlessly (Data, System…); the cache is capped against unbounded inputs
function closeTag(name: string): string {
  let tag = CLOSE_TAGS.get(name)
  if (tag === undefined) {
    tag = `</${name}>`
    if (CLOSE_TAGS.size < MAX_CLOSE_TAGS) CLOSE_TAGS.set(name, tag)
  }

  return tag
}

function indentedElement(element: XmlElement, indent: string, prefix: string): string {
  const start = startTag(element)
  if (element.children.length === 0) return `${prefix}${start}/>`
  if (element.children.some(isText)) return prefix + compactElement(element)

  let text = `${prefix}${start}>`
  for (const child of element.children) {
    if (typeof child !== 'string') text += `\n${indentedElement(child, indent, prefix + indent)}`
  }

  return `${text}\n${prefix}${closeTag(element.name)}`
}

function isText(node: XmlNode): boolean {
  return typeof node === 'string'
}

/**
 * Escapes text content: `&`, `<` and `>`, plus carriage returns (which parsers would turn into
 * line feeds) and the control characters XML 1.0 cannot hold as they are, written as character
 * references to stay lossless.
 */
export function escapeText(text: string): string {
  // a plain scan is cheaper than a regular expression on the short values events are made of
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x26 || c === 0x3c || c === 0x3e || (c < 0x20 && c !== 0x09 && c !== 0x0a)) {
      return escapeFrom(text, i, false)
    }
  }

  return text
}

/** Escapes an attribute value: as {@link escapeText}, plus `"`, tabs and line feeds. */
export function escapeAttribute(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c < 0x20) {
      return escapeFrom(text, i, true)
    }
  }

  return text
}

function escapeFrom(text: string, first: number, isAttribute: boolean): string {
  let out = text.slice(0, first)
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i)
    out += escapeCode(c, isAttribute) ?? text.charAt(i)
  }

  return out
}

function escapeCode(c: number, isAttribute: boolean): string | undefined {
  switch (c) {
    case 0x26:
      return '&amp;'
    case 0x3c:
      return '&lt;'
    case 0x3e:
      return '&gt;'
    case 0x22:
      return isAttribute ? '&quot;' : undefined
    case 0x09:
    case 0x0a:
      return isAttribute ? `&#${c};` : undefined
    default:
      return c < 0x20 ? `&#${c};` : undefined
  }
}
