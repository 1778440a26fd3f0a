import { communityId } from './community-id.ts'
import { addRelated, child, take, text, toLong } from './doc.ts'
import { lastSegment } from './paths.ts'
import { messageCode } from './security-messages.ts'
import { MESSAGE_TABLE } from './security-msobjs.ts'
import type { EcsDocument } from './types.ts'

type Data = Record<string, unknown>

/** Windows Filtering Platform codes mapped to `source.*`, `destination.*`, `network.*`. */
export const FIREWALL_CODES: ReadonlySet<string> = new Set(['5152', '5156', '5157', '5158'])

/** IANA protocol number → `network.transport`. */
const TRANSPORTS: ReadonlyMap<string, string> = new Map([
  ['1', 'icmp'],
  ['2', 'igmp'],
  ['4', 'ipv4'],
  ['6', 'tcp'],
  ['8', 'egp'],
  ['9', 'igp'],
  ['12', 'pup'],
  ['17', 'udp'],
  ['27', 'rdp'],
  ['28', 'irtp'],
  ['33', 'dccp'],
  ['35', 'idpr'],
  ['41', 'ipv6'],
  ['43', 'ipv6-route'],
  ['44', 'ipv6-frag'],
  ['46', 'rsvp'],
  ['47', 'gre'],
  ['50', 'esp'],
  ['58', 'ipv6-icmp'],
  ['59', 'ipv6-nonxt'],
  ['60', 'ipv6-opts'],
])

/**
 * A Windows Filtering Platform event (5152 packet dropped, 5156 connection allowed, 5157 blocked,
 * 5158 bind) as the current Security pipeline maps it: the addresses and ports move out of
 * event_data, the application is the process, and the protocol, direction and layer are named.
 */
export function mapFirewallConnection(doc: EcsDocument, data: Data): void {
  const source = moveEnd(doc, data, 'source', 'SourceAddress', 'SourcePort')
  const destination = moveEnd(doc, data, 'destination', 'DestAddress', 'DestPort')
  if (destination.ip !== undefined) addRelated(doc, 'ip', destination.ip)

  const application = take(data, 'Application')
  if (application !== undefined) {
    const process = child(doc, 'process')
    process.executable = application
    process.name = lastSegment(application)
  }

  nameNetwork(doc, data, source, destination)
  const layer = MESSAGE_TABLE.get(messageCode(text(data, 'LayerName') ?? ''))
  if (layer !== undefined) data.LayerNameDescription = layer
}

interface End {
  readonly ip: string | undefined
  readonly port: number | undefined
}

function moveEnd(doc: EcsDocument, data: Data, to: string, ipKey: string, portKey: string): End {
  const ip = take(data, ipKey)
  const port = toLong(take(data, portKey))
  if (ip !== undefined) child(doc, to).ip = ip
  if (port !== undefined) child(doc, to).port = port

  return { ip, port }
}

function nameNetwork(doc: EcsDocument, data: Data, source: End, destination: End): void {
  const network: Record<string, unknown> = {}
  const protocol = text(data, 'Protocol')
  if (protocol !== undefined) {
    network.iana_number = protocol
    const transport = TRANSPORTS.get(protocol)
    if (transport !== undefined) network.transport = transport
  }

  const direction = MESSAGE_TABLE.get(messageCode(text(data, 'Direction') ?? ''))
  if (direction !== undefined) network.direction = direction.toLowerCase()

  const id = protocol === undefined ? undefined : flowId(Number(protocol), source, destination)
  if (id !== undefined) network.community_id = id
  if (Object.keys(network).length > 0) Object.assign(child(doc, 'network'), network)
}

function flowId(protocol: number, source: End, destination: End): string | undefined {
  const { ip: sourceIp, port: sourcePort } = source
  const { ip: destinationIp, port: destinationPort } = destination
  if (sourceIp === undefined || destinationIp === undefined) return undefined
  if (sourcePort === undefined || destinationPort === undefined) return undefined

  return communityId(
    protocol,
    { ip: sourceIp, port: sourcePort },
    { ip: destinationIp, port: destinationPort },
  )
}
