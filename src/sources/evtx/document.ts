import type { WinlogSource } from '../winlog/source.ts'
import { winlogSourceOf } from '../winlog/source.ts'
import type { XmlElement, XmlNode } from '../xml/element.ts'
import { BinXmlError, unexpectedToken } from './binxml-error.ts'
import type { ChunkContext } from './chunk-context.ts'
import { TemplateCompiler, isElementStart } from './compile.ts'
import { instantiate } from './instantiate.ts'
import type { NestedReader, NestedVisitor } from './instantiate.ts'
import { renderXml, serializeNodes } from './render-xml.ts'
import { MIN_RECORD_SIZE, RECORD_BODY_OFFSET } from './layout.ts'
import { nameSize } from './names.ts'
import type { TemplateCache } from './template-cache.ts'
import {
  TOKEN_EOF,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_PI_DATA,
  TOKEN_PI_TARGET,
  TOKEN_TEMPLATE_INSTANCE,
} from './tokens.ts'
import type { TemplateElement } from './template.ts'
import { ValueTable } from './value-table.ts'
import { TreeNeeded } from './winlog-open.ts'
import { walkWinlogSource } from './winlog-source.ts'

/** Deepest nesting of BinXml values in values, as in the evtx crate. */
const MAX_NESTING = 64

/** Template instance header before the definition: token, constant, template id, offset. */
const INSTANCE_HEADER = 10

/**
 * Reads BinXML documents in one chunk: a record body (format doc §4.1 shapes A and A′) or a
 * BinXml value (shape C), and instantiates their templates into {@link XmlNode}s.
 */
export class DocumentReader implements NestedReader {
  readonly ctx: ChunkContext
  readonly #compiler: TemplateCompiler
  readonly #tables: ValueTable[] = []
  readonly #noValues = new ValueTable(0)
  #pos = 0
  // while recordSource decodes a body: whether the first element is to be read as a source, and
  // that source once read
  #wantsSource = false
  #source: WinlogSource | undefined
  // while visitNested decodes a value: the depth of its top-level elements and who takes them
  #visit: { readonly depth: number; readonly visitor: NestedVisitor } | undefined

  constructor(ctx: ChunkContext, templates: TemplateCache) {
    this.ctx = ctx
    this.#compiler = new TemplateCompiler(ctx, templates)
  }

  /** The first element of the record of `size` bytes at chunk offset `offset`. */
  record(offset: number, size: number, isRecovering: boolean): XmlElement {
    for (const node of this.#body(offset, size, isRecovering, false)) {
      if (typeof node !== 'string') return node
    }

    throw new BinXmlError('the record body holds no element')
  }

  /**
   * The XML text of the element {@link record} gives, written without building it; the whole
   * body is still decoded, so a record fails here exactly when it fails there.
   */
  recordXml(offset: number, size: number, isRecovering: boolean): string {
    for (const node of this.#body(offset, size, isRecovering, true)) {
      if (typeof node === 'string') return node
    }

    throw new BinXmlError('the record body holds no element')
  }

  /**
   * The {@link WinlogSource} of the element {@link record} gives, read without building its
   * `<System>` and `<EventData>` trees when the template allows; the whole body is still
   * decoded, so a record fails here exactly when it fails there.
   */
  recordSource(offset: number, size: number, isRecovering: boolean): WinlogSource {
    this.#wantsSource = true
    this.#source = undefined
    let nodes: XmlNode[]
    try {
      nodes = this.#body(offset, size, isRecovering, false)
    } finally {
      this.#wantsSource = false
    }

    const source = this.#source
    this.#source = undefined
    if (source !== undefined) return source

    for (const node of nodes) if (typeof node !== 'string') return winlogSourceOf(node)

    throw new BinXmlError('the record body holds no element')
  }

  // the top-level elements of a record body: nodes, or in XML mode each one's text
  #body(offset: number, size: number, isRecovering: boolean, isXml: boolean): XmlNode[] {
    if (size < MIN_RECORD_SIZE) throw new BinXmlError('the record is too small to hold BinXML')

    this.ctx.startRecord(isRecovering)

    return this.#document(offset + RECORD_BODY_OFFSET, offset + size - 4, 0, isXml)
  }

  /** See {@link NestedReader.nested}. */
  nested(values: ValueTable, index: number): readonly XmlNode[] {
    const cached = values.nested[index]
    if (cached !== undefined) return cached

    // written as text already: those elements were counted once, the tree must not count twice
    if (values.nestedText[index] !== undefined) this.ctx.budget += values.nestedSpent[index] ?? 0
    const nodes = this.#nestedDocument(values, index, false)
    values.nested[index] = nodes

    return nodes
  }

  /** See {@link NestedReader.nestedXml}. */
  nestedXml(values: ValueTable, index: number): string {
    const tree = values.nested[index]
    if (tree !== undefined) return serializeNodes(tree)

    const cached = values.nestedText[index]
    if (cached !== undefined) return cached

    const budget = this.ctx.budget
    // in XML mode every node is the text of one element
    const text = (this.#nestedDocument(values, index, true) as string[]).join('')
    values.nestedText[index] = text
    values.nestedSpent[index] = budget - this.ctx.budget

    return text
  }

  /** See {@link NestedReader.visitNested}. */
  visitNested(values: ValueTable, index: number, visitor: NestedVisitor): void {
    const saved = this.#visit
    this.#visit = { depth: values.depth + 1, visitor }
    try {
      this.#nestedDocument(values, index, false)
    } finally {
      this.#visit = saved
    }
  }

  #nestedDocument(values: ValueTable, index: number, isXml: boolean): XmlNode[] {
    if (values.depth >= MAX_NESTING)
      throw new BinXmlError('BinXml values nest deeper than 64 levels')

    const saved = this.#pos
    const start = values.offsetOf(index)
    const nodes = this.#document(start, start + values.sizeOf(index), values.depth + 1, isXml)
    this.#pos = saved

    return nodes
  }

  #document(start: number, end: number, depth: number, isXml: boolean): XmlNode[] {
    const out: XmlNode[] = []
    this.#pos = start
    while (this.#pos < end) {
      const token = this.ctx.view.getUint8(this.#pos)
      if (token === TOKEN_EOF) {
        this.#pos += 1
        break
      }

      this.#documentToken(token, out, end, depth, isXml)
    }

    return out
  }

  #documentToken(token: number, out: XmlNode[], end: number, depth: number, isXml: boolean): void {
    const { view } = this.ctx
    if (token === TOKEN_TEMPLATE_INSTANCE) {
      this.#instance(out, end, depth, isXml)
    } else if (isElementStart(token)) {
      const element = this.#compiler.direct(this.#pos, end)
      this.#pos = this.#compiler.position
      this.#emit(out, element, this.#noValues, isXml, depth)
    } else if (token === TOKEN_FRAGMENT_HEADER) {
      this.#pos += 4
    } else if (token === TOKEN_PI_TARGET) {
      const offset = view.getUint32(this.#pos + 1, true)
      this.#pos += 5
      if (offset === this.#pos) this.#pos += nameSize(this.ctx, offset)
    } else if (token === TOKEN_PI_DATA) {
      this.#pos += 3 + 2 * view.getUint16(this.#pos + 1, true)
    } else {
      throw unexpectedToken(token, 'between the elements of a BinXML document')
    }
  }

  // 0C 01, template id, definition offset, [inline definition], value count, descriptors, values
  #instance(out: XmlNode[], end: number, depth: number, isXml: boolean): void {
    const { view } = this.ctx
    const offset = view.getUint32(this.#pos + 6, true)
    let pos = this.#pos + INSTANCE_HEADER
    if (offset === pos) pos = this.#compiler.definitionEnd(offset)

    const template = this.#compiler.definition(offset, view.getUint32(this.#pos + 2, true))
    const count = pos + 4 <= end ? view.getUint32(pos, true) : 0
    pos += 4
    if (pos > end || count > (end - pos) / 4) {
      throw new BinXmlError('a template instance claims more values than its bytes hold')
    }

    const table = (this.#tables[depth] ??= new ValueTable(depth))
    table.reset(count)
    let at = pos + 4 * count
    for (let i = 0; i < count; i++, pos += 4) {
      const size = view.getUint16(pos, true)
      table.types[i] = view.getUint8(pos + 2)
      table.offsets[i] = at
      table.sizes[i] = size
      at += size
    }

    if (at > end) throw new BinXmlError('template values run past the end of their stream')

    this.#pos = at
    this.#emit(out, template, table, isXml, depth)
  }

  #emit(
    out: XmlNode[],
    element: TemplateElement,
    values: ValueTable,
    isXml: boolean,
    depth: number,
  ): void {
    if (!isXml) {
      if (this.#visit?.depth === depth) {
        this.#visit.visitor(element, values)

        return
      }

      if (this.#wantsSource && depth === 0 && out.length === 0 && this.#source === undefined) {
        this.#source = this.#trySource(element, values)
        if (this.#source !== undefined) return
      }

      instantiate(out, element, values, this)

      return
    }

    const text = renderXml(element, values, this)
    if (text !== '') out.push(text)
  }

  // the source read flat, or undefined (nothing spent, nothing cached) for the tree to be built
  #trySource(element: TemplateElement, values: ValueTable): WinlogSource | undefined {
    const { ctx } = this
    const budget = ctx.budget
    const pos = this.#pos
    try {
      return walkWinlogSource(element, values, this)
    } catch (cause) {
      const isTreeNeeded =
        cause instanceof TreeNeeded || cause instanceof BinXmlError || cause instanceof RangeError
      if (!isTreeNeeded) throw cause

      ctx.budget = budget
      this.#pos = pos
      values.nested.length = 0

      return undefined
    }
  }
}
