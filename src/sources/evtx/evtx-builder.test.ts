// builds synthetic EVTX bytes for the unit tests: a file header, chunks with records, and BinXML
// streams written token by token, with names and template definitions placed inline at first use
// and referenced by chunk offset afterwards, the way Windows writes them
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { crc32 } from 'node:zlib'

import type { Diagnostic } from '../../syntax/index.ts'
import type { XmlElement } from '../xml/element.ts'
import { readEvtxBuffer } from './read-buffer.ts'
import type { EvtxOptions, EvtxRecord } from './types.ts'

/** A substitution value: its type code and a writer for its bytes (written in place). */
export interface ValueSpec {
  readonly type: number
  readonly write: (w: StreamWriter) => void
}

/** The NameHash of MS-EVEN6: h = h · 65599 + unit over the UTF-16 units, low 16 bits kept. */
export function nameHash(name: string): number {
  let hash = 0
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 65599) + name.charCodeAt(i)) >>> 0

  return hash & 0xffff
}

/** Writes BinXML tokens at the current position of a chunk being built. */
export class StreamWriter {
  readonly chunk: ChunkBuilder
  pos: number

  constructor(chunk: ChunkBuilder, pos: number) {
    this.chunk = chunk
    this.pos = pos
  }

  u8(value: number): this {
    this.chunk.view.setUint8(this.pos, value)
    this.pos += 1

    return this
  }

  u16(value: number): this {
    this.chunk.view.setUint16(this.pos, value, true)
    this.pos += 2

    return this
  }

  u32(value: number): this {
    this.chunk.view.setUint32(this.pos, value >>> 0, true)
    this.pos += 4

    return this
  }

  u64(value: bigint): this {
    this.chunk.view.setBigUint64(this.pos, value, true)
    this.pos += 8

    return this
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.u8(bytes[i] ?? 0)

    return this
  }

  utf16(text: string): this {
    for (let i = 0; i < text.length; i++) this.u16(text.charCodeAt(i))

    return this
  }

  /** A name reference: inline Name structure on first use in the chunk, else its offset. */
  name(name: string): this {
    const known = this.chunk.names.get(name)
    if (known !== undefined) return this.u32(known)

    const at = this.pos + 4
    this.chunk.names.set(name, at)

    return this.u32(at).u32(0).u16(nameHash(name)).u16(name.length).utf16(name).u16(0)
  }

  fragment(): this {
    return this.raw([0x0f, 0x01, 0x01, 0x00])
  }

  eof(): this {
    return this.u8(0x00)
  }

  /**
   * An element: start token (0x41 when it has attributes), dependency id in template bodies,
   * data size, name, attributes, then `02 … 04` around content or `03` when there is none.
   */
  element(
    name: string,
    options: {
      readonly dependency?: number
      readonly inTemplate?: boolean
      readonly attributes?: readonly [string, (w: StreamWriter) => void][]
      readonly content?: (w: StreamWriter) => void
    } = {},
  ): this {
    const attributes = options.attributes ?? []
    this.u8(attributes.length > 0 ? 0x41 : 0x01)
    if (options.inTemplate === true) this.u16(options.dependency ?? 0xffff)
    const sizeAt = this.pos
    this.u32(0).name(name)
    if (attributes.length > 0) {
      const listAt = this.pos
      this.u32(0)
      attributes.forEach(([attribute, value], i) => {
        this.u8(i < attributes.length - 1 ? 0x46 : 0x06).name(attribute)
        value(this)
      })
      this.chunk.view.setUint32(listAt, this.pos - listAt - 4, true)
    }

    if (options.content === undefined) this.u8(0x03)
    else {
      this.u8(0x02)
      options.content(this)
      this.u8(0x04)
    }

    this.chunk.view.setUint32(sizeAt, this.pos - sizeAt - 4, true)

    return this
  }

  /** A literal text piece (0x05, or 0x45 when more pieces follow). */
  text(text: string, hasMore = false): this {
    return this.u8(hasMore ? 0x45 : 0x05)
      .u8(0x01)
      .u16(text.length)
      .utf16(text)
  }

  substitution(index: number, type: number, isOptional = false): this {
    return this.u8(isOptional ? 0x0e : 0x0d)
      .u16(index)
      .u8(type)
  }

  entity(name: string): this {
    return this.u8(0x49).name(name)
  }

  charRef(code: number): this {
    return this.u8(0x48).u16(code)
  }

  cdata(text: string): this {
    return this.u8(0x07).u16(text.length).utf16(text)
  }

  pi(target: string, data: string): this {
    this.u8(0x0a).name(target)

    return this.u8(0x0b).u16(data.length).utf16(data)
  }

  /**
   * A template instance. The definition (fragment header, `body`, EOF) is written inline the
   * first time `id` is used in the chunk; later instances point back at it.
   */
  template(id: number, body: (w: StreamWriter) => void, values: readonly ValueSpec[]): this {
    const start = this.pos
    const known = this.chunk.templates.get(id)
    this.u8(0x0c).u8(0x01).u32(id)
    if (known !== undefined) this.u32(known)
    else {
      this.chunk.templates.set(id, start + 10)
      this.u32(start + 10)
        .u32(0)
        .u32(id)
        .raw(new Uint8Array(12))
        .u32(0)
      const bodyStart = this.pos
      this.fragment()
      body(this)
      this.eof()
      this.chunk.view.setUint32(bodyStart - 4, this.pos - bodyStart, true)
    }

    return this.values(values)
  }

  /** The value count, descriptors and values of a template instance. */
  values(values: readonly ValueSpec[]): this {
    this.u32(values.length)
    const descriptors = this.pos
    this.pos += 4 * values.length
    values.forEach((value, i) => {
      const at = this.pos
      value.write(this)
      this.chunk.view.setUint16(descriptors + 4 * i, this.pos - at, true)
      this.chunk.view.setUint8(descriptors + 4 * i + 2, value.type)
    })

    return this
  }
}

/** One 64 KiB chunk being filled with records. */
export class ChunkBuilder {
  readonly bytes = new Uint8Array(65536)
  readonly view = new DataView(this.bytes.buffer)
  readonly names = new Map<string, number>()
  readonly templates = new Map<number, number>()
  readonly recordOffsets: number[] = []
  #pos = 512
  #ids: number[] = []

  /** Appends a record whose body (after the fragment header) `write` produces. */
  record(id: number, filetime: bigint, write: (w: StreamWriter) => void): this {
    const start = this.#pos
    const w = new StreamWriter(this, start)
    w.u32(0x2a2a).u32(0).u64(BigInt(id)).u64(filetime).fragment()
    write(w)
    w.eof()
    while ((w.pos + 4 - start) % 8 !== 0) w.u8(0)
    const size = w.pos + 4 - start
    w.u32(size)
    this.view.setUint32(start + 4, size, true)
    this.recordOffsets.push(start)
    this.#ids.push(id)
    this.#pos = w.pos

    return this
  }

  /** Writes the chunk header with correct checksums (or the stated flags) and returns the bytes. */
  finish(flags = 0x1): Uint8Array {
    const first = this.#ids[0] ?? 0
    const last = this.#ids[this.#ids.length - 1] ?? 0
    this.bytes.set(new TextEncoder().encode('ElfChnk\0'), 0)
    this.view.setBigUint64(8, 1n, true)
    this.view.setBigUint64(16, BigInt(this.#ids.length), true)
    this.view.setBigUint64(24, BigInt(first), true)
    this.view.setBigUint64(32, BigInt(last), true)
    this.view.setUint32(40, 128, true)
    this.view.setUint32(44, this.recordOffsets[this.recordOffsets.length - 1] ?? 512, true)
    this.view.setUint32(48, this.#pos, true)
    this.view.setUint32(120, flags, true)
    const noSums = (flags & 0x4) !== 0
    this.view.setUint32(52, noSums ? 0 : crc32(this.bytes.subarray(512, this.#pos)), true)
    const headerSum = crc32(this.bytes.subarray(128, 512), crc32(this.bytes.subarray(0, 120)))
    this.view.setUint32(124, noSums ? 0 : headerSum, true)

    return this.bytes
  }
}

/** A whole file: the 4096-byte header (with a correct CRC) followed by the chunks. */
export function buildFile(
  chunks: readonly Uint8Array[],
  headerChunkCount = chunks.length,
): Uint8Array {
  const file = new Uint8Array(4096 + 65536 * chunks.length)
  const view = new DataView(file.buffer)
  file.set(new TextEncoder().encode('ElfFile\0'), 0)
  view.setBigUint64(16, BigInt(Math.max(0, chunks.length - 1)), true)
  view.setBigUint64(24, 1000n, true)
  view.setUint32(32, 128, true)
  view.setUint16(36, 1, true)
  view.setUint16(38, 3, true)
  view.setUint16(40, 4096, true)
  view.setUint16(42, headerChunkCount, true)
  view.setUint32(124, crc32(file.subarray(0, 120)), true)
  chunks.forEach((chunk, i) => {
    file.set(chunk, 4096 + 65536 * i)
  })

  return file
}

/** Rewrites the file header CRC after a test changed header bytes. */
export function resealFileHeader(file: Uint8Array): void {
  new DataView(file.buffer, file.byteOffset).setUint32(124, crc32(file.subarray(0, 120)), true)
}

// value writers
/** A UTF-16 string value (no terminator). */
export const stringValue = (text: string): ValueSpec => ({
  type: 0x01,
  write: (w) => w.utf16(text),
})
/** A value of `type` made of the given bytes. */
export const bytesValue = (type: number, bytes: ArrayLike<number>): ValueSpec => ({
  type,
  write: (w) => w.raw(bytes),
})
/** A Null value, optionally with junk bytes (format doc §4.5). */
export const nullValue = (junk: ArrayLike<number> = []): ValueSpec => bytesValue(0x00, junk)
/** A BinXml value written by `write` (fragment header included by the caller if wanted). */
export const binXmlValue = (write: (w: StreamWriter) => void): ValueSpec => ({
  type: 0x21,
  write: (w) => {
    write(w)
    w.eof()
  },
})

/** Everything the buffer reader yields for some bytes, split by kind. */
export function readAll(
  bytes: Uint8Array,
  options: EvtxOptions = {},
): { records: EvtxRecord[]; events: XmlElement[]; problems: Diagnostic[] } {
  const records: EvtxRecord[] = []
  const problems: Diagnostic[] = []
  for (const item of readEvtxBuffer(bytes, 'test.evtx', options)) {
    if (item.kind === 'record') records.push(item.record)
    else problems.push(item.diagnostic)
  }

  return { records, events: records.map((r) => r.event), problems }
}

/** A one-chunk file whose records each hold one template instance built by `write`. */
export function fileOfRecords(...writes: ((w: StreamWriter) => void)[]): Uint8Array {
  const chunk = new ChunkBuilder()
  writes.forEach((write, i) => chunk.record(i + 1, SAMPLE_FILETIME, write))

  return buildFile([chunk.finish()])
}

/** 2019-03-19T23:34:25.1234567Z as a FILETIME. */
export const SAMPLE_FILETIME = 131_975_120_651_234_567n

// <Event><Data>%0</Data></Event>, the same template id in every chunk
const dataTemplate = (t: StreamWriter): void => {
  t.element('Event', {
    inTemplate: true,
    content: (e) =>
      e.element('Data', { inTemplate: true, content: (c) => c.substitution(0, 0x01) }),
  })
}

/**
 * A chunk of `count` records numbered from `firstId`, each `<Event><Data>value N</Data></Event>`
 * from one template (id 0x5150) whose definition the first record holds.
 */
export function chunkOf(firstId: number, count: number): ChunkBuilder {
  const chunk = new ChunkBuilder()
  for (let id = firstId; id < firstId + count; id++) {
    chunk.record(id, SAMPLE_FILETIME, (w) =>
      w.template(0x5150, dataTemplate, [stringValue(`value ${id}`)]),
    )
  }

  return chunk
}

describe('evtx test builder', () => {
  test('computes the MS-EVEN6 name hash of "Event" and "xmlns"', () => {
    assert.equal(nameHash('Event'), 0x0cba)
    assert.equal(nameHash('xmlns'), 0x0fbc)
  })

  test('writes a name inline once and refers back to it afterwards', () => {
    const chunk = new ChunkBuilder()
    const w = new StreamWriter(chunk, 600)
    w.name('Data').name('Data')
    assert.equal(chunk.view.getUint32(600, true), 604)
    assert.equal(chunk.view.getUint32(604 + 8 + 8 + 2, true), 604)
  })
})
