import { BinXmlError, unexpectedToken } from './binxml-error.ts'
import type { ChunkContext } from './chunk-context.ts'
import { CHUNK_SIZE } from './layout.ts'
import { nameSize, readName } from './names.ts'
import type { NameRef, TemplateCache } from './template-cache.ts'
import { NO_DEPENDENCY, templateElement } from './template.ts'
import type {
  TemplateAttribute,
  TemplateContent,
  TemplateElement,
  TemplatePiece,
  TemplateSubstitution,
} from './template.ts'
import {
  TOKEN_ATTRIBUTE,
  TOKEN_ATTRIBUTE_MORE,
  TOKEN_CDATA,
  TOKEN_CHAR_REF,
  TOKEN_CLOSE_EMPTY,
  TOKEN_CLOSE_START,
  TOKEN_END_ELEMENT,
  TOKEN_ENTITY_REF,
  TOKEN_EOF,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_NORMAL_SUBSTITUTION,
  TOKEN_OPEN_ELEMENT,
  TOKEN_OPEN_ELEMENT_ATTRS,
  TOKEN_OPTIONAL_SUBSTITUTION,
  TOKEN_PI_DATA,
  TOKEN_PI_TARGET,
  TOKEN_VALUE,
  entityText,
  isTextToken,
} from './tokens.ts'
import { decodeUtf16 } from './text.ts'

/** Template definition header: next link (4), GUID (16), body size (4). */
const DEFINITION_HEADER = 24

/** Deepest element nesting accepted, far beyond any real event and well inside the call stack. */
const MAX_ELEMENT_DEPTH = 256

const NO_ATTRIBUTES: readonly TemplateAttribute[] = []
const NO_CONTENT: readonly TemplateContent[] = []

/**
 * Turns BinXML element tokens into {@link TemplateElement} trees: template definition bodies
 * (format doc §4.1 shape B, with dependency ids) and elements written directly in a stream
 * (shapes A′ and C, without them). Definitions are cached per chunk by offset, and across chunks
 * and files by their bytes (see {@link TemplateCache}).
 */
export class TemplateCompiler {
  readonly #ctx: ChunkContext
  readonly #shared: TemplateCache
  #pos = 0
  #end = 0
  #hasDependencyIds = false
  // while a definition compiles: its body's chunk offset and the names it references
  #bodyStart = 0
  #refs: NameRef[] | undefined

  constructor(ctx: ChunkContext, shared: TemplateCache) {
    this.#ctx = ctx
    this.#shared = shared
  }

  /** Chunk offset just past what the last {@link direct} call compiled. */
  get position(): number {
    return this.#pos
  }

  /** Chunk offset just past the definition (header and body) at `offset`. */
  definitionEnd(offset: number): number {
    return offset + DEFINITION_HEADER + this.#ctx.view.getUint32(offset + 20, true)
  }

  /**
   * The template whose 24-byte definition header sits at chunk offset `offset`. In a recovered
   * record whose definition bytes were wiped or overwritten, a template with the same id
   * compiled from an earlier chunk stands in.
   */
  definition(offset: number, id: number): TemplateElement {
    const cached = this.#ctx.cachedTemplate(offset)
    if (cached !== undefined) return cached

    try {
      const template = this.#shared.find(this.#ctx, offset) ?? this.#compileDefinition(offset)
      this.#ctx.cacheTemplate(offset, template)
      this.#ctx.rememberTemplate(id, template)

      return template
    } catch (cause) {
      const borrowed = this.#ctx.isRecovering ? this.#ctx.borrowTemplate(id) : undefined
      if (borrowed === undefined) throw cause

      return borrowed
    }
  }

  #compileDefinition(offset: number): TemplateElement {
    const end = this.definitionEnd(offset)
    if (end > CHUNK_SIZE)
      throw new BinXmlError('a template definition runs past the end of its chunk')

    this.#begin(offset + DEFINITION_HEADER, end, true)
    const refs: NameRef[] = []
    this.#bodyStart = offset + DEFINITION_HEADER
    this.#refs = refs
    try {
      while (this.#peek() === TOKEN_FRAGMENT_HEADER) this.#pos += 4

      const root = this.#element(0)
      if (this.#peek() !== TOKEN_EOF) throw unexpectedToken(this.#peek(), 'after a template body')

      this.#shared.add(this.#ctx, offset, refs, root)

      return root
    } finally {
      this.#refs = undefined
    }
  }

  /** Compiles the element whose start token is at `start`; {@link position} then points past it. */
  direct(start: number, end: number): TemplateElement {
    this.#begin(start, end, false)

    return this.#element(0)
  }

  #begin(start: number, end: number, hasDependencyIds: boolean): void {
    this.#pos = start
    this.#end = end
    this.#hasDependencyIds = hasDependencyIds
  }

  #peek(): number {
    if (this.#pos >= this.#end) throw new BinXmlError('a BinXML stream ends inside an element')

    return this.#ctx.view.getUint8(this.#pos)
  }

  #u8(): number {
    const value = this.#peek()
    this.#pos += 1

    return value
  }

  #u16(): number {
    const value = this.#ctx.view.getUint16(this.#pos, true)
    this.#pos += 2

    return value
  }

  #u32(): number {
    const value = this.#ctx.view.getUint32(this.#pos, true)
    this.#pos += 4

    return value
  }

  // a name is stored inline at its first use in a chunk, where the offset points just past itself
  #name(): string {
    const at = this.#pos
    const offset = this.#u32()
    const name = readName(this.#ctx, offset)
    const isInline = offset === this.#pos
    if (isInline) this.#pos += nameSize(this.#ctx, offset)
    this.#refs?.push({ at: at - this.#bodyStart, isInline, name })

    return name
  }

  #element(depth: number): TemplateElement {
    if (depth > MAX_ELEMENT_DEPTH) throw new BinXmlError('elements nest deeper than 256 levels')

    const token = this.#u8()
    const dependency = this.#hasDependencyIds ? this.#u16() : 0xffff
    this.#pos += 4
    const name = this.#name()
    const attributes = token === TOKEN_OPEN_ELEMENT_ATTRS ? this.#attributes() : NO_ATTRIBUTES
    const close = this.#u8()
    const id = dependency === 0xffff ? NO_DEPENDENCY : dependency
    if (close === TOKEN_CLOSE_EMPTY) return templateElement(name, id, attributes, NO_CONTENT)
    if (close !== TOKEN_CLOSE_START) throw unexpectedToken(close, `in the start tag of "${name}"`)

    return templateElement(name, id, attributes, this.#content(depth, name))
  }

  #attributes(): TemplateAttribute[] {
    const attributes: TemplateAttribute[] = []
    this.#pos += 4
    for (;;) {
      const token = this.#peek()
      if (token !== TOKEN_ATTRIBUTE && token !== TOKEN_ATTRIBUTE_MORE) break

      this.#pos += 1
      const name = this.#name()
      const pieces = this.#pieces()
      const first = pieces[0]
      const text =
        first === undefined
          ? ''
          : pieces.length === 1 && typeof first === 'string'
            ? first
            : undefined
      attributes.push({ name, pieces, text, prefix: ` ${name}="` })
    }

    return attributes
  }

  #pieces(): TemplatePiece[] {
    const pieces: TemplatePiece[] = []
    let text: string | undefined
    for (;;) {
      const token = this.#peek()
      if (isTextToken(token)) {
        text = (text ?? '') + this.#text()
      } else if (token === TOKEN_NORMAL_SUBSTITUTION || token === TOKEN_OPTIONAL_SUBSTITUTION) {
        if (text !== undefined) pieces.push(text)
        text = undefined
        pieces.push(this.#substitution())
      } else {
        break
      }
    }

    if (text !== undefined) pieces.push(text)

    return pieces
  }

  #content(depth: number, name: string): TemplateContent[] {
    const content: TemplateContent[] = []
    let text = ''
    for (;;) {
      const token = this.#peek()
      if (isTextToken(token)) {
        text += this.#text()
        continue
      }

      if (text !== '') content.push(text)
      text = ''
      if (token === TOKEN_END_ELEMENT) {
        this.#pos += 1

        return content
      }

      this.#contentToken(token, depth, name, content)
    }
  }

  #contentToken(token: number, depth: number, name: string, content: TemplateContent[]): void {
    switch (token) {
      case TOKEN_OPEN_ELEMENT:
      case TOKEN_OPEN_ELEMENT_ATTRS:
        content.push(this.#element(depth + 1))
        break
      case TOKEN_NORMAL_SUBSTITUTION:
      case TOKEN_OPTIONAL_SUBSTITUTION:
        content.push(this.#substitution())
        break
      // processing instructions have no place in the element tree; skip them whole
      case TOKEN_PI_TARGET:
        this.#pos += 1
        this.#name()
        break
      case TOKEN_PI_DATA: {
        this.#pos += 1
        const units = this.#u16()
        this.#pos += 2 * units
        break
      }
      default:
        throw unexpectedToken(token, `inside "${name}"`)
    }
  }

  #text(): string {
    const token = this.#u8() & 0xbf
    if (token === TOKEN_VALUE) this.#pos += 1
    if (token === TOKEN_VALUE || token === TOKEN_CDATA) {
      const units = this.#u16()
      const start = this.#pos
      this.#pos += 2 * units

      return decodeUtf16(this.#ctx.bytes, start, this.#pos)
    }

    if (token === TOKEN_CHAR_REF) return String.fromCharCode(this.#u16())
    if (token === TOKEN_ENTITY_REF) return entityText(this.#name())

    throw unexpectedToken(token, 'where text was expected')
  }

  #substitution(): TemplateSubstitution {
    const token = this.#u8()
    const index = this.#u16()
    this.#pos += 1

    return { kind: 'substitution', index, isOptional: token === TOKEN_OPTIONAL_SUBSTITUTION }
  }
}

/** True for the two tokens that open an element. */
export function isElementStart(token: number): boolean {
  return token === TOKEN_OPEN_ELEMENT || token === TOKEN_OPEN_ELEMENT_ATTRS
}
