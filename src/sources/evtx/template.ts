import type { XmlElement, XmlNode } from '../xml/element.ts'
import { escapeAttribute, escapeText, serializeXml } from '../xml/serialize.ts'

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
  /** ` name="`, what comes before the value in a start tag. */
  readonly prefix: string
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
  /** `<Name`, the start of the element's start tag in XML text. */
  readonly openTag: string
  /** `</Name>`, its end tag. */
  readonly closeTag: string
  /**
   * Whether attributes can be written in list order as they are instantiated: their names are
   * distinct and none is an array index or `__proto__`, which an attributes object would reorder
   * or drop.
   */
  readonly hasPlainAttributes: boolean
  /** The start tag short of `>` or `/>`: no attribute holds a substitution, names are plain. */
  readonly startTag: string | undefined
  /** {@link startTag} and `>`, when it is set. */
  readonly startTagOpen: string | undefined
  /** {@link startTag} and `/>`, when it is set. */
  readonly startTagEmpty: string | undefined
  /** The whole element as XML text, when {@link fixed} is set. */
  readonly fixedXml: string | undefined
  /** Every attribute name with empty text, to copy for attributes that hold substitutions. */
  readonly attributeSkeleton: Readonly<Record<string, string>> | undefined
  /** A fixed start tag and one substitution as its whole content: `<Data Name="X">{v}</Data>`. */
  readonly isSimpleValue: boolean
  /**
   * By content index, for a simple-value element right after another: the text that closes the
   * one before and opens this one, written as one piece when both are there.
   */
  readonly joins: readonly (TagJoin | undefined)[]
}

/** The end tag of a simple-value element joined to the start of the next one. */
export interface TagJoin {
  /** The end tag written before. */
  readonly close: string
  /** {@link close} and the start tag with `>`. */
  readonly open: string
  /** {@link close} and the empty element `<X…/>`. */
  readonly empty: string
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
  const hasPlainAttributes = isPlainKeyList(attributes)
  const openTag = `<${name}`
  const startTag =
    hasFixedAttributes && hasPlainAttributes ? fixedStartTag(openTag, attributes) : undefined
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
    openTag,
    closeTag: `</${name}>`,
    hasPlainAttributes,
    startTag,
    startTagOpen: startTag === undefined ? undefined : `${startTag}>`,
    startTagEmpty: startTag === undefined ? undefined : `${startTag}/>`,
    fixedXml: undefined,
    attributeSkeleton:
      !hasFixedAttributes && hasPlainAttributes ? buildAttributes(attributes) : undefined,
    isSimpleValue: only !== undefined && startTag !== undefined,
    joins: tagJoins(content),
  }
  if (!isFixed(element)) return element

  const fixed = buildFixed(element, fixedAttributes)

  return { ...element, fixed, fixedXml: fixedText(element, fixed) }
}

function tagJoins(content: readonly TemplateContent[]): (TagJoin | undefined)[] {
  const joins: (TagJoin | undefined)[] = []
  let previous: TemplateElement | undefined
  for (const c of content) {
    const element = typeof c !== 'string' && c.kind === 'element' ? c : undefined
    const isSimple = element?.isSimpleValue === true
    if (isSimple && previous !== undefined && element !== undefined) {
      const close = previous.closeTag
      joins.push({
        close,
        open: close + (element.startTagOpen ?? ''),
        empty: close + (element.startTagEmpty ?? ''),
      })
    } else {
      joins.push(undefined)
    }

    previous = isSimple ? element : undefined
  }

  return joins
}

// attribute names an object keeps in insertion order and never drops
function isPlainKeyList(attributes: readonly TemplateAttribute[]): boolean {
  for (let i = 0; i < attributes.length; i++) {
    const name = attributes[i]?.name ?? ''
    if (name === '__proto__' || INDEX_KEY.test(name)) return false

    for (let j = 0; j < i; j++) if (attributes[j]?.name === name) return false
  }

  return true
}

const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/

function fixedStartTag(openTag: string, attributes: readonly TemplateAttribute[]): string {
  let tag = openTag
  for (const a of attributes) tag += ` ${a.name}="${escapeAttribute(a.text ?? '')}"`

  return tag
}

function fixedText(element: TemplateElement, fixed: XmlElement): string {
  if (element.startTag === undefined) return serializeXml(fixed)
  if (element.content.length === 0) return `${element.startTag}/>`

  let text = `${element.startTag}>`
  for (const c of element.content) {
    if (typeof c === 'string') text += escapeText(c)
    else if (c.kind === 'element') text += c.fixedXml ?? ''
  }

  return text + element.closeTag
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
