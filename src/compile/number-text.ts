const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/

/**
 * Parses a string the way a numeric field coerces it (surrounding blanks, a sign, a fraction and
 * an exponent allowed); null when it is not a number. EQL's and KQL's numeric reads, and the
 * hunt's integer keys, all read strings through this one function.
 */
export function parseNumber(text: string): number | null {
  return NUMERIC_TEXT.test(text) ? Number(text) : null
}
