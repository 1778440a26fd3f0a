import { Buffer } from 'node:buffer'

import { CHUNK_SIZE } from './layout.ts'
import type { TemplateElement } from './template.ts'

/** Most XML elements one record may produce; a guard against crafted templates that fan out. */
const NODE_BUDGET = 100_000

/**
 * One chunk being decoded: its bytes and the caches that are valid only inside it (names and
 * template definitions are stored once per chunk and referenced by chunk offset, format doc §2.3
 * and §4.5). Reused from chunk to chunk; a generation stamp empties the caches without clearing
 * the arrays.
 */
export class ChunkContext {
  /** The chunk's bytes, exactly {@link CHUNK_SIZE} long. */
  bytes: Buffer = Buffer.alloc(CHUNK_SIZE)
  /** A view over {@link bytes} for little-endian reads. */
  view: DataView = new DataView(this.bytes.buffer, this.bytes.byteOffset, CHUNK_SIZE)
  /** File offset of the chunk's first byte. */
  base = 0
  /** Elements the current record may still produce. */
  budget = NODE_BUDGET
  /** The current record was found by scanning, so borrowed templates may stand in for lost ones. */
  isRecovering = false

  #generation = 0
  readonly #nameStamps = new Uint32Array(CHUNK_SIZE)
  readonly #names: string[] = []
  readonly #templateStamps = new Uint32Array(CHUNK_SIZE)
  readonly #templates: TemplateElement[] = []
  readonly #library = new Map<number, TemplateElement>()

  /** Points the context at a new chunk and forgets every cached name and template. */
  load(bytes: Uint8Array, base: number): void {
    if (bytes.byteLength !== CHUNK_SIZE) throw new Error('a chunk must be exactly 65536 bytes')

    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, CHUNK_SIZE)
    this.view = new DataView(bytes.buffer, bytes.byteOffset, CHUNK_SIZE)
    this.base = base
    this.#generation = (this.#generation + 1) >>> 0
    if (this.#generation === 0) this.#resetStamps()
  }

  /** Starts a record: refills the element budget and says whether it was found by scanning. */
  startRecord(isRecovering: boolean): void {
    this.budget = NODE_BUDGET
    this.isRecovering = isRecovering
  }

  /** The name cached at a chunk offset, if any. */
  cachedName(offset: number): string | undefined {
    return this.#nameStamps[offset] === this.#generation ? this.#names[offset] : undefined
  }

  /** Caches the name read at a chunk offset. */
  cacheName(offset: number, name: string): void {
    this.#nameStamps[offset] = this.#generation
    this.#names[offset] = name
  }

  /** The template definition compiled from a chunk offset, if any. */
  cachedTemplate(offset: number): TemplateElement | undefined {
    return this.#templateStamps[offset] === this.#generation ? this.#templates[offset] : undefined
  }

  /** Caches the template definition compiled from a chunk offset. */
  cacheTemplate(offset: number, template: TemplateElement): void {
    this.#templateStamps[offset] = this.#generation
    this.#templates[offset] = template
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
    return this.#library.get(id)
  }

  #resetStamps(): void {
    this.#nameStamps.fill(0)
    this.#templateStamps.fill(0)
    this.#generation = 1
  }
}
