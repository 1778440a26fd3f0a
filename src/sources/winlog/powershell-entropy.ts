/** The character statistics the PowerShell Operational pipeline adds to a script block. */
export interface ScriptBlockStats {
  readonly script_block_entropy_bits: number
  readonly script_block_entropy_normalized: number
  readonly script_block_surprisal_stdev: number
  readonly script_block_length: number
  readonly script_block_unique_symbols: number
}

/** Where an Authenticode signature block starts: it and all after it are left out. */
export const SIGNATURE_START = '# SIG # Begin signature block'
/** Base64 characters on a line of a signature block. */
const SIGNATURE_LINE_RE = /^[A-Za-z0-9+/=]{64}$/
/** 1 / ln 2, multiplied as the pipeline multiplies it, so the bits come out the same. */
const INV_LN2 = 1 / Math.log(2)

/**
 * The Shannon entropy (bits per character), its share of the most a text this long could hold,
 * the spread of the characters' surprisal, the length and the distinct characters of a trimmed
 * script block, over UTF-16 code units in NFC form, as the current PowerShell Operational pipeline
 * computes them. The signature block is left out, and a text that is itself a piece of one (its
 * second line `# ` and 64 base64 characters) gets none: undefined then, as for an empty text.
 */
export function scriptBlockStats(script: string): ScriptBlockStats | undefined {
  const start = script.indexOf(SIGNATURE_START)
  // the pipeline drops the block only when something follows its first line's marker
  const unsigned =
    start !== -1 && start + SIGNATURE_START.length < script.length ? script.slice(0, start) : script
  if (unsigned.length === 0 || isSignaturePiece(unsigned)) return undefined

  const text = unsigned.normalize('NFC')

  return text.length === 0 ? undefined : statsOf(text)
}

// the second line, without a trailing CR, is `#`, an optional space and 64 base64 characters
function isSignaturePiece(script: string): boolean {
  const firstEnd = script.indexOf('\n')
  if (firstEnd <= 0) return false

  const lineEnd = script.indexOf('\n', firstEnd + 1)
  let line = script.slice(firstEnd + 1, lineEnd === -1 ? script.length : lineEnd)
  if (line.endsWith('\r')) line = line.slice(0, -1)
  if (!line.startsWith('#')) return false

  const content = line.startsWith('# ') ? line.slice(2) : line.slice(1)

  return SIGNATURE_LINE_RE.test(content)
}

function statsOf(text: string): ScriptBlockStats {
  const { length } = text
  const counts = new Map<number, number>()
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i)
    counts.set(unit, (counts.get(unit) ?? 0) + 1)
  }

  // a running mean of log2 p weighted by p, and its variance, in order of first appearance
  let mean = 0
  let variance = 0
  let weight = 0
  for (const count of counts.values()) {
    const p = count / length
    const surprisal = Math.log(p) * INV_LN2
    weight += p
    const before = mean
    mean = before + (p / weight) * (surprisal - before)
    variance += p * (surprisal - before) * (surprisal - mean)
  }

  const bits = mean === 0 ? 0 : -mean
  const maxBits = Math.log(length) * INV_LN2
  const normalized = length > 1 ? Math.min(Math.max(bits / maxBits, 0), 1) : 0

  return {
    script_block_entropy_bits: bits,
    script_block_entropy_normalized: normalized,
    script_block_surprisal_stdev: Math.sqrt(Math.max(variance, 0)),
    script_block_length: length,
    script_block_unique_symbols: counts.size,
  }
}
