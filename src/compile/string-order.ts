/**
 * Compares two strings in UTF-8 byte order, which is the order Elasticsearch gives keyword terms.
 * UTF-16 code-unit order differs only where a surrogate (U+D800–DFFF, i.e. a code point above
 * U+FFFF) meets a unit in U+E000–FFFF, so the loop compares units and fixes that one case.
 */
export function compareUtf8(left: string, right: string): number {
  const length = Math.min(left.length, right.length)
  for (let i = 0; i < length; i++) {
    const a = left.charCodeAt(i)
    const b = right.charCodeAt(i)
    if (a !== b) {
      if (a >= 0xd800 && b >= 0xd800) return rankHigh(a) - rankHigh(b)

      return a - b
    }
  }

  return left.length - right.length
}

// surrogates encode code points above every BMP unit, so they sort after U+E000–FFFF
function rankHigh(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000
}
