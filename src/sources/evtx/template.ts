import type { XmlElement, XmlNode } from '../xml/element.ts'

/** A placeholder for value `index` of a template instance (tokens 0x0D and 0x0E). */
export interface TemplateSubstitution {
  readonly kind: 'substitution'
  readonly index: number
  /** Optional (0x0E): a Null value removes the attribute or element holding it. */
  readonly isOptional: boolean
}

/** A piece of an attribute value: literal text or a substitution. */
export type TemplatePiece = string | TemplateSubstitution

/** An attribute of a compiled element. */
export interface TemplateAttribute {
  readonly name: string
  readonly pieces: readonly TemplatePiece[]
  /** The whole value when it holds no substitution. */
  readonly text: string | undefined
}

/** Content of a compiled element, in document order; adjacent text is already merged. */
export type TemplateContent = string | TemplateElement | TemplateSubstitution

/**
 * An element of a compiled template definition (or of a BinXML stream written without a template),
 * ready to be instantiated with a value table many times. The optional fields are plans worked
 * out once at compile time so that instantiation allocates only what differs per record.
 */
export interface TemplateElement {
  readonly kind: 'element'
  readonly name: string
  /** Index of the value whose Null-ness removes this element, or -1 (format doc §4.6). */
  readonly dependency: number
  readonly attributes: readonly TemplateAttribute[]
  readonly content: readonly TemplateContent[]
  /** The substitutions directly in {@link content}: they decide removal and array repetition. */
  readonly substitutions: readonly TemplateSubstitution[]
  /** The element built once and shared when nothing in its subtree depends on values. */
  readonly fixed: XmlElement | undefined
  /** The attributes object, built once and shared, when no attribute holds a substitution. */
  readonly fixedAttributes: Readonly<Record<string, string>> | undefined
  /** The substitution when it is the element's whole content, the most common shape. */
  readonly onlySubstitution: TemplateSubstitution | undefined
}

/** No dependency id (0xFFFF in the file). */
export const NO_DEPENDENCY = -1

/** The child list shared by every element without children; trees are never mutated. */
export const NO_CHILDREN: readonly XmlNode[] = Object.freeze([])

/** Builds a compiled element, precomputing what instantiation needs. */
export function templateElement(
  name: string,
  dependency: number,
  attributes: readonly TemplateAttribute[],
  content: readonly TemplateContent[],
): TemplateElement {
  // plain loops: under tsx every arrow function made here would also cost a defineProperty call
  const substitutions: TemplateSubstitution[] = []
  for (const c of content)
    if (typeof c !== 'string' && c.kind === 'substitution') substitutions.push(c)

  let hasFixedAttributes = true
  for (const a of attributes) if (a.text === undefined) hasFixedAttributes = false

  const fixedAttributes = hasFixedAttributes ? buildAttributes(attributes) : undefined
  const only = content.length === 1 ? substitutions[0] : undefined
  const element = {
    kind: 'element' as const,
    name,
    dependency,
    attributes,
    content,
    substitutions,
    fixed: undefined,
    fixedAttributes,
    onlySubstitution: only,
  }

  return isFixed(element) ? { ...element, fixed: buildFixed(element, fixedAttributes) } : element
}

function isFixed(element: TemplateElement): boolean {
  if (element.dependency !== NO_DEPENDENCY || element.substitutions.length > 0) return false
  if (element.fixedAttributes === undefined) return false

  for (const c of element.content) {
    if (typeof c !== 'string' && c.kind === 'element' && c.fixed === undefined) return false
  }

  return true
}

function buildAttributes(
  attributes: readonly TemplateAttribute[],
): Readonly<Record<string, string>> {
  const built: Record<string, string> = {}
  for (const attribute of attributes) built[attribute.name] = attribute.text ?? ''

  return built
}

function buildFixed(
  element: TemplateElement,
  attributes: Readonly<Record<string, string>> = {},
): XmlElement {
  const children: XmlNode[] = []
  for (const c of element.content) {
    if (typeof c === 'string') children.push(c)
    else if (c.kind === 'element' && c.fixed !== undefined) children.push(c.fixed)
  }

  const shared = children.length > 0 ? children : NO_CHILDREN

  return { name: element.name, attributes, children: shared }
}
