import { getFieldValues } from '../ecs/index.ts'
import type { EcsEvent } from '../ecs/index.ts'

/**
 * Kibana's one reason template for every rule type: the parts whose fields the event has, then
 * "created <severity> alert <name>." (`reason_formatters.ts`). Multi-valued fields are joined
 * with ", ". A source or destination without a port shows the address alone.
 */
export function buildReason(event: EcsEvent, severity: string, ruleName: string): string {
  const category = joined(event, 'event.category')
  const parts: string[] = [category === null ? 'event' : `${category} event`]
  const add = (prefix: string, value: string | null, suffix = ','): void => {
    if (value !== null) parts.push(`${prefix}${value}${suffix}`)
  }

  add('with process ', joined(event, 'process.name'))
  add('parent process ', joined(event, 'process.parent.name'))
  add('file ', joined(event, 'file.name'))
  add('source ', address(event, 'source'))
  add('destination ', address(event, 'destination'))
  add('by ', joined(event, 'user.name'), '')
  add('on ', joined(event, 'host.name'), '')

  return `${parts.join(' ')} created ${severity} alert ${ruleName}.`
}

function address(event: EcsEvent, side: string): string | null {
  const ip = joined(event, `${side}.ip`)
  if (ip === null) return null

  const port = joined(event, `${side}.port`)

  return port === null ? ip : `${ip}:${port}`
}

function joined(event: EcsEvent, field: string): string | null {
  const values = getFieldValues(event, field).filter((v) => v !== '')
  if (values.length === 0) return null

  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
}
