import { error, SourceText, warning } from '../syntax/index.ts'
import type { Diagnostic, Span } from '../syntax/index.ts'
import { buildRule } from './build-rule.ts'
import { FieldReader } from './field-reader.ts'
import type { FieldPath, ReadContext } from './field-reader.ts'
import type { LoadResult } from './load-result.ts'
import type { Provenance, QueryOrigin } from './model.ts'
import { lineStarts, linkText, parsePage } from './page-parse.ts'
import type { PageField, PageSection, ParsedPage } from './page-parse.ts'
import { readPageThreat } from './page-threat.ts'

type Fields = Record<string, unknown>
type Spans = Map<string, Span>

const TEXT_LABELS: Readonly<Record<string, string>> = {
  'Rule type': 'type',
  Severity: 'severity',
  'Rule license': 'license',
}
const NUMBER_LABELS: Readonly<Record<string, string>> = {
  'Risk score': 'risk_score',
  'Maximum alerts per execution': 'max_signals',
  Version: 'version',
}
const LIST_LABELS: Readonly<Record<string, string>> = {
  'Rule indices': 'index',
  References: 'references',
  Tags: 'tags',
  'Rule authors': 'author',
}
const IGNORED_LABELS = new Set([
  'Added (Elastic Stack release)',
  'Last modified (Elastic Stack release)',
])
const UNIT_WORDS: Readonly<Record<string, string>> = {
  second: 's',
  minute: 'm',
  hour: 'h',
  day: 'd',
}
const LANGUAGE_OF_TYPE: Readonly<Record<string, string>> = { eql: 'eql', esql: 'esql' }

/**
 * Loads one of Elastic's published prebuilt-rule reference pages (Markdown): title, description,
 * the `**Label**: value` block, the investigation guide and setup sections, the query block, and
 * the MITRE ATT&CK framework list. Pages do not show the rule_id, so the page anchor (or the title)
 * stands in for it.
 */
export function loadPageRule(path: string, text: string): LoadResult {
  const source = new SourceText(path, text)
  const page = parsePage(source)
  const diagnostics: Diagnostic[] = []
  if (page.title === undefined || page.fields.length === 0) {
    const message =
      page.title === undefined
        ? 'not a rule page: no "# title" line'
        : 'not a rule page: no "**Rule type**:" block'
    diagnostics.push(error('ERR_RULE_PAGE_NOT_A_RULE', message, source.spanAt(0, 0), path))

    return { rules: [], diagnostics }
  }

  const fields: Fields = {}
  const spans: Spans = new Map()
  const context: ReadContext = {
    source: path,
    diagnostics,
    locate: (p) => nearest(spans, p, page.title?.span ?? source.spanAt(0, 0)),
  }
  readHeader(page, fields, spans)
  for (const field of page.fields) readField(field, fields, spans, context)

  const query = readSections(page, source, fields, spans)
  const provenance = provenanceOf(path, fields, spans, query)
  const rule = buildRule(new FieldReader(fields, [], context), provenance)

  // an error anywhere on the page (the framework list, say) makes the rule unusable
  const isBroken = diagnostics.some((d) => d.severity === 'error')

  return { rules: rule === undefined || isBroken ? [] : [rule], diagnostics }
}

function readHeader(page: ParsedPage, fields: Fields, spans: Spans): void {
  const title = page.title
  if (title === undefined) return

  set(fields, spans, 'name', title.text, title.span)
  set(fields, spans, 'rule_id', title.anchor ?? slug(title.text), title.span)
  if (page.description !== '') set(fields, spans, 'description', page.description, title.span)
}

function readField(field: PageField, fields: Fields, spans: Spans, context: ReadContext): void {
  const { label, span } = field
  const textKey = TEXT_LABELS[label]
  const numberKey = NUMBER_LABELS[label]
  const listKey = LIST_LABELS[label]
  if (textKey !== undefined)
    set(
      fields,
      spans,
      textKey,
      textKey === 'severity' ? field.value.toLowerCase() : field.value,
      span,
    )
  else if (numberKey !== undefined) set(fields, spans, numberKey, toNumber(field.value), span)
  else if (listKey !== undefined) readList(field, listKey, fields, spans)
  else if (label === 'Runs every') set(fields, spans, 'interval', toInterval(field.value), span)
  else if (label === 'Searches indices from')
    set(fields, spans, 'from', field.value.split(/[\s(]/)[0] ?? '', span)
  else if (label === 'Framework') readPageThreat(field, fields, spans, context)
  else if (!IGNORED_LABELS.has(label)) {
    const message = `unknown rule page label "${label}" is ignored`
    context.diagnostics.push(warning('ERR_RULE_PAGE_UNKNOWN_LABEL', message, span, context.source))
  }
}

function readList(field: PageField, key: string, fields: Fields, spans: Spans): void {
  // "None" means the list is empty; older pages put a single author inline
  if (field.value === 'None') return

  const items = field.items.map((item) => linkText(item.text))
  const values = items.length === 0 && field.value !== '' ? [field.value] : items
  set(fields, spans, key, values, field.span)
  field.items.forEach((item, i) => spans.set(JSON.stringify([key, i]), item.span))
}

function readSections(
  page: ParsedPage,
  source: SourceText,
  fields: Fields,
  spans: Spans,
): QueryOrigin | undefined {
  let origin: QueryOrigin | undefined
  for (const section of page.sections) {
    const heading = section.heading.toLowerCase()
    const text = section.text.trim()
    // an empty guide section means the rule has no guide
    if (heading === 'investigation guide' && text !== '')
      set(fields, spans, 'note', text, section.span)
    else if (heading === 'setup') set(fields, spans, 'setup', text, section.span)
    else if (heading === 'rule query') origin = readQuery(section, source, fields, spans)
  }

  // pages never state the language; it follows from the type (custom query pages are kuery)
  const type = fields.type
  if (typeof type === 'string' && type !== 'machine_learning')
    fields.language = LANGUAGE_OF_TYPE[type] ?? 'kuery'

  return origin
}

function readQuery(
  section: PageSection,
  source: SourceText,
  fields: Fields,
  spans: Spans,
): QueryOrigin | undefined {
  const lines = section.text.split('\n')
  const open = lines.findIndex((l) => l.trimStart().startsWith('```'))
  if (open === -1) return undefined

  const close = lines.findIndex((l, i) => i > open && l.trimStart().startsWith('```'))
  const body = lines.slice(open + 1, close === -1 ? lines.length : close)
  const firstLine = section.startLine - 1 + open + 1
  const start = lineStarts(source.text)[firstLine] ?? source.text.length
  const query = body.join('\n')
  set(fields, spans, 'query', query, source.spanAt(start, start + query.length))

  return { start: source.positionAt(start) }
}

function provenanceOf(
  path: string,
  fields: Fields,
  spans: Spans,
  query: QueryOrigin | undefined,
): Provenance {
  const positions = new Map<string, Span>()
  for (const key of Object.keys(fields)) {
    const span = spans.get(JSON.stringify([key]))
    if (span !== undefined) positions.set(key, span)
  }

  const base = { path, format: 'markdown' as const, positions }

  return query === undefined ? base : { ...base, query }
}

function set(fields: Fields, spans: Spans, key: string, value: unknown, span: Span): void {
  fields[key] = value
  spans.set(JSON.stringify([key]), span)
}

function nearest(spans: Spans, path: FieldPath, fallback: Span): Span {
  for (let n = path.length; n > 0; n--) {
    const span = spans.get(JSON.stringify(path.slice(0, n)))
    if (span !== undefined) return span
  }

  return fallback
}

function toNumber(value: string): unknown {
  return /^\d+$/.test(value) ? Number(value) : value
}

// older pages spell the schedule out ("5 minutes")
function toInterval(value: string): string {
  const match = /^(\d+)\s*(second|minute|hour|day)s?$/.exec(value)

  return match === null ? value : `${match[1] ?? ''}${UNIT_WORDS[match[2] ?? ''] ?? ''}`
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}
