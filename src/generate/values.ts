import { ecsField } from '../ecs/index.ts'
import type { Random } from './random.ts'

/** The value family a field holds, from ECS (strings for anything ECS does not describe). */
export type ValueKind = 'string' | 'number' | 'float' | 'ip' | 'date' | 'boolean'

const KIND_OF_ECS: Readonly<Record<string, ValueKind>> = {
  long: 'number',
  integer: 'number',
  float: 'float',
  double: 'float',
  scaled_float: 'float',
  ip: 'ip',
  date: 'date',
  boolean: 'boolean',
}

/** The value family of a dotted field name. */
export function valueKindOf(field: string): ValueKind {
  const type = ecsField(field)?.type
  if (type !== undefined) return KIND_OF_ECS[type] ?? 'string'
  if (/(?:^|\.)ip$|_ip$/.test(field)) return 'ip'

  return 'string'
}

/** Whether ECS documents the field as an array (`event.category`, `event.type`, ...). */
export function isArrayField(field: string): boolean {
  return ecsField(field)?.isArray === true
}

// plausible values for common fields, so generated events read like real ones
const SAMPLES: Readonly<Record<string, readonly string[]>> = {
  'process.name': ['svchost.exe', 'bash', 'python3'],
  'process.parent.name': ['explorer.exe', 'sshd', 'systemd'],
  'process.executable': ['C:\\Windows\\System32\\svchost.exe', '/usr/bin/python3'],
  'process.parent.executable': ['C:\\Windows\\explorer.exe', '/usr/sbin/sshd'],
  'process.command_line': ['svchost.exe -k netsvcs', '/usr/bin/python3 app.py'],
  'process.args': ['-k', '--verbose'],
  'file.path': ['C:\\Users\\Public\\report.txt', '/home/alice/notes.txt'],
  'file.name': ['report.txt', 'notes.txt'],
  'file.extension': ['txt', 'log'],
  'user.name': ['alice', 'svc-backup'],
  'host.name': ['ws-0142', 'build-07'],
  'host.os.type': ['windows', 'linux', 'macos'],
  'event.action': ['start', 'creation'],
  'event.outcome': ['success', 'failure'],
  'registry.path': ['HKLM\\SOFTWARE\\Acme\\Settings'],
  'dns.question.name': ['www.example.com'],
  'url.full': ['https://www.example.com/index.html'],
}

/** A plausible value for a field that no condition pins down. */
export function defaultValue(field: string, random: Random): unknown {
  const samples = SAMPLES[field]
  if (samples !== undefined) return random.pick(samples)

  switch (valueKindOf(field)) {
    case 'number':
      return 4242 + random.below(100)
    case 'float':
      return 1.5
    case 'ip':
      return `10.20.${String(random.below(200))}.${String(random.below(200) + 1)}`
    case 'date':
      return '2024-05-01T10:00:00.000Z'
    case 'boolean':
      return true
    case 'string':
      return plausibleString(field)
  }
}

function plausibleString(field: string): string {
  const leaf = field.slice(field.lastIndexOf('.') + 1)
  if (leaf === 'entity_id' || leaf === 'id') return 'Zm9vYmFyMTIz'
  if (leaf.endsWith('path') || leaf === 'executable') return 'C:\\Users\\Public\\tool.exe'

  return `sample-${leaf}`
}

/** Values different from `value` of the same family, for `!=`, `not` and near misses. */
export function variantsOf(value: unknown, field: string, random: Random): unknown[] {
  if (typeof value === 'number') return [value + 1, value - 1, 0, value * 2 + 7]
  if (typeof value === 'boolean') return [!value]
  if (typeof value !== 'string') return [defaultValue(field, random)]
  if (valueKindOf(field) === 'ip') return ['192.0.2.77', '203.0.113.9', '2001:db8::7']

  const other = defaultValue(field, random)

  return [other, `${value}x`, `x${value}`, 'benign', value === '' ? 'a' : '', `sample-${field}`]
}
