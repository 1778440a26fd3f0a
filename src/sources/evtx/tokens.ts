// BinXML token bytes (format doc §4.2); the 0x40 bit only says "more follows", so every
// variant is listed and dispatch is on the whole byte

export const TOKEN_EOF = 0x00
export const TOKEN_OPEN_ELEMENT = 0x01
export const TOKEN_OPEN_ELEMENT_ATTRS = 0x41
export const TOKEN_CLOSE_START = 0x02
export const TOKEN_CLOSE_EMPTY = 0x03
export const TOKEN_END_ELEMENT = 0x04
export const TOKEN_VALUE = 0x05
export const TOKEN_VALUE_MORE = 0x45
export const TOKEN_ATTRIBUTE = 0x06
export const TOKEN_ATTRIBUTE_MORE = 0x46
export const TOKEN_CDATA = 0x07
export const TOKEN_CDATA_MORE = 0x47
export const TOKEN_CHAR_REF = 0x08
export const TOKEN_CHAR_REF_MORE = 0x48
export const TOKEN_ENTITY_REF = 0x09
export const TOKEN_ENTITY_REF_MORE = 0x49
export const TOKEN_PI_TARGET = 0x0a
export const TOKEN_PI_DATA = 0x0b
export const TOKEN_TEMPLATE_INSTANCE = 0x0c
export const TOKEN_NORMAL_SUBSTITUTION = 0x0d
export const TOKEN_OPTIONAL_SUBSTITUTION = 0x0e
export const TOKEN_FRAGMENT_HEADER = 0x0f

/** True for the tokens that make up text: value, CDATA, character and entity references. */
export function isTextToken(token: number): boolean {
  const base = token & 0xbf

  return (
    base === TOKEN_VALUE ||
    base === TOKEN_CDATA ||
    base === TOKEN_CHAR_REF ||
    base === TOKEN_ENTITY_REF
  )
}

/** The character an entity reference stands for, or the reference itself for an unknown name. */
export function entityText(name: string): string {
  switch (name) {
    case 'amp':
      return '&'
    case 'lt':
      return '<'
    case 'gt':
      return '>'
    case 'quot':
      return '"'
    case 'apos':
      return "'"
    default:
      return `&${name};`
  }
}
