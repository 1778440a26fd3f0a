import { child, javaSplit, text } from './doc.ts'
import type { EcsDocument } from './types.ts'

const QWORD_RE = /^QWORD \((0x[0-9A-F]{8})-(0x[0-9A-F]{8})\)$/i
const DWORD_RE = /^DWORD \((0x[0-9A-F]{8})\)$/i

const HIVES: Readonly<Record<string, string>> = {
  HKEY_CLASSES_ROOT: 'HKCR',
  HKCR: 'HKCR',
  HKEY_CURRENT_CONFIG: 'HKCC',
  HKCC: 'HKCC',
  HKEY_CURRENT_USER: 'HKCU',
  HKCU: 'HKCU',
  HKEY_DYN_DATA: 'HKDD',
  HKDD: 'HKDD',
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKLM: 'HKLM',
  HKEY_PERFORMANCE_DATA: 'HKPD',
  HKPD: 'HKPD',
  HKEY_USERS: 'HKU',
  HKU: 'HKU',
}

/**
 * Registry events (12, 13, 14): `TargetObject` → `registry.path`, `hive` (short form), `key`
 * (everything after the hive), `value` (last segment); `Details` → `registry.data.strings/type`.
 */
export function mapSysmonRegistry(doc: EcsDocument, data: Record<string, unknown>): void {
  const path = text(data, 'TargetObject')
  if (path === undefined || path === '') return
  const registry: Record<string, unknown> = { path }
  doc.registry = registry
  const tokens = javaSplit(path, '\\')
  const hive = Object.hasOwn(HIVES, tokens[0] ?? '') ? HIVES[tokens[0] ?? ''] : undefined
  if (hive !== undefined) {
    registry.hive = hive
    if (tokens.length > 1) registry.key = tokens.slice(1).join('\\')
  }
  registry.value = tokens[tokens.length - 1]
  const details = text(data, 'Details')
  if (details !== undefined && details !== '') registryData(registry, details)
}

function registryData(registry: Record<string, unknown>, details: string): void {
  const qword = QWORD_RE.exec(details)
  if (qword !== null) {
    const high = Number.parseInt(qword[1]?.slice(2) ?? '', 16)
    const low = Number.parseInt(qword[2]?.slice(2) ?? '', 16)
    // the pipeline combines the halves as (high << 8) + low; reproduced, not corrected
    child(registry, 'data').strings = [String(high * 256 + low)]
    child(registry, 'data').type = 'SZ_QWORD'

    return
  }
  const dword = DWORD_RE.exec(details)
  if (dword !== null) {
    child(registry, 'data').strings = [String(Number.parseInt(dword[1]?.slice(2) ?? '', 16))]
    child(registry, 'data').type = 'SZ_DWORD'

    return
  }
  const type = details === 'Binary Data' ? 'REG_BINARY' : 'REG_SZ'
  registry.data = { strings: [details], type }
}
