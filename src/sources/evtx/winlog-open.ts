import type { XmlElement, XmlNode } from '../xml/element.ts'
import { attributeText, expansionOf, instantiate, spend, valueText } from './instantiate.ts'
import type { NestedReader } from './instantiate.ts'
import { NO_DEPENDENCY } from './template.ts'
import type { TemplateAttribute, TemplateElement } from './template.ts'
import type { ValueTable } from './value-table.ts'
import { TYPE_ARRAY, TYPE_BINXML, TYPE_NULL } from './value-types.ts'
import type { ValuePlan } from './winlog-plan.ts'

// the steps of the winlog source walk (winlog-source.ts): opening an element as `instantiate`
// would, and rendering the values the tree would render, kept or only for what they may throw

/** Thrown when the tree must be built to know what the mapping reads. */
export class TreeNeeded extends Error {}

/**
 * Opens `<System>` or `<EventData>` as `instantiate` would: null when it is left out, its tree
 * when it is fixed, undefined when its content is to be walked; a repeated one needs the tree.
 */
export function openContainer(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): XmlElement | null | undefined {
  spend(reader.ctx)
  if (element.fixed !== undefined) return element.fixed

  const expansion = expansionOf(element, values, reader)
  if (expansion === null) return null
  if (expansion !== undefined) throw new TreeNeeded()

  checkAttributes(element, values, reader)

  return undefined
}

/**
 * Opens a value element (a `<System>` child, a `<Data>`) as `instantiate` would: null when it is
 * left out, undefined when it is one element to read flat, otherwise the elements the tree builds
 * for it (fixed, repeated per array item, or of another shape).
 */
export function openFlat(
  plan: ValuePlan,
  values: ValueTable,
  reader: NestedReader,
): readonly XmlElement[] | null | undefined {
  const { element } = plan
  if (!plan.isFlat) return build(element, values, reader)

  spend(reader.ctx)
  // expansionOf for an element of at most one value, the one in its content
  const { dependency, onlySubstitution } = element
  if (dependency !== NO_DEPENDENCY && values.typeOf(dependency) === TYPE_NULL) return null
  if (onlySubstitution === undefined) return undefined

  const type = values.typeOf(onlySubstitution.index)
  if (type === TYPE_NULL && onlySubstitution.isOptional) return null
  if ((type & TYPE_ARRAY) === 0) return undefined

  // copies per array item: the tree counts them itself
  reader.ctx.budget += 1

  return build(element, values, reader)
}

/** The direct text of a flat element: nothing, or its one value. */
export function flatText(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): string {
  const index = element.onlySubstitution?.index
  if (index === undefined) return ''

  const type = values.typeOf(index)
  if (type === TYPE_NULL) return ''
  if (type !== TYPE_BINXML) return valueText(values, index, type, reader)

  let text = ''
  for (const node of reader.nested(values, index)) if (typeof node === 'string') text += node

  return text
}

/** The text of a picked attribute; undefined when there is none or its optional value is Null. */
export function pick(
  attribute: TemplateAttribute | undefined,
  values: ValueTable,
  reader: NestedReader,
): string | undefined {
  if (attribute === undefined) return undefined

  return attribute.text ?? attributeText(attribute, values, reader)
}

/** Renders the attributes a plan does not pick, for what they may throw. */
export function check(plan: ValuePlan, values: ValueTable, reader: NestedReader): void {
  for (const attribute of plan.checks) attributeText(attribute, values, reader)
}

/** Renders the attributes of a container as the tree does, for what they may throw. */
export function checkAttributes(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): void {
  if (element.fixedAttributes !== undefined) return

  for (const attribute of element.attributes) {
    if (attribute.text === undefined) attributeText(attribute, values, reader)
  }
}

/** The elements a BinXml value brings into its parent's content; other values are rendered. */
export function nestedElements(
  index: number,
  values: ValueTable,
  reader: NestedReader,
): readonly XmlElement[] {
  const type = values.typeOf(index)
  if (type === TYPE_NULL) return []
  if (type !== TYPE_BINXML) {
    valueText(values, index, type, reader)

    return []
  }

  return reader.nested(values, index).filter((node): node is XmlElement => typeof node !== 'string')
}

/** The elements `instantiate` builds for `element`, none when it is left out. */
export function build(
  element: TemplateElement,
  values: ValueTable,
  reader: NestedReader,
): XmlElement[] {
  const out: XmlNode[] = []
  instantiate(out, element, values, reader)

  return out as XmlElement[]
}

/** The first of some elements. */
export function firstElement(nodes: readonly XmlElement[]): XmlElement | undefined {
  return nodes[0]
}
