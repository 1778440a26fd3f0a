import type { XmlNode } from '../xml/element.ts'
import { escapeAttribute, escapeText, serializeXml } from '../xml/serialize.ts'
import { attributeText, copiesOf, expansionOf, spend, valueText } from './instantiate.ts'
import type { Expansion, NestedReader } from './instantiate.ts'
import type { TagJoin, TemplateElement } from './template.ts'
import type { ValueTable } from './value-table.ts'
import { TYPE_ANSI_STRING, TYPE_ARRAY, TYPE_BINXML, TYPE_NULL, TYPE_STRING } from './value-types.ts'

// the XML text of a template instance written straight from its compiled pieces and values: the
// same elements, removals, array copies and element budget as `instantiate`, the same bytes as
// `serializeXml` of the tree it would build (escaping is per character, so text runs that the
// tree merges can be escaped apart), without the tree

/**
 * The XML text of `element` instantiated with `values`; empty when the element is left out. The
 * pieces are joined once: `+=` would leave a rope of small strings to flatten later.
 */
export function renderXml(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): string {
  const parts: string[] = []
  appendInstance(parts, element, values, reader)

  return parts.join('')
}

/** Nodes as `serializeXml` writes them one after another. */
export function serializeNodes(nodes: readonly XmlNode[]): string {
  let text = ''
  for (const node of nodes) text += typeof node === 'string' ? escapeText(node) : serializeXml(node)

  return text
}

function appendInstance(
  parts: string[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): void {
  spend(reader.ctx)
  if (element.fixedXml !== undefined) {
    parts.push(element.fixedXml)

    return
  }

  const expansion = expansionOf(element, values, reader)
  if (expansion !== null) appendExpanded(parts, element, values, reader, expansion)
}

// an element that is not left out: once, or once per array item
function appendExpanded(
  parts: string[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
  expansion: Expansion | undefined,
): void {
  if (expansion === undefined) {
    appendBuilt(parts, element, values, reader, undefined)

    return
  }

  const copies = copiesOf(element, expansion)
  for (let item = 0; item < copies; item++) {
    if (item > 0) spend(reader.ctx)
    expansion.item = item
    appendBuilt(parts, element, values, reader, expansion)
  }
}

function appendBuilt(
  parts: string[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
  expansion: Expansion | undefined,
): void {
  const only = element.onlySubstitution
  if (only !== undefined && expansion === undefined) {
    appendOnlyValue(parts, element, only.index, values, reader)

    return
  }

  // the `>` is turned into `/>` when nothing lands inside the element
  const { startTagOpen } = element
  if (startTagOpen === undefined) appendStartTag(parts, element, values, reader)
  const open = parts.length
  parts.push(startTagOpen ?? '>')
  const { content, joins } = element
  // the end tag of the last simple-value child, held back to be joined to the next one's start
  let owed: string | undefined
  for (let i = 0; i < content.length; i++) {
    const item = content[i] ?? ''
    if (typeof item !== 'string' && item.kind === 'element' && item.isSimpleValue) {
      owed = appendSimpleValue(parts, item, values, reader, owed, joins[i])
      continue
    }

    if (owed !== undefined) parts.push(owed)
    owed = undefined
    if (typeof item === 'string') parts.push(escapeText(item))
    else if (item.kind === 'element') appendInstance(parts, item, values, reader)
    else appendValue(parts, item.index, values, reader, expansion)
  }

  if (owed !== undefined) parts.push(owed)
  if (parts.length === open + 1) parts[open] = element.startTagEmpty ?? '/>'
  else parts.push(element.closeTag)
}

// what appendInstance writes for a simple-value element, its end tag returned rather than
// written (undefined when it wrote none); `owed` is the end tag still to write before it
function appendSimpleValue(
  parts: string[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
  owed: string | undefined,
  join: TagJoin | undefined,
): string | undefined {
  spend(reader.ctx)
  const expansion = expansionOf(element, values, reader)
  if (expansion === null) return owed

  const index = element.onlySubstitution?.index
  if (expansion !== undefined || index === undefined) {
    if (owed !== undefined) parts.push(owed)
    appendExpanded(parts, element, values, reader, expansion)

    return undefined
  }

  const text = onlyValueText(index, values, reader)
  if (owed !== undefined && join?.close === owed) {
    if (text === '') parts.push(join.empty)
    else parts.push(join.open, text)
  } else {
    if (owed !== undefined) parts.push(owed)
    if (text === '') parts.push(element.startTagEmpty ?? '')
    else parts.push(element.startTagOpen ?? '', text)
  }

  return text === '' ? undefined : element.closeTag
}

function appendStartTag(
  parts: string[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): void {
  parts.push(element.openTag)
  if (!element.hasPlainAttributes) {
    appendAttributeObject(parts, element, values, reader)

    return
  }

  const list = element.attributes
  for (let i = 0; i < list.length; i++) {
    const attribute = list[i]
    if (attribute === undefined) continue

    const text = attribute.text ?? attributeText(attribute, values, reader)
    if (text !== undefined) parts.push(attribute.prefix, escapeAttribute(text), '"')
  }
}

// names an object reorders or drops go through an object, exactly as the tree keeps them
function appendAttributeObject(
  parts: string[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): void {
  const attributes: Record<string, string> = {}
  for (const attribute of element.attributes) {
    const text = attribute.text ?? attributeText(attribute, values, reader)
    if (text !== undefined) attributes[attribute.name] = text
  }

  for (const key in attributes) {
    parts.push(' ', key, '="', escapeAttribute(attributes[key] ?? ''), '"')
  }
}

function appendOnlyValue(
  parts: string[],
  element: TemplateElement,
  index: number,
  values: ValueTable,
  reader: NestedReader,
): void {
  const { startTagOpen, startTagEmpty } = element
  if (startTagOpen === undefined || startTagEmpty === undefined) {
    // attributes before content, as the tree builds them: the same error is met first
    appendStartTag(parts, element, values, reader)
    const text = onlyValueText(index, values, reader)
    if (text === '') parts.push('/>')
    else parts.push('>', text, element.closeTag)

    return
  }

  const text = onlyValueText(index, values, reader)
  if (text === '') parts.push(startTagEmpty)
  else parts.push(startTagOpen, text, element.closeTag)
}

// the escaped text inside an element whose whole content is one non-array value
function onlyValueText(index: number, values: ValueTable, reader: NestedReader): string {
  const type = values.typeOf(index)
  if (type === TYPE_NULL) return ''
  if (type === TYPE_BINXML) return reader.nestedXml(values, index)

  const text = valueText(values, index, type, reader)

  return isText(type) ? escapeText(text) : text
}

function appendValue(
  parts: string[],
  index: number,
  values: ValueTable,
  reader: NestedReader,
  expansion: Expansion | undefined,
): void {
  const type = values.typeOf(index)
  if (type === TYPE_NULL) return
  if (type === TYPE_BINXML) {
    const text = reader.nestedXml(values, index)
    if (text !== '') parts.push(text)

    return
  }

  const text =
    (type & TYPE_ARRAY) !== 0 && expansion !== undefined
      ? (expansion.items.get(index)?.[expansion.item] ?? '')
      : valueText(values, index, type, reader)
  if (text !== '') parts.push(isText(type) ? escapeText(text) : text)
}

// only string values can hold characters XML escapes: numbers, GUIDs, SIDs, times and hex never do
function isText(type: number): boolean {
  const base = type & ~TYPE_ARRAY

  return base === TYPE_STRING || base === TYPE_ANSI_STRING
}
