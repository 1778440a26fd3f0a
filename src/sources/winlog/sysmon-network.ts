import { isIP } from 'node:net'

import { unwrapV4Mapped } from './addresses.ts'
import { communityId } from './community-id.ts'
import { addRelated, child, isEmpty, rename, text, toLong } from './doc.ts'
import { domainPartsOf } from './registered-domain.ts'
import { DNS_TYPES } from './sysmon-table.ts'
import type { EcsDocument } from './types.ts'

type Data = Record<string, unknown>

const TRANSPORT_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['tcp', 6],
  ['udp', 17],
  ['sctp', 132],
])
const SPACES_RE = /\s+/

/** Network connection (3) and DNS (22) fields: transport, protocol, endpoints, direction. */
export function mapSysmonNetwork(doc: EcsDocument, data: Data, code: string): void {
  const network: Record<string, unknown> = {}
  rename(data, 'Protocol', network, 'transport')
  if (code !== '22') {
    rename(data, 'DestinationPortName', network, 'protocol')
    rename(data, 'SourcePortName', network, 'protocol')
  } else network.protocol = 'dns'
  mapEndpoint(doc, data, 'source', 'Source')
  mapEndpoint(doc, data, 'destination', 'Destination')
  const query = text(data, 'QueryName')
  if (query !== undefined) mapQuestion(doc, data, query)
  const initiated = text(data, 'Initiated')
  if (initiated === 'true') network.direction = 'egress'
  if (initiated === 'false') network.direction = 'ingress'
  const ipv6 = text(data, 'SourceIsIpv6')
  if (ipv6 === 'false') network.type = 'ipv4'
  if (ipv6 === 'true') network.type = 'ipv6'
  const id = flowIdOf(doc, network.transport)
  if (id !== undefined) network.community_id = id
  if (!isEmpty(network)) Object.assign(child(doc, 'network'), network)
  mapDnsResults(doc, data)
}

// the Community ID of a TCP, UDP or SCTP connection, as the pipeline's community_id step adds it
function flowIdOf(doc: EcsDocument, transport: unknown): string | undefined {
  const protocol =
    typeof transport === 'string' ? TRANSPORT_NUMBERS.get(transport.toLowerCase()) : undefined
  const source = doc.source as Record<string, unknown> | undefined
  const destination = doc.destination as Record<string, unknown> | undefined
  if (protocol === undefined || source === undefined || destination === undefined) return undefined

  const ends = [source.ip, source.port, destination.ip, destination.port]
  const [fromIp, fromPort, toIp, toPort] = ends
  if (typeof fromIp !== 'string' || typeof toIp !== 'string') return undefined
  if (typeof fromPort !== 'number' || typeof toPort !== 'number') return undefined

  return communityId(protocol, { ip: fromIp, port: fromPort }, { ip: toIp, port: toPort })
}

// the query name and, when it has one, its registered domain, suffix and subdomain
function mapQuestion(doc: EcsDocument, data: Data, name: string): void {
  const question = child(child(doc, 'dns'), 'question')
  rename(data, 'QueryName', question, 'name')
  const parts = question.name === name ? domainPartsOf(name) : undefined
  if (parts !== undefined) Object.assign(question, parts)
}

function mapEndpoint(doc: EcsDocument, data: Data, to: string, prefix: string): void {
  const endpoint: Record<string, unknown> = {}
  const ip = text(data, `${prefix}Ip`)
  if (ip !== undefined && isIP(ip) !== 0) endpoint.ip = ip
  rename(data, `${prefix}Hostname`, endpoint, 'domain')
  const port = toLong(text(data, `${prefix}Port`))
  if (port !== undefined) endpoint.port = port
  if (!isEmpty(endpoint)) Object.assign(child(doc, to), endpoint)
}

/**
 * Parses `QueryResults` (`type:  5 cname.example;::ffff:1.2.3.4;`) into `dns.answers` and
 * `dns.resolved_ip` (v4-mapped addresses unwrapped, non-addresses dropped, each address also an
 * A/AAAA answer), and fills related.hosts and related.ip.
 */
function mapDnsResults(doc: EcsDocument, data: Data): void {
  const results = text(data, 'QueryResults')
  const answers: Record<string, string>[] = []
  const ips: string[] = []
  const hosts: string[] = []
  for (const answer of results === undefined ? [] : results.split(';')) {
    if (answer === '') continue
    if (!answer.startsWith('type:')) {
      ips.push(answer)
      continue
    }
    const parts = answer.split(SPACES_RE)
    const entry: Record<string, string> = {}
    const type = DNS_TYPES[parts[1] ?? '']
    if (type !== undefined) entry.type = type
    if (parts.length === 3 && parts[2] !== undefined) {
      entry.data = parts[2]
      hosts.push(parts[2])
    }
    answers.push(entry)
  }
  setDns(doc, answers, ips, hosts)
}

function setDns(
  doc: EcsDocument,
  answers: Record<string, string>[],
  ips: string[],
  hosts: string[],
) {
  if (hosts.length > 0) child(doc, 'related').hosts = hosts
  const resolved = ips.map((ip) => unwrapV4Mapped(ip)).filter((ip) => isIP(ip) !== 0)
  for (const ip of resolved) answers.push({ type: ip.includes(':') ? 'AAAA' : 'A', data: ip })
  if (answers.length > 0) child(doc, 'dns').answers = answers
  if (resolved.length > 0) child(doc, 'dns').resolved_ip = resolved
  const question = (doc.dns as Record<string, unknown> | undefined)?.question
  const name = text(question as Record<string, unknown> | undefined, 'name')
  if (name !== undefined) addRelated(doc, 'hosts', name)
  for (const ip of resolved) addRelated(doc, 'ip', ip)
}
