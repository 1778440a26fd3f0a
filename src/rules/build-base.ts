import { parseDateMath, parseInterval } from './date-math.ts'
import { formatPath } from './field-reader.ts'
import type { FieldReader } from './field-reader.ts'
import { RULE_DEFAULTS } from './model.ts'
import type {
  ExceptionListRef,
  Provenance,
  RiskScoreMapping,
  RuleBase,
  RuleSeverity,
  SeverityMapping,
  Threat,
  ThreatEntry,
  ThreatTechnique,
} from './model.ts'

const SEVERITIES: readonly RuleSeverity[] = ['low', 'medium', 'high', 'critical']
const LIST_TYPES = ['detection', 'endpoint', 'rule_default'] as const
const NAMESPACES = ['single', 'agnostic'] as const

/** Reads the fields every rule type shares; undefined when a required one is missing or wrong. */
export function readBase(
  r: FieldReader,
  provenance: Provenance,
): Omit<RuleBase, never> | undefined {
  const before = r.context.diagnostics.length
  const rule_id = r.string('rule_id', true)
  const name = r.string('name', true)
  const description = r.string('description', true)
  const severity = r.oneOf('severity', SEVERITIES, true)
  const risk_score = r.integer('risk_score', true, 0, 100)
  const schedule = readSchedule(r)
  const lists = readLists(r)
  const optional = readOptionalStrings(r)
  const investigation = r.child('investigation_fields')
  const field_names = investigation?.strings('field_names', true)
  const meta = r.child('meta')?.raw
  if (hasErrors(r, before) || rule_id === undefined || name === undefined) return undefined
  if (description === undefined || severity === undefined || risk_score === undefined)
    return undefined

  return {
    rule_id,
    name,
    description,
    severity,
    risk_score,
    ...schedule,
    ...lists,
    ...optional,
    ...(field_names === undefined ? {} : { investigation_fields: { field_names } }),
    ...(meta === undefined ? {} : { meta }),
    provenance,
  }
}

/** Whether errors (not warnings) were reported since `before`. */
export function hasErrors(r: FieldReader, before: number): boolean {
  return r.context.diagnostics.slice(before).some((d) => d.severity === 'error')
}

/** Checks a date math field and returns it, or undefined after reporting why not. */
export function readDateMath(r: FieldReader, key: string, fallback: string): string {
  const text = r.string(key) ?? fallback
  if (!r.has(key)) return text

  const parsed = parseDateMath(text)
  if (!parsed.ok) {
    const why = parsed.diagnostics[0]?.message ?? 'invalid date math'
    r.fail(
      key,
      'ERR_RULE_BAD_DATE_MATH',
      `"${formatPath([...r.path, key])}" is not date math: ${why}`,
    )
  }

  return text
}

function readSchedule(
  r: FieldReader,
): Pick<RuleBase, 'interval' | 'from' | 'to' | 'max_signals' | 'enabled' | 'version'> {
  const interval = r.string('interval') ?? RULE_DEFAULTS.interval
  if (r.has('interval') && !parseInterval(interval).ok) {
    r.fail(
      'interval',
      'ERR_RULE_BAD_INTERVAL',
      `"interval" must be a duration such as "5m", got "${interval}"`,
    )
  }

  return {
    interval,
    from: readDateMath(r, 'from', RULE_DEFAULTS.from),
    to: readDateMath(r, 'to', RULE_DEFAULTS.to),
    max_signals: r.integer('max_signals', false, 1) ?? RULE_DEFAULTS.max_signals,
    enabled: r.boolean('enabled') ?? RULE_DEFAULTS.enabled,
    version: r.integer('version', false, 1) ?? RULE_DEFAULTS.version,
  }
}

type ListFields =
  | 'tags'
  | 'author'
  | 'references'
  | 'false_positives'
  | 'threat'
  | 'exceptions_list'
  | 'severity_mapping'
  | 'risk_score_mapping'

function readLists(r: FieldReader): Pick<RuleBase, ListFields> {
  return {
    tags: r.strings('tags') ?? [],
    author: r.strings('author') ?? [],
    references: r.strings('references') ?? [],
    false_positives: r.strings('false_positives') ?? [],
    threat: (r.children('threat') ?? []).flatMap((t) => readThreat(t) ?? []),
    exceptions_list: (r.children('exceptions_list') ?? []).flatMap((e) => readException(e) ?? []),
    severity_mapping: (r.children('severity_mapping') ?? []).flatMap(
      (m) => readSeverityMapping(m) ?? [],
    ),
    risk_score_mapping: (r.children('risk_score_mapping') ?? []).flatMap(
      (m) => readRiskMapping(m) ?? [],
    ),
  }
}

type OptionalStringFields =
  | 'license'
  | 'note'
  | 'setup'
  | 'rule_name_override'
  | 'timestamp_override'
  | 'timestamp_override_fallback_disabled'
  | 'building_block_type'

function readOptionalStrings(r: FieldReader): Pick<RuleBase, OptionalStringFields> {
  const fields = {
    license: r.string('license'),
    note: r.string('note'),
    rule_name_override: r.string('rule_name_override'),
    timestamp_override: r.string('timestamp_override'),
    timestamp_override_fallback_disabled: r.boolean('timestamp_override_fallback_disabled'),
    building_block_type: r.string('building_block_type'),
  }

  return { ...withoutUndefined(fields), setup: r.string('setup') ?? RULE_DEFAULTS.setup }
}

function readThreat(r: FieldReader): Threat | undefined {
  const framework = r.string('framework', true)
  const tacticReader = r.child('tactic', true)
  const tactic = tacticReader === undefined ? undefined : readEntry(tacticReader)
  const technique = (r.children('technique') ?? []).flatMap((t) => readTechnique(t) ?? [])
  if (framework === undefined || tactic === undefined) return undefined

  return { framework, tactic, technique }
}

function readTechnique(r: FieldReader): ThreatTechnique | undefined {
  const entry = readEntry(r)
  const subtechnique = (r.children('subtechnique') ?? []).flatMap((s) => readEntry(s) ?? [])

  return entry === undefined ? undefined : { ...entry, subtechnique }
}

function readEntry(r: FieldReader): ThreatEntry | undefined {
  const id = r.string('id', true)
  const name = r.string('name', true)
  const reference = r.string('reference', true)
  if (id === undefined || name === undefined || reference === undefined) return undefined

  return { id, name, reference }
}

function readException(r: FieldReader): ExceptionListRef | undefined {
  const id = r.string('id', true)
  const list_id = r.string('list_id', true)
  const type = r.oneOf('type', LIST_TYPES, true)
  const namespace_type = r.oneOf('namespace_type', NAMESPACES, true)
  if (
    id === undefined ||
    list_id === undefined ||
    type === undefined ||
    namespace_type === undefined
  )
    return undefined

  return { id, list_id, type, namespace_type }
}

function readSeverityMapping(r: FieldReader): SeverityMapping | undefined {
  const field = r.string('field', true)
  const operator = r.oneOf('operator', ['equals'] as const, true)
  const value = r.string('value', true)
  const severity = r.oneOf('severity', SEVERITIES, true)
  if (
    field === undefined ||
    operator === undefined ||
    value === undefined ||
    severity === undefined
  )
    return undefined

  return { field, operator, value, severity }
}

function readRiskMapping(r: FieldReader): RiskScoreMapping | undefined {
  const field = r.string('field', true)
  const operator = r.oneOf('operator', ['equals'] as const, true)
  const value = r.string('value') ?? ''
  const risk_score = r.integer('risk_score', false, 0, 100)
  if (field === undefined || operator === undefined) return undefined

  return risk_score === undefined
    ? { field, operator, value }
    : { field, operator, value, risk_score }
}

/** Drops keys whose value is undefined (exactOptionalPropertyTypes forbids them). */
export function withoutUndefined<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value

  return out as { [K in keyof T]?: Exclude<T[K], undefined> }
}
