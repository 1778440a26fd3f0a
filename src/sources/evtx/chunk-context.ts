import { Buffer } from 'node:buffer'

import { CHUNK_SIZE } from './layout.ts'
import type { TemplateElement } from './template.ts'

/** Most XML elements one record may produce; a guard against crafted templates that fan out. */
const NODE_BUDGET = 100_000

/**
 * One chunk being decoded: its bytes and the caches that are valid only inside it (names and
 * template definitions are stored once per chunk and referenced by chunk offset, format doc §2.3
 * and §4.5). Reused from chunk to chunk; {@link load} empties the caches.
 */
export class ChunkContext {
  /** The chunk's bytes, exactly {@link CHUNK_SIZE} long once loaded. */
  bytes: Buffer = Buffer.alloc(0)
  /** A view over {@link bytes} for little-endian reads. */
  view: DataView = new DataView(this.bytes.buffer, 0, 0)
  /** File offset of the chunk's first byte. */
  base = 0
  /** Elements the current record may still produce. */
  budget = NODE_BUDGET
  /** The current record was found by scanning, so borrowed templates may stand in for lost ones. */
  isRecovering = false
  /** Borrowings that found no template: a part read on its own may lack an earlier chunk's. */
  borrowMisses = 0

  // maps, not arrays indexed by offset: lookups happen per template compile and per instance,
  // and two 64K-entry arrays would cost more to allocate for a small file than all its lookups
  readonly #names = new Map<number, string>()
  readonly #templates = new Map<number, TemplateElement>()
  readonly #library = new Map<number, TemplateElement>()

  /** Points the context at a new chunk and forgets every cached name and template. */
  load(bytes: Uint8Array, base: number): void {
    if (bytes.byteLength !== CHUNK_SIZE) throw new Error('a chunk must be exactly 65536 bytes')

    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, CHUNK_SIZE)
    this.view = new DataView(bytes.buffer, bytes.byteOffset, CHUNK_SIZE)
    this.base = base
    this.#names.clear()
    this.#templates.clear()
  }

  /** Starts a record: refills the element budget and says whether it was found by scanning. */
  startRecord(isRecovering: boolean): void {
    this.budget = NODE_BUDGET
    this.isRecovering = isRecovering
  }

  /** The name cached at a chunk offset, if any. */
  cachedName(offset: number): string | undefined {
    return this.#names.get(offset)
  }

  /** Caches the name read at a chunk offset. */
  cacheName(offset: number, name: string): void {
    this.#names.set(offset, name)
  }

  /** The template definition compiled from a chunk offset, if any. */
  cachedTemplate(offset: number): TemplateElement | undefined {
    return this.#templates.get(offset)
  }

  /** Caches the template definition compiled from a chunk offset. */
  cacheTemplate(offset: number, template: TemplateElement): void {
    this.#templates.set(offset, template)
  }

  /** Remembers a compiled template by its id, for records whose own definition is lost. */
  rememberTemplate(id: number, template: TemplateElement): void {
    this.#library.set(id, template)
  }

  /**
   * A template with this id compiled from an earlier chunk of the same file. A compiled template
   * holds resolved names and no chunk offsets, so it applies in any chunk.
   */
  borrowTemplate(id: number): TemplateElement | undefined {
    const template = this.#library.get(id)
    if (template === undefined) this.borrowMisses++

    return template
  }
}
