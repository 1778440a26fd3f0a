import type { XmlNode } from '../xml/element.ts'
import { TYPE_NULL } from './value-types.ts'

const INITIAL_CAPACITY = 32

/**
 * The values of one template instance: type, chunk offset and size of each (format doc §4.5).
 * One table per nesting depth is reused for every instance, so reading values allocates nothing.
 */
export class ValueTable {
  /** How many BinXml values this table's instance is nested in (0 for a record body). */
  readonly depth: number
  /** Number of values. */
  count = 0
  /** Type code of each value. */
  types = new Uint8Array(INITIAL_CAPACITY)
  /** Chunk offset of each value's bytes. */
  offsets = new Uint32Array(INITIAL_CAPACITY)
  /** Byte size of each value. */
  sizes = new Uint32Array(INITIAL_CAPACITY)
  /** BinXml values already parsed for this instance, by index. */
  nested: (readonly XmlNode[] | undefined)[] = []
  /** BinXml values already written as XML text for this instance, by index. */
  nestedText: (string | undefined)[] = []
  /** Elements the writing of each {@link nestedText} entry counted against the record's budget. */
  nestedSpent: number[] = []

  constructor(depth: number) {
    this.depth = depth
  }

  /** Empties the table and makes room for `count` values. */
  reset(count: number): void {
    if (count > this.types.length) {
      const capacity = Math.max(count, this.types.length * 2)
      this.types = new Uint8Array(capacity)
      this.offsets = new Uint32Array(capacity)
      this.sizes = new Uint32Array(capacity)
    }

    this.count = count
    this.nested.length = 0
    this.nestedText.length = 0
  }

  /** The type of value `index`; an index past the end reads as Null (format doc §4.5). */
  typeOf(index: number): number {
    return index < this.count ? (this.types[index] ?? TYPE_NULL) : TYPE_NULL
  }

  /** Chunk offset of value `index`. */
  offsetOf(index: number): number {
    return this.offsets[index] ?? 0
  }

  /** Byte size of value `index`. */
  sizeOf(index: number): number {
    return this.sizes[index] ?? 0
  }
}
