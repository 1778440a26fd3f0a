import { compileValueReader } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'

// each built once: a hunt writes a reason for every alert
const CATEGORY = compileValueReader('event.category')
const PROCESS = compileValueReader('process.name')
const PARENT = compileValueReader('process.parent.name')
const FILE = compileValueReader('file.name')
const USER = compileValueReader('user.name')
const HOST = compileValueReader('host.name')
const SOURCE = { ip: compileValueReader('source.ip'), port: compileValueReader('source.port') }
const DESTINATION = {
  ip: compileValueReader('destination.ip'),
  port: compileValueReader('destination.port'),
}

/**
 * Kibana's one reason template for every rule type: the parts whose fields the event has, then
 * "created <severity> alert <name>." (`reason_formatters.ts`). Multi-valued fields are joined
 * with ", ". A source or destination without a port shows the address alone.
 */
export function buildReason(event: EcsEvent, severity: string, ruleName: string): string {
  const category = joined(event, CATEGORY)
  const parts: string[] = [category === null ? 'event' : `${category} event`]
  const add = (prefix: string, value: string | null, suffix = ','): void => {
    if (value !== null) parts.push(`${prefix}${value}${suffix}`)
  }

  add('with process ', joined(event, PROCESS))
  add('parent process ', joined(event, PARENT))
  add('file ', joined(event, FILE))
  add('source ', address(event, SOURCE))
  add('destination ', address(event, DESTINATION))
  add('by ', joined(event, USER), '')
  add('on ', joined(event, HOST), '')

  return `${parts.join(' ')} created ${severity} alert ${ruleName}.`
}

function address(
  event: EcsEvent,
  side: { readonly ip: ValueReader; readonly port: ValueReader },
): string | null {
  const ip = joined(event, side.ip)
  if (ip === null) return null

  const port = joined(event, side.port)

  return port === null ? ip : `${ip}:${port}`
}

// the field's values other than empty strings, joined with ", "; null when there are none
function joined(event: EcsEvent, read: ValueReader): string | null {
  const value = read(event)
  if (!Array.isArray(value)) return value === undefined || value === '' ? null : textOf(value)

  let text: string | null = null
  for (const item of value as readonly unknown[]) {
    if (item === '') continue

    text = text === null ? textOf(item) : `${text}, ${textOf(item)}`
  }

  return text
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
