import { createHash } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'

/** IANA protocol numbers whose flows are keyed by ports. */
const PORT_PROTOCOLS: ReadonlySet<number> = new Set([6, 17, 132])

/** One end of a flow. */
export interface FlowEnd {
  readonly ip: string
  readonly port: number
}

/**
 * The Community ID (version 1, seed 0) of a TCP, UDP or SCTP flow, as Elastic's `community_id`
 * processor computes it: SHA-1 over the seed, both addresses, the protocol, a zero byte and both
 * ports, the lower end first, in base64 after `1:`. Undefined for other protocols, for addresses
 * of different families and for what is not an address or a port.
 */
export function communityId(
  protocol: number,
  source: FlowEnd,
  destination: FlowEnd,
): string | undefined {
  if (!PORT_PROTOCOLS.has(protocol)) return undefined

  const from = addressBytes(source.ip)
  const to = addressBytes(destination.ip)
  if (from === undefined || to === undefined || from.length !== to.length) return undefined
  if (!isPort(source.port) || !isPort(destination.port)) return undefined

  const isOrdered = compareEnds(from, source.port, to, destination.port) <= 0
  const [first, second] = isOrdered ? [from, to] : [to, from]
  const [firstPort, secondPort] = isOrdered
    ? [source.port, destination.port]
    : [destination.port, source.port]

  const header = Buffer.from([0, 0])
  const middle = Buffer.from([protocol, 0])
  const ports = Buffer.alloc(4)
  ports.writeUInt16BE(firstPort, 0)
  ports.writeUInt16BE(secondPort, 2)
  const digest = createHash('sha1')
    .update(Buffer.concat([header, first, second, middle, ports]))
    .digest('base64')

  return `1:${digest}`
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port <= 0xffff
}

function compareEnds(a: Buffer, aPort: number, b: Buffer, bPort: number): number {
  return Buffer.compare(a, b) || aPort - bPort
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
