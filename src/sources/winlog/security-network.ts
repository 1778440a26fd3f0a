import { communityId } from './community-id.ts'
import { addRelated, child, take, text, toLong } from './doc.ts'
import { lastSegment } from './paths.ts'
import { MESSAGE_TABLE } from './security-msobjs.ts'
import { wellKnownSid } from './security-objects.ts'
import type { EcsDocument } from './types.ts'

type Data = Record<string, unknown>

/** Windows Filtering Platform connection codes mapped to `source.*`, `destination.*`, `network.*`. */
export const FIREWALL_CODES: ReadonlySet<string> = new Set(['5156', '5157'])

/** IANA protocol number → `network.transport`. */
const TRANSPORTS: ReadonlyMap<string, string> = new Map([
  ['1', 'icmp'],
  ['2', 'igmp'],
  ['6', 'tcp'],
  ['17', 'udp'],
  ['47', 'gre'],
  ['50', 'esp'],
  ['51', 'ah'],
  ['58', 'ipv6-icmp'],
  ['132', 'sctp'],
])

const PERCENT_RE = /%%/g

/**
 * A Windows Filtering Platform connection (5156 allowed, 5157 blocked) as newer Security
 * pipelines map it (from their test expectations): the addresses and ports move out of
 * event_data, the application is the process, and the protocol, direction, layer and remote
 * identities are named.
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
  describe(data, 'LayerName', 'LayerNameDescription', (v) => MESSAGE_TABLE.get(noPercent(v)))
  describe(data, 'RemoteUserID', 'RemoteUserDescription', wellKnownSid)
  describe(data, 'RemoteMachineID', 'RemoteMachineDescription', wellKnownSid)
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

  const direction = MESSAGE_TABLE.get(noPercent(text(data, 'Direction') ?? ''))
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

function describe(
  data: Data,
  key: string,
  to: string,
  name: (value: string) => string | undefined,
): void {
  const value = text(data, key)
  const description = value === undefined ? undefined : name(value)
  if (description !== undefined) data[to] = description
}

function noPercent(value: string): string {
  return value.replace(PERCENT_RE, '').trim()
}
