import type { XmlElement, XmlNode } from '../xml/element.ts'
import { BinXmlError } from './binxml-error.ts'
import type { ChunkContext } from './chunk-context.ts'
import { NO_CHILDREN, NO_DEPENDENCY } from './template.ts'
import type { TemplateAttribute, TemplateElement } from './template.ts'
import type { ValueTable } from './value-table.ts'
import { TYPE_ARRAY, TYPE_BINXML, TYPE_NULL } from './value-types.ts'
import { renderArrayItems, renderScalar } from './values.ts'

/** What instantiation needs from the document reader: the chunk and nested BinXml values. */
export interface NestedReader {
  readonly ctx: ChunkContext
  /** The nodes of BinXml value `index` of `values` (format doc §4.6), parsed once per instance. */
  nested(values: ValueTable, index: number): readonly XmlNode[]
  /** The XML text of those nodes, written without building them when they are not built yet. */
  nestedXml(values: ValueTable, index: number): string
  /**
   * Decodes BinXml value `index` of `values`, handing each of its top-level elements to `visit`
   * (compiled, with its own values) instead of instantiating it.
   */
  visitNested(values: ValueTable, index: number, visit: NestedVisitor): void
}

/** Takes a top-level element of a BinXml value, to instantiate it or read it otherwise. */
export type NestedVisitor = (element: TemplateElement, values: ValueTable) => void

/** The array items used by one copy of an element that repeats per array item (format doc §4.6). */
export interface Expansion {
  readonly items: Map<number, readonly string[]>
  item: number
}

/**
 * Appends the instance of `element` for `values` to `out`: nothing when its dependency value or an
 * optional substitution in its content is Null, one copy per item when its content holds an
 * array, otherwise one element.
 */
export function instantiate(
  out: XmlNode[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): void {
  spend(reader.ctx)
  if (element.fixed !== undefined) {
    out.push(element.fixed)

    return
  }

  const expansion = expansionOf(element, values, reader)
  if (expansion === null) return

  if (expansion === undefined) out.push(build(element, values, reader, undefined))
  else expand(out, element, values, reader, expansion)
}

/**
 * How a non-fixed element instantiates for `values`: null when it is left out (its dependency
 * value, or an optional substitution in its content, is Null), the rendered items of the arrays
 * in its content when it repeats per item, otherwise undefined.
 */
export function expansionOf(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): Expansion | undefined | null {
  if (element.dependency !== NO_DEPENDENCY && values.typeOf(element.dependency) === TYPE_NULL)
    return null

  let expansion: Expansion | undefined
  const { substitutions } = element
  for (let i = 0; i < substitutions.length; i++) {
    const substitution = substitutions[i]
    if (substitution === undefined) continue

    const type = values.typeOf(substitution.index)
    if (type === TYPE_NULL && substitution.isOptional) return null
    if ((type & TYPE_ARRAY) === 0) continue

    const { index } = substitution
    expansion ??= { items: new Map(), item: 0 }
    expansion.items.set(
      index,
      renderArrayItems(reader.ctx, type, values.offsetOf(index), values.sizeOf(index)),
    )
  }

  return expansion
}

/** Counts one more element against the record's budget. */
export function spend(ctx: ChunkContext): void {
  ctx.budget -= 1
  if (ctx.budget < 0) throw new BinXmlError('a record expands to more than 100000 elements')
}

/**
 * Copies of an element that repeats per array item: as many as the longest array; an empty
 * array keeps one empty copy unless it fills an optional slot (then 0: the element is left out).
 */
export function copiesOf(element: TemplateElement, expansion: Expansion): number {
  let copies = 0
  for (const items of expansion.items.values()) copies = Math.max(copies, items.length)
  if (copies > 0) return copies

  return element.substitutions.some((s) => s.isOptional && expansion.items.has(s.index)) ? 0 : 1
}

function expand(
  out: XmlNode[],
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
  expansion: Expansion,
): void {
  const copies = copiesOf(element, expansion)
  for (let item = 0; item < copies; item++) {
    if (item > 0) spend(reader.ctx)
    expansion.item = item
    out.push(build(element, values, reader, expansion))
  }
}

function build(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
  expansion: Expansion | undefined,
): XmlElement {
  const attributes = element.fixedAttributes ?? buildAttributes(element, values, reader)
  const only = element.onlySubstitution
  if (only !== undefined && expansion === undefined) {
    return { name: element.name, attributes, children: onlyValue(only.index, values, reader) }
  }

  const { content } = element
  if (content.length === 0) return { name: element.name, attributes, children: NO_CHILDREN }

  const children: XmlNode[] = []
  for (let i = 0; i < content.length; i++) {
    const item = content[i] ?? ''
    if (typeof item === 'string') pushText(children, item)
    else if (item.kind === 'element') instantiate(children, item, values, reader)
    else pushValue(children, item.index, values, reader, expansion)
  }

  return { name: element.name, attributes, children }
}

function buildAttributes(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): Record<string, string> {
  const list = element.attributes
  const skeleton = element.attributeSkeleton
  // a local list: an attribute's value may be nested BinXml whose elements build their own
  const texts: (string | undefined)[] = []
  let isComplete = skeleton !== undefined
  for (let i = 0; i < list.length; i++) {
    const attribute = list[i]
    const text =
      attribute === undefined
        ? undefined
        : (attribute.text ?? attributeText(attribute, values, reader))
    if (text === undefined) isComplete = false
    texts.push(text)
  }

  // every attribute there: a copy of the skeleton keeps one object shape per element, where
  // adding keys one at a time would walk shape transitions on every record
  const attributes: Record<string, string> = isComplete ? { ...skeleton } : {}
  for (let i = 0; i < list.length; i++) {
    const text = texts[i]
    if (text !== undefined) attributes[list[i]?.name ?? ''] = text
  }

  return attributes
}

// the children of an element whose whole content is one non-array value
function onlyValue(index: number, values: ValueTable, reader: NestedReader): readonly XmlNode[] {
  const type = values.typeOf(index)
  if (type === TYPE_NULL) return NO_CHILDREN
  if (type === TYPE_BINXML) return reader.nested(values, index)

  const text = valueText(values, index, type, reader)

  return text === '' ? NO_CHILDREN : [text]
}

/** An attribute's text for `values`; undefined when an optional substitution in it is Null. */
export function attributeText(
  attribute: TemplateAttribute,
  values: ValueTable,
  reader: NestedReader,
): string | undefined {
  let text = ''
  for (const piece of attribute.pieces) {
    if (typeof piece === 'string') {
      text += piece
      continue
    }

    const type = values.typeOf(piece.index)
    if (type === TYPE_NULL && piece.isOptional) return undefined

    text += valueText(values, piece.index, type, reader)
  }

  return text
}

/**
 * The text form of a value where no element can go: nested BinXml gives its text content and an
 * array its items joined with commas.
 */
export function valueText(
  values: ValueTable,
  index: number,
  type: number,
  reader: NestedReader,
): string {
  if (type === TYPE_NULL) return ''
  if (type === TYPE_BINXML) return textContent(reader.nested(values, index))

  const at = values.offsetOf(index)
  const size = values.sizeOf(index)
  if ((type & TYPE_ARRAY) !== 0) return renderArrayItems(reader.ctx, type, at, size).join(',')

  return renderScalar(reader.ctx, type, at, size)
}

function pushValue(
  out: XmlNode[],
  index: number,
  values: ValueTable,
  reader: NestedReader,
  expansion: Expansion | undefined,
): void {
  const type = values.typeOf(index)
  if (type === TYPE_NULL) return
  if (type === TYPE_BINXML) {
    for (const node of reader.nested(values, index)) {
      if (typeof node === 'string') pushText(out, node)
      else out.push(node)
    }

    return
  }

  if ((type & TYPE_ARRAY) !== 0 && expansion !== undefined) {
    pushText(out, expansion.items.get(index)?.[expansion.item] ?? '')

    return
  }

  pushText(out, valueText(values, index, type, reader))
}

/** Appends text to a child list, merging it into a text run that ends the list. */
export function pushText(out: XmlNode[], text: string): void {
  if (text === '') return

  const last = out.length - 1
  const previous = out[last]
  if (typeof previous === 'string') out[last] = previous + text
  else out.push(text)
}

function textContent(nodes: readonly XmlNode[]): string {
  let text = ''
  for (const node of nodes) text += typeof node === 'string' ? node : textContent(node.children)

  return text
}
