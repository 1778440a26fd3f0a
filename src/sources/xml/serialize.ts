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

const LONG_TEXT = 32
// exactly the characters escapeCode rewrites in text and in attribute values
// eslint-disable-next-line no-control-regex
const TEXT_ESCAPED = /[&<>\u0000-\u0008\u000b-\u001f]/
// eslint-disable-next-line no-control-regex
const ATTRIBUTE_ESCAPED = /[&<>"\u0000-\u001f]/
// element and attribute names repeat endlessly (Data, Name, System…): their fixed pieces are
// built once; the caches are capped against unbounded inputs
const OPEN_TAGS = new Map<string, string>()
const ATTRIBUTE_PREFIXES = new Map<string, string>()
const CLOSE_TAGS = new Map<string, string>()
const MAX_CACHED_TAGS = 10_000

// the pieces of the whole event go into one array joined once: `+=` would leave a rope of
// thousands of small string objects that the garbage collector and the final flattening pay for
const PARTS: string[] = []

function compactElement(element: XmlElement): string {
  appendElement(PARTS, element)
  const text = PARTS.join('')
  PARTS.length = 0

  return text
}

function appendElement(parts: string[], element: XmlElement): void {
  appendStartTag(parts, element)
  const { children } = element
  const count = children.length
  if (count === 0) {
    parts.push('/>')

    return
  }

  parts.push('>')
  for (let i = 0; i < count; i++) {
    const child = children[i] ?? ''
    if (typeof child === 'string') parts.push(escapeText(child))
    else appendElement(parts, child)
  }

  parts.push(closeTag(element.name))
}

function startTag(element: XmlElement): string {
  const parts: string[] = []
  appendStartTag(parts, element)

  return parts.join('')
}

function appendStartTag(parts: string[], element: XmlElement): void {
  const { attributes } = element
  parts.push(openTag(element.name))
  for (const key in attributes)
    parts.push(attributePrefix(key), escapeAttribute(attributes[key] ?? ''), '"')
}

function openTag(name: string): string {
  let tag = OPEN_TAGS.get(name)
  if (tag === undefined) {
    tag = `<${name}`
    if (OPEN_TAGS.size < MAX_CACHED_TAGS) OPEN_TAGS.set(name, tag)
  }

  return tag
}

function attributePrefix(key: string): string {
  let prefix = ATTRIBUTE_PREFIXES.get(key)
  if (prefix === undefined) {
    prefix = ` ${key}="`
    if (ATTRIBUTE_PREFIXES.size < MAX_CACHED_TAGS) ATTRIBUTE_PREFIXES.set(key, prefix)
  }

  return prefix
}

function closeTag(name: string): string {
  let tag = CLOSE_TAGS.get(name)
  if (tag === undefined) {
    tag = `</${name}>`
    if (CLOSE_TAGS.size < MAX_CACHED_TAGS) CLOSE_TAGS.set(name, tag)
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
  // a plain scan is cheaper than a regular expression on the short values events are made of,
  // the regular expression's native scan on the long ones (command lines, scripts)
  if (text.length > LONG_TEXT) return TEXT_ESCAPED.test(text) ? escapeFrom(text, 0, false) : text

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
  if (text.length > LONG_TEXT) {
    return ATTRIBUTE_ESCAPED.test(text) ? escapeFrom(text, 0, true) : text
  }

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c < 0x20) {
      return escapeFrom(text, i, true)
    }
  }

  return text
}

// copies the runs between escaped characters as slices rather than one character at a time
function escapeFrom(text: string, first: number, isAttribute: boolean): string {
  let out = text.slice(0, first)
  let run = first
  for (let i = first; i < text.length; i++) {
    const escaped = escapeCode(text.charCodeAt(i), isAttribute)
    if (escaped === undefined) continue

    out += text.slice(run, i) + escaped
    run = i + 1
  }

  return out + text.slice(run)
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
