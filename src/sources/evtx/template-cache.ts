import { Buffer } from 'node:buffer'

import { BinXmlError } from './binxml-error.ts'
import type { ChunkContext } from './chunk-context.ts'
import { CHUNK_SIZE } from './layout.ts'
import { readName } from './names.ts'
import type { TemplateElement } from './template.ts'

/** Template definition header: next link (4), GUID (16), body size (4). */
const DEFINITION_HEADER = 24

/**
 * Definition bytes kept, about a thousand templates: memory stays bounded whatever the files. A
 * full cache forgets its oldest definitions first, so a long run over many logs keeps the
 * templates of the logs it is reading now.
 */
const MAX_CACHED_BYTES = 2 * 1024 * 1024

/**
 * A name reference met while compiling a definition body: where its 4-byte chunk offset sits
 * (from the body's start), whether the name is stored inline right behind it, and the name.
 */
export interface NameRef {
  readonly at: number
  readonly isInline: boolean
  readonly name: string
}

/** A compiled definition and what its bytes must be for another copy to compile the same. */
interface Entry {
  readonly body: Buffer
  readonly refs: readonly NameRef[]
  readonly template: TemplateElement
}

/**
 * Compiled template definitions shared by the chunks of one file, and by default by every file
 * read in the process ({@link SHARED_TEMPLATES}). Every chunk stores its own copy of each
 * definition it uses (format doc §4.5), and logs of one channel hold the same definitions, so
 * without this each template is compiled once per chunk. A copy is reused only when its body is
 * byte for byte the cached one, apart from what depends on where it sits (the chunk offsets of
 * names and the hash-chain links of inline names), and each name it references reads the same: a
 * GUID alone may be reused with another body. A compiled template depends on nothing else, holds
 * no chunk offsets and is never changed once built, so sharing it across files is safe.
 */
export class TemplateCache {
  readonly #entries = new Map<string, Entry[]>()
  readonly #maxBytes: number
  #bytes = 0

  /** A cache that keeps at most `maxBytes` of definition bodies. */
  constructor(maxBytes = MAX_CACHED_BYTES) {
    this.#maxBytes = maxBytes
  }

  /** The template compiled earlier from a definition equal to the one at chunk offset `offset`. */
  find(ctx: ChunkContext, offset: number): TemplateElement | undefined {
    // a definition that does not fit is left to the compiler, which says why
    if (offset + DEFINITION_HEADER > CHUNK_SIZE) return undefined
    if (offset + DEFINITION_HEADER + ctx.view.getUint32(offset + 20, true) > CHUNK_SIZE)
      return undefined

    const entries = this.#entries.get(definitionKey(ctx, offset))
    if (entries === undefined) return undefined

    for (const entry of entries) if (matches(ctx, offset, entry)) return entry.template

    return undefined
  }

  /** Keeps a template just compiled from the definition at `offset`, while the cache has room. */
  add(
    ctx: ChunkContext,
    offset: number,
    refs: readonly NameRef[],
    template: TemplateElement,
  ): void {
    const start = offset + DEFINITION_HEADER
    const size = ctx.view.getUint32(offset + 20, true)
    if (size > this.#maxBytes) return

    this.#makeRoom(size)
    // a copy: the chunk's buffer is reused for later chunks
    const body = Buffer.from(ctx.bytes.subarray(start, start + size))
    const key = definitionKey(ctx, offset)
    const entries = this.#entries.get(key)
    if (entries === undefined) this.#entries.set(key, [{ body, refs, template }])
    else entries.push({ body, refs, template })
    this.#bytes += size
  }

  // forgets the definitions added first (a Map keeps insertion order) until `size` more fit
  #makeRoom(size: number): void {
    for (const [key, entries] of this.#entries) {
      if (this.#bytes + size <= this.#maxBytes) return

      this.#entries.delete(key)
      for (const entry of entries) this.#bytes -= entry.body.length
    }
  }
}

/**
 * The cache every reader uses unless told not to (`shareTemplates: false`): converting many logs
 * of one channel, or one log again, then compiles each template once per process.
 */
export const SHARED_TEMPLATES = new TemplateCache()

// the GUID and body size, which any reusable copy shares
function definitionKey(ctx: ChunkContext, offset: number): string {
  const { view } = ctx
  const a = view.getUint32(offset + 4, true)
  const b = view.getUint32(offset + 8, true)
  const c = view.getUint32(offset + 12, true)
  const d = view.getUint32(offset + 16, true)

  return `${a}.${b}.${c}.${d}.${view.getUint32(offset + 20, true)}`
}

function matches(ctx: ChunkContext, offset: number, entry: Entry): boolean {
  const { bytes, view } = ctx
  const start = offset + DEFINITION_HEADER
  const { body } = entry
  let from = 0
  for (const ref of entry.refs) {
    if (!isSameRange(bytes, start, body, from, ref.at)) return false

    const pointer = view.getUint32(start + ref.at, true)
    const inlineAt = start + ref.at + 4
    if (ref.isInline !== (pointer === inlineAt)) return false
    if (!ref.isInline && !isNameAt(ctx, pointer, ref.name)) return false

    // an inline name's first field links the chunk's name hash chain: it depends on the chunk
    from = ref.at + (ref.isInline ? 8 : 4)
  }

  return isSameRange(bytes, start, body, from, body.length)
}

// a native compare: a definition body is hundreds of bytes, checked once per chunk it is in
function isSameRange(
  bytes: Buffer,
  start: number,
  body: Buffer,
  from: number,
  to: number,
): boolean {
  return from >= to || bytes.compare(body, from, to, start + from, start + to) === 0
}

function isNameAt(ctx: ChunkContext, pointer: number, name: string): boolean {
  try {
    return readName(ctx, pointer) === name
  } catch (cause) {
    // a reference into bytes that hold no name: this copy is compiled, and fails, on its own
    if (cause instanceof BinXmlError || cause instanceof RangeError) return false

    throw cause
  }
}
