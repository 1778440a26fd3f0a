const CR_RE = /\r\n?/g
const ATTR_SPACE_RE = /\r\n|[\t\n\r]/g
const HEX_RE = /^[0-9a-fA-F]+$/
const DECIMAL_RE = /^[0-9]+$/
/** Longest reference looked at, `&` and `;` included. */
const MAX_REFERENCE = 34
const ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
}

/** Receives the span of a reference that could not be decoded (kept as literal text). */
export type BadReference = (from: number, to: number) => void

/**
 * Decodes the five predefined entities and numeric character references in `text[from, to)`.
 * Line breaks are normalised as XML requires: CR LF and lone CR become LF, and in attribute values
 * tabs and line breaks become spaces. Undecodable references stay as text and are reported.
 */
export function decodeReferences(
  text: string,
  from: number,
  to: number,
  isAttribute: boolean,
  onBad: BadReference,
): string {
  // search inside the slice: an unbounded indexOf would scan the whole buffer for every text run
  const run = text.slice(from, to)
  let amp = run.indexOf('&')
  if (amp === -1) return normaliseBreaks(run, isAttribute)
  let out = ''
  let last = 0
  for (; amp !== -1; amp = run.indexOf('&', amp + 1)) {
    const semi = referenceEnd(run, amp, run.length)
    const value = semi === -1 ? undefined : resolveEntity(run.slice(amp + 1, semi))
    if (value === undefined) {
      onBad(from + amp, from + (semi === -1 ? amp + 1 : semi + 1))
      continue
    }
    out += normaliseBreaks(run.slice(last, amp), isAttribute) + value
    last = semi + 1
    amp = semi
  }

  return out + normaliseBreaks(run.slice(last), isAttribute)
}

/** The index of the `;` ending a reference that starts at `amp`, or -1 for a bare `&`. */
function referenceEnd(text: string, amp: number, to: number): number {
  const limit = Math.min(to, amp + MAX_REFERENCE)
  for (let i = amp + 1; i < limit; i++) {
    const c = text.charCodeAt(i)
    if (c === 59) return i > amp + 1 ? i : -1
    if (!isNameChar(c)) return -1
  }

  return -1
}

function isNameChar(c: number): boolean {
  const isAlnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

  return isAlnum || c === 35 || c === 95 || c === 45 || c === 46 || c === 58
}

function resolveEntity(name: string): string | undefined {
  const named = ENTITIES[name]
  if (named !== undefined || name.charCodeAt(0) !== 35) return named
  const hex = name.charCodeAt(1) === 120
  const digits = name.slice(hex ? 2 : 1)
  if (!(hex ? HEX_RE : DECIMAL_RE).test(digits)) return undefined
  const code = Number.parseInt(digits, hex ? 16 : 10)
  const isValid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)

  return isValid ? String.fromCodePoint(code) : undefined
}

function normaliseBreaks(text: string, isAttribute: boolean): string {
  if (isAttribute) return text.replace(ATTR_SPACE_RE, ' ')

  return text.includes('\r') ? text.replace(CR_RE, '\n') : text
}

/** The name without its namespace prefix (`e:Event` → `Event`). */
export function localName(raw: string): string {
  const colon = raw.indexOf(':')

  return colon === -1 ? raw : raw.slice(colon + 1)
}

/** Whether a UTF-16 code unit is XML white space. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13
}

/** The first index at or after `from` (and before `to`) that is not white space. */
export function skipSpaces(text: string, from: number, to: number): number {
  let i = from
  while (i < to && isSpace(text.charCodeAt(i))) i++

  return i
}

/** Whether a text holds only white space. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false

  return true
}
