import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse as parseToml } from 'smol-toml'

/**
 * Loads Elasticsearch's EQL QA suites and their data from the shared corpus, applying the
 * harness conventions (docs/eql-semantics.md §A): FILETIME-derived `@timestamp` for endgame-140,
 * `event_type` as the category field, per-suite tiebreaker and id fields, `//` comments in data,
 * the bare-`null` TOML fix, and the cheap parts of the index mappings.
 */

/** The corpus folder for Elasticsearch's suites (may not exist). */
export const CORPUS_DIR = fileURLToPath(
  new URL('../../../../shared/corpus/eql/elastic-elasticsearch/', import.meta.url),
)

/** True when the shared corpus is present. */
export function hasCorpus(): boolean {
  return existsSync(`${CORPUS_DIR}resources/test_queries.toml`)
}

/** One `[[queries]]` entry. */
export interface SuiteCase {
  readonly name: string
  readonly query: string
  /** One list, or several acceptable lists. */
  readonly expected: readonly (readonly number[])[]
  readonly joinKeys: readonly string[] | null
  readonly size: number | null
  readonly maxSamplesPerKey: number | null
}

/** One event of a dataset and the index (data file) it belongs to. */
export interface DataEvent {
  readonly source: Readonly<Record<string, unknown>>
  readonly index: string
}

/** A dataset: events (in file order) and how the harness reads them. */
export interface Dataset {
  readonly name: string
  readonly events: readonly DataEvent[]
  readonly idField: string
  readonly tiebreakerField: string | null
}

/** A suite file with its dataset, or the reason it is skipped. */
export interface Suite {
  readonly file: string
  readonly dataset: string
  readonly skipReason: string | null
}

/** Every suite file of the corpus, in a stable order. */
export const SUITES: readonly Suite[] = [
  { file: 'test_queries.toml', dataset: 'endgame', skipReason: null },
  { file: 'additional_test_queries.toml', dataset: 'endgame', skipReason: null },
  { file: 'test_queries_date.toml', dataset: 'endgame', skipReason: null },
  {
    file: 'test_queries_date_nanos.toml',
    dataset: 'endgame-nanos',
    skipReason: 'needs the date_nanos index (data not in the corpus; ES-specific nanosecond dates)',
  },
  { file: 'test_extra.toml', dataset: 'extra', skipReason: null },
  { file: 'test_missing_events.toml', dataset: 'missing-events', skipReason: null },
  { file: 'test_sample.toml', dataset: 'sample', skipReason: null },
  { file: 'test_sample_multi.toml', dataset: 'sample-multi', skipReason: null },
]

const FILETIME_EPOCH_OFFSET_MS = 11644473600000n

/** Reads a suite's cases. */
export function loadCases(file: string): SuiteCase[] {
  const text = fixBareNulls(readFileSync(`${CORPUS_DIR}resources/${file}`, 'utf8'))
  const parsed = parseToml(text) as { queries?: Record<string, unknown>[] }

  return (parsed.queries ?? []).map(toCase)
}

// test_extra.toml writes `null` bare in join_keys, which TOML does not allow
function fixBareNulls(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('join_keys')
        ? line.replace(/(?<=[[ ,])null(?=[\],])/g, '"null"')
        : line,
    )
    .join('\n')
}

function toCase(entry: Record<string, unknown>): SuiteCase {
  const ids = entry['expected_event_ids']
  const list = Array.isArray(ids) ? ids : []
  const expected = list.some(Array.isArray)
    ? (list as unknown[][]).map((ids) => ids.map(Number))
    : [list.map(Number)]
  const joinKeys = entry['join_keys']

  return {
    name: String(entry['name']),
    query: String(entry['query']),
    expected,
    joinKeys: Array.isArray(joinKeys) ? joinKeys.map(String) : null,
    size: typeof entry['size'] === 'number' ? entry['size'] : null,
    maxSamplesPerKey:
      typeof entry['max_samples_per_key'] === 'number' ? entry['max_samples_per_key'] : null,
  }
}

/** Loads a dataset by name. */
export function loadDataset(name: string): Dataset {
  switch (name) {
    case 'endgame':
      return {
        name,
        events: loadEndgame().map((source) => ({ source, index: 'endgame-140' })),
        idField: 'serial_event_id',
        tiebreakerField: 'serial_event_id',
      }
    case 'extra':
      return dataFiles(name, ['extra'], 'sequence', 'sequence')
    case 'missing-events':
      return dataFiles(name, ['missing-events'], 'sequence', 'sequence')
    case 'sample':
      // samples have no order: hits come in index order, so no tiebreaker
      return dataFiles(name, ['sample1', 'sample2', 'sample3'], 'id', null)
    case 'sample-multi':
      return dataFiles(name, ['sample-multi'], 'id', null)
    default:
      throw new Error(`unknown dataset ${name}`)
  }
}

function dataFiles(
  name: string,
  files: readonly string[],
  idField: string,
  tiebreakerField: string | null,
): Dataset {
  const events = files.flatMap((file) => {
    const mapping = loadMapping(file)
    const raw = readJsonWithComments(`${CORPUS_DIR}resources/data/${file}.data`) as Record<
      string,
      unknown
    >[]

    return raw.map((event) => ({ source: applyMapping({ ...event }, mapping), index: file }))
  })

  return { name, events, idField, tiebreakerField }
}

// missing-events.data carries `//` line comments
function readJsonWithComments(path: string): unknown {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')

  return JSON.parse(text)
}

/** The endgame-140 events with `@timestamp` = FILETIME / 10000 − 11644473600000 (exact). */
function loadEndgame(): Record<string, unknown>[] {
  // FILETIME values exceed 2^53: quote them before JSON.parse to keep every digit
  const text = readFileSync(`${CORPUS_DIR}resources/test_data.json`, 'utf8').replace(
    /"timestamp":\s*(\d+)/g,
    '"timestamp": "$1"',
  )
  const events = JSON.parse(text) as Record<string, unknown>[]

  return events.map((event) => {
    const filetime = BigInt(String(event['timestamp']))
    const millis = filetime / 10000n - FILETIME_EPOCH_OFFSET_MS

    return { ...event, timestamp: Number(filetime), '@timestamp': Number(millis) }
  })
}

interface FieldMapping {
  readonly type?: string
  readonly format?: string
  readonly null_value?: unknown
}

function loadMapping(file: string): Map<string, FieldMapping> {
  const path = `${CORPUS_DIR}resources/data/${file}.mapping`
  const out = new Map<string, FieldMapping>()
  if (!existsSync(path)) return out

  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
  const root = JSON.parse(text) as { properties?: Record<string, unknown> }
  collectFields(root.properties ?? {}, '', out)

  return out
}

function collectFields(
  props: Record<string, unknown>,
  prefix: string,
  out: Map<string, FieldMapping>,
) {
  for (const [name, value] of Object.entries(props)) {
    const field = value as FieldMapping & { properties?: Record<string, unknown> }
    if (field.properties !== undefined) collectFields(field.properties, `${prefix}${name}.`, out)
    else out.set(`${prefix}${name}`, field)
  }
}

/**
 * The mapping features an index applies at write time that are cheap to reproduce on the raw
 * document: `null_value` (an explicit null indexes as that value) and `date` fields with a custom
 * or default format (doc values, hence join keys, are epoch milliseconds). `@timestamp` is left to
 * the engine's own timestamp parsing.
 */
function applyMapping(
  event: Record<string, unknown>,
  mapping: Map<string, FieldMapping>,
): Record<string, unknown> {
  for (const [field, spec] of mapping) {
    if (!(field in event) || field === '@timestamp') continue

    if (spec.null_value !== undefined && event[field] === null) event[field] = spec.null_value
    if (spec.type === 'date') event[field] = mapDates(event[field], spec.format)
  }

  return event
}

function mapDates(value: unknown, format: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => mapDates(item, format))
  if (typeof value !== 'string') return value

  const millis = parseFormattedDate(value, format)

  return Number.isNaN(millis) ? value : millis
}

function parseFormattedDate(value: string, format: string | undefined): number {
  if (format === 'dd-MM-yyyy') {
    const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value)

    return match === null
      ? Number.NaN
      : Date.UTC(Number(match[3]), Number(match[2]) - 1, Number(match[1]))
  }

  if (/^-?\d+$/.test(value)) return Number(value)

  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
}
