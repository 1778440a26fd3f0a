/**
 * Case-insensitive string tests for ASCII values without building a lower-cased copy, for the
 * hot path: on ASCII text, folding A–Z to a–z is exactly what `toLowerCase` does. Patterns are
 * given already lower-cased.
 */

/** Whether every unit of the text is ASCII. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false

  return true
}

function fold(unit: number): number {
  return unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit
}

/** Whether `value` holds the lower-case `pattern` at `offset`, ignoring ASCII case. */
export function isFoldedAt(value: string, pattern: string, offset: number): boolean {
  if (offset < 0 || offset + pattern.length > value.length) return false

  for (let i = 0; i < pattern.length; i++) {
    if (fold(value.charCodeAt(offset + i)) !== pattern.charCodeAt(i)) return false
  }

  return true
}

/** Case-insensitive `indexOf` for an ASCII value and a lower-case pattern. */
export function foldedIndexOf(value: string, pattern: string, from: number): number {
  const last = value.length - pattern.length
  for (let at = from; at <= last; at++) if (isFoldedAt(value, pattern, at)) return at

  return -1
}

/**
 * {@link isFoldedAt} where a `?` of the pattern stands for any one unit: on an ASCII value a unit
 * is a code point, which is what a wildcard `?` consumes.
 */
export function isMaskedFoldedAt(value: string, pattern: string, offset: number): boolean {
  if (offset < 0 || offset + pattern.length > value.length) return false

  for (let i = 0; i < pattern.length; i++) {
    const unit = pattern.charCodeAt(i)
    if (unit !== 0x3f && fold(value.charCodeAt(offset + i)) !== unit) return false
  }

  return true
}

/** {@link foldedIndexOf} with `?` in the pattern matching any one unit. */
export function maskedFoldedIndexOf(value: string, pattern: string, from: number): number {
  const last = value.length - pattern.length
  for (let at = from; at <= last; at++) if (isMaskedFoldedAt(value, pattern, at)) return at

  return -1
}
