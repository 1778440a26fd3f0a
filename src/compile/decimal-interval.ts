/**
 * RE2 for Lucene's `<min-max>` operator: decimal strings of the integers in [min, max]. With
 * `digits` > 0 every string has exactly that many digits (zero-padded); otherwise any number of
 * leading zeros is accepted. Bounds are swapped when given in the wrong order, as Lucene does.
 */
export function decimalIntervalRe2(min: bigint, max: bigint, digits: number): string {
  const [low, high] = min <= max ? [min, max] : [max, min]
  if (digits > 0) {
    return `(?:${sameLength(low.toString().padStart(digits, '0'), high.toString().padStart(digits, '0'))})`
  }

  const ranges: string[] = []
  let from = low
  while (from <= high) {
    const width = from.toString().length
    const widthMax = 10n ** BigInt(width) - 1n
    const to = widthMax < high ? widthMax : high
    ranges.push(sameLength(from.toString(), to.toString()))
    from = to + 1n
  }

  return `(?:0*(?:${ranges.join('|')}))`
}

// the strings of equal length between low and high (inclusive), by their first differing digit
function sameLength(low: string, high: string): string {
  if (low === high) return low

  const a = Number(low[0])
  const b = Number(high[0])
  const restLow = low.slice(1)
  const restHigh = high.slice(1)
  if (a === b) return `${low[0] ?? ''}(?:${sameLength(restLow, restHigh)})`

  const width = restLow.length
  const anyTail = width === 0 ? '' : `[0-9]{${width}}`
  const parts = [`${a}(?:${sameLength(restLow, '9'.repeat(width))})`]
  if (b - a > 1) parts.push(`[${a + 1}-${b - 1}]${anyTail}`)
  parts.push(`${b}(?:${sameLength('0'.repeat(width), restHigh)})`)

  return parts.join('|')
}
