import { createHash } from 'node:crypto'

import { addressBytes } from './addresses.ts'

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
