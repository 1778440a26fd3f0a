import { isIPv4, isIPv6 } from 'node:net'

/** An IPv4-mapped IPv6 address, bracketed or not, maybe with a port: its IPv4 part is group 1. */
const V4_MAPPED_RE = /^\[?::ffff:([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)(?:\](?::[0-9]+)?)?$/

/** `::ffff:1.2.3.4` (also `[::ffff:1.2.3.4]:80`) as `1.2.3.4`; any other text as it is. */
export function unwrapV4Mapped(ip: string): string {
  return ip.replace(V4_MAPPED_RE, '$1')
}

/** The network-order bytes of an IPv4 or IPv6 address in text, or undefined. */
export function addressBytes(ip: string): Buffer | undefined {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number))
  if (!isIPv6(ip)) return undefined

  return ipv6Bytes(ip)
}

function ipv6Bytes(ip: string): Buffer {
  const bytes = Buffer.alloc(16)
  const [head = '', tail] = ip.split('::')
  const headGroups = groupsOf(head)
  const tailGroups = tail === undefined ? [] : groupsOf(tail)
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = [...headGroups, ...Array<number>(Math.max(missing, 0)).fill(0), ...tailGroups]
  groups.slice(0, 8).forEach((group, i) => bytes.writeUInt16BE(group, i * 2))

  return bytes
}

// the 16-bit groups of one side of `::`; an embedded IPv4 tail counts as two groups
function groupsOf(part: string): number[] {
  if (part === '') return []

  const groups: number[] = []
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number)
      groups.push((a << 8) | b, (c << 8) | d)
    } else groups.push(Number.parseInt(piece, 16))
  }

  return groups
}
