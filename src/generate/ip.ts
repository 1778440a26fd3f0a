/** IPv4 and IPv6 addresses as 128-bit numbers (IPv4 in the IPv4-mapped range), and CIDRs. */

const V4_MAPPED = 0xffffn << 32n

/** Parses an address; IPv4 maps to `::ffff:a.b.c.d` so both forms compare equal. */
export function parseIp(text: string): bigint | null {
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(text)) return parseV4(text)
  if (!text.includes(':')) return null

  return parseV6(text)
}

function parseV4(text: string): bigint | null {
  if (!/^\d{1,3}(?:\.\d{1,3}){3}$/.test(text)) return null
  const octets = text.split('.').map(Number)
  if (octets.some((o) => o > 255)) return null

  return V4_MAPPED + octets.reduce((acc, o) => (acc << 8n) + BigInt(o), 0n)
}

function parseV6(text: string): bigint | null {
  const halves = text.toLowerCase().split('::')
  if (halves.length > 2) return null

  const head = groupsOf(halves[0] ?? '')
  const tail = groupsOf(halves[1] ?? '')
  if (head === null || tail === null) return null
  const missing = 8 - head.length - tail.length
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null

  const groups = [...head, ...Array<number>(missing).fill(0), ...tail]

  return groups.reduce((acc, g) => (acc << 16n) + BigInt(g), 0n)
}

function groupsOf(text: string): number[] | null {
  if (text === '') return []

  const parts = text.split(':')
  const out: number[] = []
  for (const part of parts) {
    if (part.includes('.')) {
      const v4 = parseV4(part)
      if (v4 === null) return null
      out.push(Number((v4 >> 16n) & 0xffffn), Number(v4 & 0xffffn))
    } else if (/^[0-9a-f]{1,4}$/.test(part)) out.push(parseInt(part, 16))
    else return null
  }

  return out
}

/** A CIDR block as its first address and prefix length over 128 bits. */
export interface Cidr {
  readonly base: bigint
  readonly bits: number
  readonly isV4: boolean
}

/** Parses `a.b.c.d/n` or `x::y/n` (a bare address is a /32 or /128). */
export function parseCidr(text: string): Cidr | null {
  const [address = '', prefix] = text.split('/')
  const ip = parseIp(address)
  if (ip === null) return null

  const isV4 = !address.includes(':')
  const bits = (prefix === undefined ? (isV4 ? 32 : 128) : Number(prefix)) + (isV4 ? 96 : 0)
  if (!Number.isInteger(bits) || bits > 128) return null

  return { base: ip & maskOf(bits), bits, isV4 }
}

function maskOf(bits: number): bigint {
  const all = (1n << 128n) - 1n

  return bits === 0 ? 0n : (all >> BigInt(128 - bits)) << BigInt(128 - bits)
}

/** Whether an address lies inside a CIDR block. */
export function isInCidr(ip: bigint, cidr: Cidr): boolean {
  return (ip & maskOf(cidr.bits)) === cidr.base
}

/** An address inside the block (its first host when the block has room), as text. */
export function addressInCidr(cidr: Cidr): string {
  const ip = cidr.bits < 128 ? cidr.base + 1n : cidr.base

  return formatIp(ip, cidr.isV4)
}

/** Formats a 128-bit address; `isV4` prints the low 32 bits dotted. */
export function formatIp(ip: bigint, isV4: boolean): string {
  if (isV4) return [24n, 16n, 8n, 0n].map((s) => String((ip >> s) & 0xffn)).join('.')

  const groups: string[] = []
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((ip >> s) & 0xffffn).toString(16))

  return groups.join(':')
}
