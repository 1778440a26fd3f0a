// BinXML value type codes (format doc §5); an array of a type is the code with 0x80 set

export const TYPE_NULL = 0x00
export const TYPE_STRING = 0x01
export const TYPE_ANSI_STRING = 0x02
export const TYPE_INT8 = 0x03
export const TYPE_UINT8 = 0x04
export const TYPE_INT16 = 0x05
export const TYPE_UINT16 = 0x06
export const TYPE_INT32 = 0x07
export const TYPE_UINT32 = 0x08
export const TYPE_INT64 = 0x09
export const TYPE_UINT64 = 0x0a
export const TYPE_REAL32 = 0x0b
export const TYPE_REAL64 = 0x0c
export const TYPE_BOOL = 0x0d
export const TYPE_BINARY = 0x0e
export const TYPE_GUID = 0x0f
export const TYPE_SIZE_T = 0x10
export const TYPE_FILETIME = 0x11
export const TYPE_SYSTEMTIME = 0x12
export const TYPE_SID = 0x13
export const TYPE_HEX_INT32 = 0x14
export const TYPE_HEX_INT64 = 0x15
export const TYPE_BINXML = 0x21
export const TYPE_ARRAY = 0x80

/** Byte width of one item of a fixed-width type, or 0 for variable-width types. */
export function fixedWidth(type: number): number {
  switch (type) {
    case TYPE_INT8:
    case TYPE_UINT8:
      return 1
    case TYPE_INT16:
    case TYPE_UINT16:
      return 2
    case TYPE_INT32:
    case TYPE_UINT32:
    case TYPE_REAL32:
    case TYPE_BOOL:
    case TYPE_HEX_INT32:
      return 4
    case TYPE_INT64:
    case TYPE_UINT64:
    case TYPE_REAL64:
    case TYPE_FILETIME:
    case TYPE_HEX_INT64:
      return 8
    case TYPE_GUID:
    case TYPE_SYSTEMTIME:
      return 16
    default:
      return 0
  }
}

/** The type code as two hex digits, for messages. */
export function typeCode(type: number): string {
  return `0x${type.toString(16).padStart(2, '0')}`
}
