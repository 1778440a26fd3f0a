import { BinXmlError } from './binxml-error.ts'
import type { ChunkContext } from './chunk-context.ts'
import { decodeAnsiValue, decodeUtf16, decodeUtf16Value } from './text.ts'
import {
  formatBinary,
  formatFiletime,
  formatGuid,
  formatHex,
  formatInt64,
  formatReal32,
  formatSid,
  formatSystemtime,
  sidSize,
} from './value-format.ts'
import {
  TYPE_ANSI_STRING,
  TYPE_ARRAY,
  TYPE_BINARY,
  TYPE_BINXML,
  TYPE_BOOL,
  TYPE_FILETIME,
  TYPE_GUID,
  TYPE_HEX_INT32,
  TYPE_HEX_INT64,
  TYPE_INT16,
  TYPE_INT32,
  TYPE_INT64,
  TYPE_INT8,
  TYPE_NULL,
  TYPE_REAL32,
  TYPE_REAL64,
  TYPE_SID,
  TYPE_SIZE_T,
  TYPE_STRING,
  TYPE_SYSTEMTIME,
  TYPE_UINT16,
  TYPE_UINT32,
  TYPE_UINT64,
  TYPE_UINT8,
  fixedWidth,
  typeCode,
} from './value-types.ts'

/**
 * The text of one scalar value of `type` stored in chunk bytes `[at, at + size)`, as Windows
 * renders it in event XML. An empty value of any type is empty text. BinXml and array types are
 * handled by the caller.
 */
export function renderScalar(ctx: ChunkContext, type: number, at: number, size: number): string {
  if (type === TYPE_STRING) return decodeUtf16Value(ctx.bytes, at, at + size)
  if (size === 0) return ''

  const width = minimumSize(type)
  if (size < width)
    throw new BinXmlError(`a value of type ${typeCode(type)} has only ${size} bytes`)

  return renderSized(ctx, type, at, size)
}

function minimumSize(type: number): number {
  if (type === TYPE_BOOL) return 1
  if (type === TYPE_SIZE_T) return 4
  if (type === TYPE_SID) return 8

  return fixedWidth(type)
}

function renderSized(ctx: ChunkContext, type: number, at: number, size: number): string {
  const { view } = ctx
  switch (type) {
    case TYPE_UINT8:
      return String(view.getUint8(at))
    case TYPE_UINT16:
      return String(view.getUint16(at, true))
    case TYPE_UINT32:
      return String(view.getUint32(at, true))
    case TYPE_HEX_INT64:
      return formatHex(view.getUint32(at, true), view.getUint32(at + 4, true))
    case TYPE_GUID:
      return formatGuid(view, at)
    case TYPE_FILETIME:
      return formatFiletime(view.getUint32(at, true), view.getUint32(at + 4, true))
    case TYPE_SID:
      return renderSid(view, at, size)
    default:
      return renderRare(ctx, type, at, size)
  }
}

function renderRare(ctx: ChunkContext, type: number, at: number, size: number): string {
  const { view } = ctx
  switch (type) {
    case TYPE_ANSI_STRING:
      return decodeAnsiValue(ctx.bytes, at, at + size)
    case TYPE_INT8:
      return String(view.getInt8(at))
    case TYPE_INT16:
      return String(view.getInt16(at, true))
    case TYPE_INT32:
      return String(view.getInt32(at, true))
    case TYPE_INT64:
    case TYPE_UINT64:
      return formatInt64(
        view.getUint32(at, true),
        view.getUint32(at + 4, true),
        type === TYPE_INT64,
      )
    case TYPE_REAL32:
      return formatReal32(view.getFloat32(at, true))
    case TYPE_REAL64:
      return String(view.getFloat64(at, true))
    default:
      return renderOther(ctx, type, at, size)
  }
}

function renderOther(ctx: ChunkContext, type: number, at: number, size: number): string {
  const { view } = ctx
  switch (type) {
    case TYPE_BOOL:
      return isAnyByteSet(view, at, size) ? 'true' : 'false'
    case TYPE_BINARY:
      return formatBinary(view, at, at + size)
    case TYPE_SIZE_T:
      return formatHex(view.getUint32(at, true), size >= 8 ? view.getUint32(at + 4, true) : 0)
    case TYPE_SYSTEMTIME:
      return formatSystemtime(view, at)
    case TYPE_HEX_INT32:
      return formatHex(view.getUint32(at, true), 0)
    default:
      throw new BinXmlError(`value type ${typeCode(type)} cannot be rendered as text`)
  }
}

// Bool is 4 bytes in files (MS-EVEN6 says 1); any non-zero byte is true whatever the width
function isAnyByteSet(view: DataView, at: number, size: number): boolean {
  for (let i = 0; i < size; i++) if (view.getUint8(at + i) !== 0) return true

  return false
}

function renderSid(view: DataView, at: number, size: number): string {
  if (size < 8 || sidSize(view, at) > size)
    throw new BinXmlError('a SID value is shorter than its sub-authority count says')

  return formatSid(view, at)
}

/** The rendered items of an array value (type | 0x80), one string per item (format doc §5.1). */
export function renderArrayItems(
  ctx: ChunkContext,
  type: number,
  at: number,
  size: number,
): string[] {
  const base = type & ~TYPE_ARRAY
  switch (base) {
    case TYPE_STRING:
      return splitUtf16(ctx, at, at + size)
    case TYPE_ANSI_STRING:
      return splitAnsi(ctx, at, at + size)
    case TYPE_SID:
      return splitSids(ctx, at, at + size)
    case TYPE_NULL:
    case TYPE_BINARY:
    case TYPE_BINXML:
      throw new BinXmlError(`value type ${typeCode(type)} is not a valid array type`)
    default:
      return splitFixed(ctx, base, at, size)
  }
}

function splitUtf16(ctx: ChunkContext, start: number, end: number): string[] {
  const items: string[] = []
  let itemStart = start
  for (let i = start; i + 1 < end; i += 2) {
    if (ctx.view.getUint16(i, true) !== 0) continue

    items.push(decodeUtf16(ctx.bytes, itemStart, i))
    itemStart = i + 2
  }

  if (itemStart + 1 < end) items.push(decodeUtf16(ctx.bytes, itemStart, end))

  return items
}

function splitAnsi(ctx: ChunkContext, start: number, end: number): string[] {
  const items: string[] = []
  let itemStart = start
  for (let i = start; i < end; i++) {
    if (ctx.view.getUint8(i) !== 0) continue

    items.push(decodeAnsiValue(ctx.bytes, itemStart, i))
    itemStart = i + 1
  }

  if (itemStart < end) items.push(decodeAnsiValue(ctx.bytes, itemStart, end))

  return items
}

function splitSids(ctx: ChunkContext, start: number, end: number): string[] {
  const items: string[] = []
  for (let at = start; at < end;) {
    const size = sidSize(ctx.view, at)
    items.push(renderSid(ctx.view, at, end - at))
    at += size
  }

  return items
}

// SizeT items carry no width; 8 is taken when the size allows it, else 4
function splitFixed(ctx: ChunkContext, base: number, at: number, size: number): string[] {
  const width = base === TYPE_SIZE_T ? (size % 8 === 0 ? 8 : 4) : fixedWidth(base)
  if (width === 0)
    throw new BinXmlError(`value type ${typeCode(base | TYPE_ARRAY)} is not a valid array type`)
  if (size % width !== 0) {
    throw new BinXmlError(
      `an array of type ${typeCode(base | TYPE_ARRAY)} has ${size} bytes, not a multiple of ${width}`,
    )
  }

  const items: string[] = []
  for (let i = 0; i < size; i += width) items.push(renderSized(ctx, base, at + i, width))

  return items
}
