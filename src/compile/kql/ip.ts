import { ipv4Octets } from '../ip.ts'

/**
 * IP addresses as an `ip` field indexes them (doc M10): every address is 16 bytes, IPv4 stored
 * as its IPv4-mapped IPv6 form, so `10.1.2.3` and `::ffff:10.1.2.3` are the same value.
 */

/** An address as 16 bytes. */
export type IpBytes = Uint8Array

/** An address block: the first `prefix` bits of `base`. */
export interface Cidr {
  readonly base: IpBytes
  readonly prefix: number
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/

/** Parses an IPv4 or IPv6 address, or returns null. */
export function parseIp(text: string): IpBytes | null {
  const v4 = ipv4Octets(text)
  if (v4 !== null) {
    const bytes = new Uint8Array(16)
    bytes[10] = 0xff
    bytes[11] = 0xff
    bytes.set(v4, 12)

    return bytes
  }

  return text.includes(':') ? parseIpv6(text) : null
}

/** Parses `address/prefix`; an IPv4 prefix counts within the mapped form (adds 96). */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/')
  if (slash === -1) return null

  const address = text.slice(0, slash)
  const bits = text.slice(slash + 1)
  const base = parseIp(address)
  if (base === null || !/^\d{1,3}$/.test(bits)) return null

  const isV4 = ipv4Octets(address) !== null
  const prefix = Number(bits) + (isV4 ? 96 : 0)

  return prefix > 128 ? null : { base, prefix }
}

/** Whether an address lies in a block. */
export function isInCidr(address: IpBytes, cidr: Cidr): boolean {
  const full = cidr.prefix >> 3
  for (let i = 0; i < full; i++) if (address[i] !== cidr.base[i]) return false

  const rest = cidr.prefix & 7
  if (rest === 0) return true

  const mask = (0xff << (8 - rest)) & 0xff

  return ((address[full] ?? 0) & mask) === ((cidr.base[full] ?? 0) & mask)
}

/** Orders two addresses as Elasticsearch does (unsigned byte order of the 16-byte form). */
export function compareIp(a: IpBytes, b: IpBytes): number {
  for (let i = 0; i < 16; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0)
    if (diff !== 0) return diff
  }

  return 0
}

function parseIpv6(text: string): IpBytes | null {
  const halves = text.split('::')
  if (halves.length > 2) return null

  const head = parseHextets(halves[0] ?? '', halves.length === 1)
  const tail = halves.length === 2 ? parseHextets(halves[1] ?? '', true) : []
  if (head === null || tail === null) return null

  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null

  const words = [...head, ...new Array<number>(Math.max(0, missing)).fill(0), ...tail]
  const bytes = new Uint8Array(16)
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8
    bytes[i * 2 + 1] = word & 0xff
  })

  return bytes
}

// hextets of one side of `::`; the last group of the address may be a dotted IPv4
function parseHextets(text: string, mayEndInIpv4: boolean): number[] | null {
  if (text === '') return []

  const groups = text.split(':')
  const words: number[] = []
  for (const [i, group] of groups.entries()) {
    const v4 = mayEndInIpv4 && i === groups.length - 1 ? ipv4Octets(group) : null
    if (v4 !== null) {
      words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0))
    } else if (HEXTET.test(group)) {
      words.push(parseInt(group, 16))
    } else return null
  }

  return words
}
