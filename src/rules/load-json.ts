import { error, SourceText } from '../syntax/index.ts'
import type { Diagnostic, Span } from '../syntax/index.ts'
import { buildRule } from './build-rule.ts'
import { FieldReader, isRawObject } from './field-reader.ts'
import type { FieldPath, RawObject, ReadContext } from './field-reader.ts'
import { jsonPathKey, jsonStringOffsets, parseJsonSpans } from './json-spans.ts'
import type { JsonRange } from './json-spans.ts'
import type { LoadResult } from './load-result.ts'
import { positionsOf, withQueryOrigins } from './query-origin.ts'
import type { Provenance, QueryOrigin, Rule, RuleFormat } from './model.ts'
import { fromSavedObject, isSavedObject } from './saved-object.ts'

/**
 * Loads a Kibana rule export (`.ndjson`): one rule per line. The export summary line
 * (`exported_count`), exception lists and their items, and action connectors are not rules and
 * are skipped. A bad line is reported at its line and the others still load.
 */
export function loadNdjsonRules(path: string, text: string): LoadResult {
  const source = new SourceText(path, text)
  const rules: Rule[] = []
  const diagnostics: Diagnostic[] = []
  let lineStart = 0
  for (let line = 1; lineStart < text.length; line++) {
    const next = text.indexOf('\n', lineStart)
    const lineEnd = next === -1 ? text.length : next
    if (text.slice(lineStart, lineEnd).trim() !== '') {
      const result = loadJsonValue(source, { start: lineStart, end: lineEnd }, 'ndjson', line)
      rules.push(...result.rules)
      diagnostics.push(...result.diagnostics)
    }

    lineStart = lineEnd + 1
  }

  return { rules, diagnostics }
}

/**
 * Loads a `.json` file: one rule as the detection engine API returns it (snake_case), or an array
 * of such rules.
 */
export function loadJsonRules(path: string, text: string): LoadResult {
  return loadJsonValue(
    new SourceText(path, text),
    { start: 0, end: text.length },
    'json',
    undefined,
  )
}

function loadJsonValue(
  source: SourceText,
  range: JsonRange,
  format: RuleFormat,
  line: number | undefined,
): LoadResult {
  const parsed = parseJsonSpans(source.text, range.start, range.end)
  if (!parsed.ok) {
    const span = source.spanAt(parsed.offset, parsed.offset + 1)

    return {
      rules: [],
      diagnostics: [
        error('ERR_RULE_JSON_SYNTAX', `invalid json: ${parsed.message}`, span, source.name),
      ],
    }
  }

  const locate = (path: FieldPath): Span => nearestSpan(source, parsed.spans, path, range)
  const items =
    Array.isArray(parsed.value) && format === 'json'
      ? parsed.value.map((v, i) => [v, [i]] as const)
      : [[parsed.value, []] as const]
  const rules: Rule[] = []
  const diagnostics: Diagnostic[] = []
  for (const [value, prefix] of items) {
    const built = loadItem(value, {
      source,
      prefix,
      format,
      line,
      locate,
      spans: parsed.spans,
      diagnostics,
    })
    if (built !== undefined) rules.push(built)
  }

  return { rules, diagnostics }
}

interface ItemContext {
  readonly source: SourceText
  readonly prefix: FieldPath
  readonly format: RuleFormat
  readonly line: number | undefined
  readonly locate: (path: FieldPath) => Span
  readonly spans: ReadonlyMap<string, JsonRange>
  readonly diagnostics: Diagnostic[]
}

function loadItem(value: unknown, item: ItemContext): Rule | undefined {
  if (!isRawObject(value)) {
    const message = 'expected a rule object'
    item.diagnostics.push(
      error('ERR_RULE_FIELD_TYPE', message, item.locate(item.prefix), item.source.name),
    )

    return undefined
  }

  if (isNotARule(value)) return undefined

  const saved = isSavedObject(value) ? fromSavedObject(value) : undefined
  const raw = saved?.rule ?? value
  const mapPath = saved?.mapPath ?? ((p: FieldPath) => p)
  const context: ReadContext = {
    source: item.source.name,
    diagnostics: item.diagnostics,
    locate: (p) => item.locate([...item.prefix, ...mapPath(p)]),
  }

  return buildRule(new FieldReader(raw, [], context), provenanceOf(raw, item, mapPath))
}

// export files interleave rules with the summary, exception lists/items and connectors
function isNotARule(value: RawObject): boolean {
  if ('exported_count' in value || 'exported_rules_count' in value) return true
  if (('list_id' in value || 'item_id' in value) && !('rule_id' in value)) return true

  return value.type === 'action' && isRawObject(value.attributes)
}

function provenanceOf(
  raw: RawObject,
  item: ItemContext,
  mapPath: (p: FieldPath) => FieldPath,
): Provenance {
  const positions = new Map<string, Span>()
  for (const key of Object.keys(raw))
    positions.set(key, item.locate([...item.prefix, ...mapPath([key])]))

  const base = { path: item.source.name, format: item.format, positions }
  const withLine = item.line === undefined ? base : { ...base, line: item.line }

  return withQueryOrigins(withLine, (key) => queryOrigin(item, mapPath, key))
}

function queryOrigin(
  item: ItemContext,
  mapPath: (p: FieldPath) => FieldPath,
  key: string,
): QueryOrigin | undefined {
  const range = item.spans.get(jsonPathKey([...item.prefix, ...mapPath([key])]))
  if (range === undefined || item.source.text[range.start] !== '"') return undefined

  const start = item.source.positionAt(range.start + 1)
  const offsets = jsonStringOffsets(item.source.text, range)

  return offsets === undefined ? { start } : { start, positions: positionsOf(item.source, offsets) }
}

function nearestSpan(
  source: SourceText,
  spans: ReadonlyMap<string, JsonRange>,
  path: FieldPath,
  whole: JsonRange,
): Span {
  for (let n = path.length; n >= 0; n--) {
    const range = spans.get(jsonPathKey(path.slice(0, n)))
    // a missing field points at the opening brace of its object, not the whole object
    if (range !== undefined)
      return n === path.length
        ? source.spanAt(range.start, range.end)
        : source.spanAt(range.start, range.start + 1)
  }

  return source.spanAt(whole.start, whole.start + 1)
}
