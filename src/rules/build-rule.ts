import { hasErrors, readBase, readDateMath, withoutUndefined } from './build-base.ts'
import { formatPath } from './field-reader.ts'
import type { FieldReader } from './field-reader.ts'
import { KNOWN_FIELDS } from './known-fields.ts'
import { RULE_DEFAULTS, RULE_TYPES } from './model.ts'
import type {
  AlertSuppression,
  Provenance,
  QueryFields,
  Rule,
  RuleBase,
  RuleLanguage,
  RuleType,
  SuppressionDuration,
  Threshold,
  ThreatMapping,
} from './model.ts'

const KQL_LANGUAGES = ['kuery', 'lucene'] as const

/**
 * Turns one raw rule in Kibana's API shape into a {@link Rule} with Kibana's defaults, reporting
 * every problem at its field. Returns undefined when the rule has errors.
 */
export function buildRule(r: FieldReader, provenance: Provenance): Rule | undefined {
  const before = r.context.diagnostics.length
  reportUnknownFields(r)
  const type = readType(r)
  const base = readBase(r, provenance)
  if (type === undefined) return undefined

  const rule = base === undefined ? undefined : buildTyped(r, type, base)

  return hasErrors(r, before) ? undefined : rule
}

function readType(r: FieldReader): RuleType | undefined {
  const type = r.string('type', true)
  if (type === undefined || (RULE_TYPES as readonly string[]).includes(type))
    return type as RuleType | undefined

  const known = RULE_TYPES.join(', ')

  r.fail('type', 'ERR_RULE_UNKNOWN_TYPE', `unknown rule type "${type}", expected one of ${known}`)

  return undefined
}

function buildTyped(r: FieldReader, type: RuleType, base: RuleBase): Rule | undefined {
  switch (type) {
    case 'eql':
      return buildEql(r, base)
    case 'query':
      return {
        ...base,
        ...readQueryFields(r, false),
        ...readSuppression(r),
        type,
        language: readKqlLanguage(r),
      }
    case 'saved_query':
      return buildSavedQuery(r, base)
    case 'threshold':
      return buildThreshold(r, base)
    case 'new_terms':
      return buildNewTerms(r, base)
    case 'threat_match':
      return buildThreatMatch(r, base)
    case 'esql':
      return buildEsql(r, base)
    case 'machine_learning':
      return buildMachineLearning(r, base)
  }
}

function buildEql(r: FieldReader, base: RuleBase): Rule | undefined {
  expectLanguage(r, 'eql')
  const fields = withoutUndefined({
    event_category_override: r.string('event_category_override'),
    tiebreaker_field: r.string('tiebreaker_field'),
    timestamp_field: r.string('timestamp_field'),
  })

  return {
    ...base,
    ...readQueryFields(r, true),
    ...readSuppression(r),
    ...fields,
    type: 'eql',
    language: 'eql',
  }
}

function buildSavedQuery(r: FieldReader, base: RuleBase): Rule | undefined {
  const saved_id = r.string('saved_id', true)
  if (saved_id === undefined) return undefined

  const language = readKqlLanguage(r)

  return {
    ...base,
    ...readQueryFields(r, false),
    ...readSuppression(r),
    type: 'saved_query',
    language,
    saved_id,
  }
}

function buildThreshold(r: FieldReader, base: RuleBase): Rule | undefined {
  const threshold = readThreshold(r)
  const duration = r.child('alert_suppression')?.child('duration', true)
  const suppression = duration === undefined ? undefined : readDuration(duration)
  if (threshold === undefined) return undefined

  const rule = {
    ...base,
    ...readQueryFields(r, true),
    type: 'threshold' as const,
    language: readKqlLanguage(r),
    threshold,
  }

  return suppression === undefined
    ? rule
    : { ...rule, alert_suppression: { duration: suppression } }
}

function readThreshold(r: FieldReader): Threshold | undefined {
  const t = r.child('threshold', true)
  if (t === undefined) return undefined

  const field = t.strings('field', false, true) ?? []
  const value = t.integer('value', true, 1)
  const cardinality = (t.children('cardinality') ?? []).flatMap((c) => {
    const cField = c.string('field', true)
    const cValue = c.integer('value', true, 0)

    return cField === undefined || cValue === undefined ? [] : [{ field: cField, value: cValue }]
  })
  if (field.length > 5)
    t.fail(
      'field',
      'ERR_RULE_FIELD_VALUE',
      `"threshold.field" takes at most 5 fields, got ${field.length}`,
    )

  return value === undefined ? undefined : { field, value, cardinality }
}

function buildNewTerms(r: FieldReader, base: RuleBase): Rule | undefined {
  const fields = r.strings('new_terms_fields', true)
  const history = r.has('history_window_start')
    ? readDateMath(r, 'history_window_start', '')
    : undefined
  if (history === undefined) r.missing('history_window_start')
  if (fields !== undefined && (fields.length < 1 || fields.length > 3)) {
    r.fail(
      'new_terms_fields',
      'ERR_RULE_FIELD_VALUE',
      `"new_terms_fields" takes 1 to 3 fields, got ${fields.length}`,
    )
  }

  if (fields === undefined || history === undefined) return undefined

  const query = readQueryFields(r, true)

  return {
    ...base,
    ...query,
    ...readSuppression(r),
    type: 'new_terms',
    language: readKqlLanguage(r),
    new_terms_fields: fields,
    history_window_start: history,
  }
}

function buildThreatMatch(r: FieldReader, base: RuleBase): Rule | undefined {
  const threat_index = r.strings('threat_index', true)
  const threat_query = r.string('threat_query', true)
  const threat_mapping = readThreatMapping(r)
  const threat_language = r.oneOf('threat_language', KQL_LANGUAGES) ?? RULE_DEFAULTS.threat_language
  const optional = withoutUndefined({
    threat_indicator_path: r.string('threat_indicator_path'),
    threat_filters: r.list('threat_filters'),
    concurrent_searches: r.integer('concurrent_searches', false, 1),
    items_per_search: r.integer('items_per_search', false, 1),
  })
  if (threat_index === undefined || threat_query === undefined || threat_mapping === undefined)
    return undefined

  return {
    ...base,
    ...readQueryFields(r, true),
    ...readSuppression(r),
    ...optional,
    type: 'threat_match',
    language: readKqlLanguage(r),
    threat_index,
    threat_query,
    threat_mapping,
    threat_language,
  }
}

function readThreatMapping(r: FieldReader): ThreatMapping[] | undefined {
  const groups = r.children('threat_mapping', true)

  return groups?.map((g) => ({
    entries: (g.children('entries', true) ?? []).flatMap((e) => {
      const field = e.string('field', true)
      const type = e.oneOf('type', ['mapping'] as const, true)
      const value = e.string('value', true)
      const negate = e.boolean('negate')
      if (field === undefined || type === undefined || value === undefined) return []

      return [negate === undefined ? { field, type, value } : { field, type, value, negate }]
    }),
  }))
}

function buildEsql(r: FieldReader, base: RuleBase): Rule | undefined {
  expectLanguage(r, 'esql')
  const query = r.string('query', true)
  if (r.has('index'))
    r.warn(
      'index',
      'ERR_RULE_FIELD_IGNORED',
      'es|ql rules take their sources from the query, "index" is ignored',
    )

  if (query === undefined) return undefined

  return { ...base, ...readSuppression(r), type: 'esql', language: 'esql', query }
}

function buildMachineLearning(r: FieldReader, base: RuleBase): Rule | undefined {
  const anomaly_threshold = r.integer('anomaly_threshold', true, 0, 100)
  const jobs = r.strings('machine_learning_job_id', true, true)
  if (anomaly_threshold === undefined || jobs === undefined) return undefined

  return {
    ...base,
    ...readSuppression(r),
    type: 'machine_learning',
    anomaly_threshold,
    machine_learning_job_id: jobs,
  }
}

function readQueryFields(r: FieldReader, isQueryRequired: boolean): QueryFields {
  // kibana defaults a missing custom query to the empty query, which matches every document
  const query = r.string('query', isQueryRequired) ?? ''
  const optional = withoutUndefined({
    index: r.strings('index'),
    data_view_id: r.string('data_view_id'),
    filters: r.list('filters'),
  })

  return { query, ...optional }
}

function readKqlLanguage(r: FieldReader): 'kuery' | 'lucene' {
  const language = r.string('language')
  if (language === undefined || language === 'kuery' || language === 'lucene')
    return language ?? RULE_DEFAULTS.language

  r.fail(
    'language',
    'ERR_RULE_LANGUAGE_MISMATCH',
    `a ${String(r.raw.type)} rule takes "kuery" or "lucene", got "${language}"`,
  )

  return RULE_DEFAULTS.language
}

function expectLanguage(r: FieldReader, expected: RuleLanguage): void {
  const language = r.string('language')
  if (language === undefined || language === expected) return

  r.fail(
    'language',
    'ERR_RULE_LANGUAGE_MISMATCH',
    `a ${expected} rule takes language "${expected}", got "${language}"`,
  )
}

function readSuppression(r: FieldReader): { alert_suppression?: AlertSuppression } {
  const s = r.child('alert_suppression')
  if (s === undefined) return {}

  const group_by = s.strings('group_by', true)
  const durationReader = s.child('duration')
  const duration = durationReader === undefined ? undefined : readDuration(durationReader)
  const strategy = s.oneOf('missing_fields_strategy', ['suppress', 'doNotSuppress'] as const)
  if (group_by !== undefined && (group_by.length < 1 || group_by.length > 3)) {
    s.fail(
      'group_by',
      'ERR_RULE_FIELD_VALUE',
      `"alert_suppression.group_by" takes 1 to 3 fields, got ${group_by.length}`,
    )
  }

  if (group_by === undefined) return {}

  const missing_fields_strategy = strategy ?? RULE_DEFAULTS.missing_fields_strategy
  const alert_suppression =
    duration === undefined
      ? { group_by, missing_fields_strategy }
      : { group_by, duration, missing_fields_strategy }

  return { alert_suppression }
}

function readDuration(d: FieldReader): SuppressionDuration | undefined {
  const value = d.integer('value', true, 1)
  const unit = d.oneOf('unit', ['s', 'm', 'h'] as const, true)

  return value === undefined || unit === undefined ? undefined : { value, unit }
}

function reportUnknownFields(r: FieldReader): void {
  for (const key of Object.keys(r.raw)) {
    if (KNOWN_FIELDS.has(key)) continue

    r.warn(
      key,
      'ERR_RULE_UNKNOWN_FIELD',
      `unknown rule field "${formatPath([...r.path, key])}" is ignored`,
    )
  }
}
