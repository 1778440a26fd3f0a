/**
 * IP addresses as Elasticsearch's `ip` type holds them: 16 bytes, IPv4 as IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`). Addresses are handled here as 32-hex-digit keys, which sort like the
 * bytes and compare with `===`.
 */

/** An inclusive range of IP keys, as a CIDR block or a single address gives. */
export interface IpRange {
  readonly low: string
  readonly high: string
}

const V4_PREFIX = '00000000000000000000ffff'

/**
 * The last few results of a string function: the hunt reads the same address for every rule
 * that tests it on one event (and again for each sequence's join key), so most calls repeat one
 * of the last few inputs.
 */
class RecentResults {
  readonly #inputs: (string | undefined)[]
  readonly #outputs: (string | null)[]
  #next = 0

  constructor(size: number) {
    this.#inputs = new Array<string | undefined>(size).fill(undefined)
    this.#outputs = new Array<string | null>(size).fill(null)
  }

  get(input: string, compute: (input: string) => string | null): string | null {
    const at = this.#inputs.indexOf(input)
    if (at >= 0) return this.#outputs[at] ?? null

    const output = compute(input)
    this.#inputs[this.#next] = input
    this.#outputs[this.#next] = output
    this.#next = (this.#next + 1) % this.#inputs.length

    return output
  }
}

const KEYS = new RecentResults(8)
const TEXTS = new RecentResults(8)

/** The 32-hex-digit key of an IPv4 or IPv6 address, or null when the text is not one. */
export function ipKey(text: string): string | null {
  return KEYS.get(text, parseIpKey)
}

function parseIpKey(text: string): string | null {
  if (text.includes(':')) return ipv6Key(text)

  const v4 = ipv4Hex(text)

  return v4 === null ? null : V4_PREFIX + v4
}

// two hex digits per byte value, so a dotted address becomes its key without per-byte formatting
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

function ipv4Hex(text: string): string | null {
  const octets = ipv4Octets(text)
  if (octets === null) return null

  let hex = ''
  for (const octet of octets) hex += HEX_BYTES[octet] ?? ''

  return hex
}

/**
 * The four numbers of a dotted IPv4 address: exactly four parts of 1–3 ASCII digits, each ≤ 255
 * (leading zeros allowed), or null. Scanned by char code: ip field reads and every clause of a
 * list of address blocks call it once per rule and event when a memo misses.
 */
export function ipv4Octets(text: string): number[] | null {
  const octets: number[] = []
  let at = 0
  for (;;) {
    const start = at
    let value = 0
    for (; at < text.length && at - start < 4; at++) {
      const code = text.charCodeAt(at)
      if (code < 0x30 || code > 0x39) break
      value = value * 10 + code - 0x30
    }

    const digits = at - start
    if (digits === 0 || digits > 3 || value > 255) return null

    octets.push(value)
    if (octets.length === 4) return at === text.length ? octets : null
    if (text.charCodeAt(at) !== 0x2e) return null
    at++
  }
}

function ipv6Key(text: string): string | null {
  const zone = text.indexOf('%')
  const address = zone >= 0 ? text.slice(0, zone) : text
  const halves = address.split('::')
  if (halves.length > 2) return null

  const head = groupsOf(halves[0] ?? '')
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : []
  if (head === null || tail === null) return null

  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null

  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0000'), ...tail].join(
    '',
  )
}

// hex groups of one side of `::`; a trailing dotted IPv4 counts as two groups
function groupsOf(side: string): string[] | null {
  if (side === '') return []

  const groups: string[] = []
  const parts = side.split(':')
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? ''
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = ipv4Hex(part)
      if (v4 === null) return null

      groups.push(v4.slice(0, 4), v4.slice(4))
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(part.toLowerCase().padStart(4, '0'))
    } else {
      return null
    }
  }

  return groups
}

/** Parses `addr` or `addr/prefix` (IPv4 prefixes count within the IPv4 part) into a key range. */
export function ipRange(text: string): IpRange | null {
  const slash = text.indexOf('/')
  const key = ipKey(slash < 0 ? text : text.slice(0, slash))
  if (key === null) return null
  if (slash < 0) return { low: key, high: key }

  const prefixText = text.slice(slash + 1)
  if (!/^[0-9]{1,3}$/.test(prefixText)) return null

  const isV4 = !text.slice(0, slash).includes(':')
  const prefix = Number(prefixText) + (isV4 ? 96 : 0)
  if (prefix > 128 || (isV4 && prefix > 128)) return null

  return { low: maskKey(key, prefix, '0'), high: maskKey(key, prefix, '1') }
}

function maskKey(key: string, prefix: number, fill: '0' | '1'): string {
  let bits = ''
  for (const digit of key) bits += parseInt(digit, 16).toString(2).padStart(4, '0')

  const masked = bits.slice(0, prefix) + fill.repeat(128 - prefix)
  let hex = ''
  for (let i = 0; i < 128; i += 4) hex += parseInt(masked.slice(i, i + 4), 2).toString(16)

  return hex
}

/** Whether a key lies in a range. */
export function isInIpRange(key: string, range: IpRange): boolean {
  return key >= range.low && key <= range.high
}

/**
 * An address as Elasticsearch prints an `ip` value ({@link formatIpKey} of its key), or null when
 * the text is not an address. A dotted IPv4 address without leading zeros, the usual text, is
 * already printed that way and is returned as it is, without being parsed into a key.
 */
export function ipText(text: string): string | null {
  const octets = ipv4Octets(text)
  if (octets !== null && text.length === printedLength(octets)) return text

  const key = ipKey(text)

  return key === null ? null : formatIpKey(key)
}

// the length of the octets printed without leading zeros: the scanned text has it exactly when
// none of its parts has a leading zero
function printedLength(octets: readonly number[]): number {
  let length = octets.length - 1
  for (const octet of octets) length += octet < 10 ? 1 : octet < 100 ? 2 : 3

  return length
}

/**
 * Formats a key the way Elasticsearch prints an `ip` value: dotted IPv4 for IPv4-mapped keys,
 * otherwise RFC 5952 IPv6 (lower case, longest run of zero groups, length ≥ 2, as `::`).
 */
export function formatIpKey(key: string): string {
  return TEXTS.get(key, formatKey) ?? key
}

function formatKey(key: string): string {
  if (key.startsWith(V4_PREFIX)) {
    const bytes = [0, 2, 4, 6].map((i) => parseInt(key.slice(24 + i, 26 + i), 16))

    return bytes.join('.')
  }

  const groups = Array.from({ length: 8 }, (_, i) => parseInt(key.slice(i * 4, i * 4 + 4), 16))
  const [start, length] = longestZeroRun(groups)
  if (length < 2) return groups.map((g) => g.toString(16)).join(':')

  const head = groups
    .slice(0, start)
    .map((g) => g.toString(16))
    .join(':')
  const tail = groups
    .slice(start + length)
    .map((g) => g.toString(16))
    .join(':')

  return `${head}::${tail}`
}

function longestZeroRun(groups: readonly number[]): [number, number] {
  let best: [number, number] = [-1, 0]
  let runStart = -1
  for (let i = 0; i <= groups.length; i++) {
    if (i < groups.length && groups[i] === 0) {
      if (runStart < 0) runStart = i
    } else if (runStart >= 0) {
      if (i - runStart > best[1]) best = [runStart, i - runStart]
      runStart = -1
    }
  }

  return best
}
