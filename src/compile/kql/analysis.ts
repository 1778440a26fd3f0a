/**
 * The two Elasticsearch analyzers KQL text clauses meet (doc M7): `standard` (Unicode word
 * segmentation per UAX#29, lower-cased, tokens cut at 255 characters) and the PowerShell
 * `pattern` analyzer (split on anything but ASCII letters, digits, `_` and `-`, lower-cased).
 */

/** Which analyzer a text field uses. */
export type AnalyzerName = 'standard' | 'powershell'

const MAX_TOKEN = 255

type CharClass =
  | 'letter'
  | 'digit'
  | 'kana'
  | 'ideo'
  | 'connector'
  | 'midLetter'
  | 'midNum'
  | 'midBoth'
  | 'extend'
  | 'other'

const MID_LETTER = new Set([
  ':',
  '\u00b7',
  '\u0387',
  '\u05f4',
  '\u2027',
  '\ufe13',
  '\ufe55',
  '\uff1a',
])
const MID_NUM = new Set([
  ',',
  ';',
  '\u037e',
  '\u0589',
  '\u060c',
  '\u060d',
  '\u066c',
  '\u07f8',
  '\u2044',
  '\ufe10',
  '\ufe14',
  '\ufe50',
  '\ufe54',
  '\uff0c',
  '\uff1b',
])
const MID_BOTH = new Set(['.', "'", '\u2018', '\u2019', '\u2024', '\ufe52', '\uff07', '\uff0e'])
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}]/u
const KATAKANA = /[\p{Script=Katakana}\u3031-\u3035\u309b\u309c\u30a0\u30fc\uff70]/u
const LETTER = /\p{L}/u
const DIGIT = /\p{Nd}/u
const EXTEND = /[\p{M}\p{Cf}]/u
const CONNECTOR = /\p{Pc}/u

const ASCII_CLASSES: CharClass[] = Array.from({ length: 128 }, (_, code) =>
  classifySlow(String.fromCharCode(code)),
)

function classifySlow(char: string): CharClass {
  if (MID_LETTER.has(char)) return 'midLetter'
  if (MID_NUM.has(char)) return 'midNum'
  if (MID_BOTH.has(char)) return 'midBoth'
  if (IDEOGRAPHIC.test(char)) return 'ideo'
  if (KATAKANA.test(char)) return 'kana'
  if (LETTER.test(char)) return 'letter'
  if (DIGIT.test(char)) return 'digit'
  if (EXTEND.test(char)) return 'extend'
  if (CONNECTOR.test(char)) return 'connector'

  return 'other'
}

function classify(char: string): CharClass {
  const code = char.charCodeAt(0)

  return code < 128 ? (ASCII_CLASSES[code] ?? 'other') : classifySlow(char)
}

// WB5, WB8–WB10, WB13, WB13a, WB13b: which classes continue a word directly
function joins(previous: CharClass, next: CharClass): boolean {
  if (next === 'letter' || next === 'digit') {
    return previous === 'letter' || previous === 'digit' || previous === 'connector'
  }

  if (next === 'kana') return previous === 'kana' || previous === 'connector'

  return next === 'connector' && previous !== 'ideo'
}

// WB6/WB7 (letter mid letter) and WB11/WB12 (digit mid digit)
function joinsAcross(previous: CharClass, mid: CharClass, next: CharClass): boolean {
  if (previous === 'letter' && next === 'letter') return mid === 'midLetter' || mid === 'midBoth'
  if (previous === 'digit' && next === 'digit') return mid === 'midNum' || mid === 'midBoth'

  return false
}

/** Splits text into lower-cased tokens the way the `standard` analyzer does (approximately). */
export function standardTokens(text: string): string[] {
  const chars = Array.from(text)
  const classes = chars.map(classify)
  const out: string[] = []
  let i = 0
  while (i < chars.length) {
    const kind = classes[i] ?? 'other'
    if (kind === 'ideo') {
      out.push((chars[i] ?? '').toLowerCase())
      i++
    } else if (kind === 'letter' || kind === 'digit' || kind === 'kana' || kind === 'connector') {
      i = readWord(chars, classes, i, out)
    } else i++
  }

  return out
}

function readWord(chars: string[], classes: CharClass[], start: number, out: string[]): number {
  let previous = classes[start] ?? 'other'
  let hasWordChar = previous !== 'connector'
  let i = start + 1
  while (i < chars.length) {
    const kind = classes[i] ?? 'other'
    if (kind === 'extend') {
      i++
    } else if (joins(previous, kind)) {
      hasWordChar ||= kind !== 'connector'
      previous = kind
      i++
    } else {
      const after = nextSolid(classes, i + 1)
      if (!joinsAcross(previous, kind, classes[after] ?? 'other')) break

      previous = classes[after] ?? 'other'
      i = after + 1
    }
  }

  if (hasWordChar) pushToken(chars.slice(start, i).join('').toLowerCase(), out)

  return i
}

function nextSolid(classes: CharClass[], from: number): number {
  let i = from
  while (classes[i] === 'extend') i++

  return i
}

function pushToken(token: string, out: string[]): void {
  if (token.length <= MAX_TOKEN) {
    out.push(token)

    return
  }

  for (let i = 0; i < token.length; i += MAX_TOKEN) out.push(token.slice(i, i + MAX_TOKEN))
}

const POWERSHELL_SEPARATOR = /[^A-Za-z0-9_-]+/

/** Splits text the way `powershell_script_analyzer` does: `[\W&&[^-]]+`, lower-cased. */
export function powershellTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(POWERSHELL_SEPARATOR)
    .filter((token) => token !== '')
}

/** The tokens of a text under the named analyzer. */
export function analyze(analyzer: AnalyzerName, text: string): string[] {
  return analyzer === 'powershell' ? powershellTokens(text) : standardTokens(text)
}

/** The analyzer's normaliser, applied to wildcard terms in query_string (lower-casing). */
export function normalizeTerm(text: string): string {
  return text.toLowerCase()
}
