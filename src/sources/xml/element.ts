/**
 * The shape every Windows event takes inside Vigil, whether it was read from an EVTX file's BinXML
 * or from event XML text: a plain element tree whose text values are already rendered the way
 * Windows renders them (see ../shared/docs/evtx-format.md §5). The winlog mapping reads only this.
 */
export interface XmlElement {
  /** Local name of the element, without a namespace prefix (`Event`, `System`, `Data`). */
  readonly name: string
  /** Attributes in document order; values are rendered text. */
  readonly attributes: Readonly<Record<string, string>>
  /** Child elements and text runs in document order. */
  readonly children: readonly XmlNode[]
}

/** A child of an element: another element, or a run of text (entities already decoded). */
export type XmlNode = XmlElement | string

/** The first child element with the given local name. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  for (const child of parent.children) {
    if (typeof child !== 'string' && child.name === name) return child
  }

  return undefined
}

/** The child elements of an element, in order. */
export function childElements(parent: XmlElement): XmlElement[] {
  return parent.children.filter((c): c is XmlElement => typeof c !== 'string')
}

/** The concatenated text directly inside an element (not inside its child elements). */
export function ownText(element: XmlElement): string {
  let text = ''
  for (const child of element.children) if (typeof child === 'string') text += child

  return text
}
