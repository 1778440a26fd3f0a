import { parse, TomlError } from 'smol-toml'
import { error, SourceText, warning } from '../syntax/index.ts'
import type { Diagnostic, Span } from '../syntax/index.ts'
import { buildRule } from './build-rule.ts'
import { FieldReader, isRawObject } from './field-reader.ts'
import type { FieldPath, RawObject, ReadContext } from './field-reader.ts'
import type { LoadResult } from './load-result.ts'
import type { Provenance, QueryOrigin, RuleMaturity } from './model.ts'
import { positionsOf as filePositionsOf } from './query-origin.ts'
import { TomlLocator } from './toml-locator.ts'
import type { TomlPath } from './toml-locator.ts'

const MATURITIES: readonly RuleMaturity[] = [
  'development',
  'experimental',
  'beta',
  'production',
  'deprecated',
]

/**
 * Loads one detection-rules TOML file (`[metadata]`, `[rule]`, `[[rule.threat]]`, ...). `[transform]`
 * is ignored: it only fills placeholders in the investigation guide. Never throws on bad input.
 */
export function loadTomlRule(path: string, text: string): LoadResult {
  const source = new SourceText(path, text)
  const document = parseToml(source)
  if (!document.ok) return { rules: [], diagnostics: [document.diagnostic] }

  const locator = new TomlLocator(source)
  const diagnostics: Diagnostic[] = []
  const context: ReadContext = {
    source: path,
    diagnostics,
    locate: (p) => locateField(locator, source, p),
  }
  const rule = document.value.rule
  if (!isRawObject(rule)) {
    const message = rule === undefined ? 'missing the [rule] table' : '"rule" must be a table'
    diagnostics.push(error('ERR_RULE_MISSING_FIELD', message, context.locate([]), path))

    return { rules: [], diagnostics }
  }

  reportUnknownTables(document.value, locator, source, diagnostics)
  const maturity = readMaturity(document.value.metadata, locator, source, context)
  const api = toApiShape(rule)
  const extras = tomlExtras(document.value)
  const provenance = makeProvenance({
    base: maturity === undefined ? { path, ...extras } : { path, maturity, ...extras },
    locator,
    source,
    keys: Object.keys(api),
    queryKeys: QUERY_KEYS.filter((key) => typeof rule[key] === 'string'),
  })
  const built = buildRule(new FieldReader(api, [], context), provenance)

  const isBroken = diagnostics.some((d) => d.severity === 'error')

  return { rules: built === undefined || isBroken ? [] : [built], diagnostics }
}

function parseToml(
  source: SourceText,
): { ok: true; value: RawObject } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, value: parse(source.text) }
  } catch (e) {
    if (!(e instanceof TomlError)) throw e

    const reason = (e.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '')
    const offset = offsetOf(source, e.line, e.column)

    return {
      ok: false,
      diagnostic: error(
        'ERR_RULE_TOML_SYNTAX',
        `invalid toml: ${reason}`,
        source.spanAt(offset, offset + 1),
        source.name,
      ),
    }
  }
}

function offsetOf(source: SourceText, line: number, column: number): number {
  let lineStart = 0
  for (let n = 1; n < line; n++) {
    const next = source.text.indexOf('\n', lineStart)
    if (next === -1) break
    lineStart = next + 1
  }

  return lineStart + column - 1
}

// detection-rules writes new terms as {field = "new_terms_fields", value, history_window_start = [{field, value}]};
// the api (and our model) has new_terms_fields and history_window_start at the top
function toApiShape(rule: RawObject): RawObject {
  const newTerms = rule.new_terms
  if (!isRawObject(newTerms)) return rule

  const rest = Object.fromEntries(Object.entries(rule).filter(([key]) => key !== 'new_terms'))
  const history = Array.isArray(newTerms.history_window_start)
    ? (newTerms.history_window_start[0] as unknown)
    : undefined
  const start = isRawObject(history) ? history.value : undefined

  return { ...rest, new_terms_fields: newTerms.value, history_window_start: start }
}

const API_TO_TOML: Readonly<Record<string, TomlPath>> = {
  new_terms_fields: ['rule', 'new_terms', 'value'],
  history_window_start: ['rule', 'new_terms', 'history_window_start', 0, 'value'],
}

function tomlPathOf(path: FieldPath): TomlPath {
  const [first, ...rest] = path
  const mapped = typeof first === 'string' ? API_TO_TOML[first] : undefined

  return mapped === undefined ? ['rule', ...path] : [...mapped, ...rest]
}

function locateField(locator: TomlLocator, source: SourceText, path: FieldPath): Span {
  const found = locator.nearest(tomlPathOf(path))
  const exact = locator.locate(tomlPathOf(path))
  const span = exact?.value ?? found?.key

  return span ?? source.spanAt(0, 0)
}

function readMaturity(
  metadata: unknown,
  locator: TomlLocator,
  source: SourceText,
  context: ReadContext,
): RuleMaturity | undefined {
  const metaContext = {
    ...context,
    locate: (p: FieldPath) => locator.nearest(['metadata', ...p])?.value ?? source.spanAt(0, 0),
  }
  if (!isRawObject(metadata)) return undefined

  return new FieldReader(metadata, [], metaContext).oneOf('maturity', MATURITIES)
}

function reportUnknownTables(
  document: RawObject,
  locator: TomlLocator,
  source: SourceText,
  diagnostics: Diagnostic[],
): void {
  for (const key of Object.keys(document)) {
    if (key === 'metadata' || key === 'rule' || key === 'transform') continue

    const span = locator.nearest([key])?.key ?? source.spanAt(0, 0)
    diagnostics.push(
      warning('ERR_RULE_UNKNOWN_FIELD', `unknown table "${key}" is ignored`, span, source.name),
    )
  }
}

// [transform] only feeds placeholders in the investigation guide (osquery, investigate buttons)
function tomlExtras(document: RawObject): Pick<Provenance, 'metadata' | 'ignored'> {
  const metadata = isRawObject(document.metadata) ? { metadata: document.metadata } : {}
  const ignored = Object.keys(document).filter((key) => key !== 'metadata' && key !== 'rule')

  return ignored.length === 0 ? metadata : { ...metadata, ignored }
}

interface ProvenanceInput {
  readonly base: Pick<Provenance, 'path' | 'maturity' | 'metadata' | 'ignored'>
  readonly locator: TomlLocator
  readonly source: SourceText
  /** The rule's top-level keys, whose value spans `positions` gives. */
  readonly keys: readonly string[]
  /** The query keys the rule holds as strings. */
  readonly queryKeys: readonly QueryKey[]
}

type QueryKey = 'query' | 'threat_query'

const QUERY_KEYS: readonly QueryKey[] = ['query', 'threat_query']

/**
 * The rule's provenance. Its spans and query origins need a scan of the whole file, which only a
 * diagnostic asks for, so they are worked out on first read (and then kept); they are own
 * enumerable properties, so a copy (spread, structured clone to a worker) still carries them.
 */
function makeProvenance(input: ProvenanceInput): Provenance {
  const { locator, source } = input
  const provenance = { ...input.base, format: 'toml' as const }
  lazyProperty(provenance, 'positions', () => positionsOf(locator, input.keys))
  for (const key of input.queryKeys) {
    const name = key === 'query' ? 'query' : 'threatQuery'
    lazyProperty(provenance, name, () => queryOrigin(locator, source, key))
  }

  return provenance as Provenance
}

function positionsOf(locator: TomlLocator, keys: readonly string[]): Map<string, Span> {
  const positions = new Map<string, Span>()
  for (const key of keys) {
    const found = locator.locate(tomlPathOf([key]))
    if (found !== undefined) positions.set(key, found.value)
  }

  return positions
}

function lazyProperty(target: object, key: string, compute: () => unknown): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute()
      Object.defineProperty(target, key, { value, enumerable: true })

      return value
    },
  })
}

function queryOrigin(
  locator: TomlLocator,
  source: SourceText,
  key: QueryKey,
): QueryOrigin | undefined {
  const content = locator.locate(['rule', key])?.string
  if (content === undefined) return undefined

  const start = source.positionAt(content.start)

  return content.offsets === undefined
    ? { start }
    : { start, positions: filePositionsOf(source, content.offsets) }
}
