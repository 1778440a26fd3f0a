import { error, SourceText, spanOf } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { isRecord } from './predicates.ts'

/** One entry of an exception item, as Kibana exports it. */
export type ExceptionEntry =
  | {
      readonly type: 'match'
      readonly field: string
      readonly operator: Operator
      readonly value: string
    }
  | {
      readonly type: 'match_any'
      readonly field: string
      readonly operator: Operator
      readonly value: readonly string[]
    }
  | {
      readonly type: 'wildcard'
      readonly field: string
      readonly operator: Operator
      readonly value: string
    }
  | { readonly type: 'exists'; readonly field: string; readonly operator: Operator }
  | {
      readonly type: 'list'
      readonly field: string
      readonly operator: Operator
      readonly list: { readonly id: string; readonly type: string }
    }
  | { readonly type: 'nested'; readonly field: string; readonly entries: readonly ExceptionEntry[] }

/** `included` (is, is one of, …) or `excluded` (is not, is not one of, …). */
export type Operator = 'included' | 'excluded'

/** One exception item: entries ANDed, restricted to some OS types. */
export interface ExceptionItem {
  readonly item_id: string
  readonly list_id: string
  readonly name: string
  readonly namespace_type: string
  readonly os_types: readonly string[]
  readonly entries: readonly ExceptionEntry[]
  readonly expire_time?: string
}

/** An exception list container. */
export interface ExceptionListInfo {
  readonly id: string
  readonly list_id: string
  readonly name: string
  readonly type: string
  readonly namespace_type: string
}

/** What an exception-list export holds. */
export interface ExceptionLists {
  readonly lists: readonly ExceptionListInfo[]
  readonly items: readonly ExceptionItem[]
}

/**
 * Parses Kibana's exception-list export (NDJSON): list objects, item objects, and the export
 * summary line, which is skipped. A bad line is reported (ERR_DETECT_EXCEPTION_JSON,
 * ERR_DETECT_EXCEPTION_ITEM) and the other lines still load.
 */
export function parseExceptionExport(
  text: string,
  source: string,
): { readonly value: ExceptionLists; readonly diagnostics: readonly Diagnostic[] } {
  const sourceText = new SourceText(source, text)
  const lists: ExceptionListInfo[] = []
  const items: ExceptionItem[] = []
  const diagnostics: Diagnostic[] = []
  let offset = 0
  for (const line of text.split('\n')) {
    const start = offset
    offset += line.length + 1
    if (line.trim() === '') continue

    const report = (code: string, message: string): void => {
      const span = spanOf(sourceText.positionAt(start), sourceText.positionAt(start + line.length))
      diagnostics.push(error(code, message, span, source))
    }
    const parsed = parseJson(line)
    if (!isRecord(parsed)) {
      report('ERR_DETECT_EXCEPTION_JSON', 'the line is not a JSON object')
      continue
    }

    if ('exported_exception_list_count' in parsed || 'exported_count' in parsed) continue
    if (Array.isArray(parsed.entries)) {
      const item = toItem(parsed)
      if (typeof item === 'string') report('ERR_DETECT_EXCEPTION_ITEM', item)
      else items.push(item)
    } else if (typeof parsed.list_id === 'string') lists.push(toList(parsed))
    else report('ERR_DETECT_EXCEPTION_ITEM', 'the line is neither an exception list nor an item')
  }

  return { value: { lists, items }, diagnostics }
}

function toList(raw: Record<string, unknown>): ExceptionListInfo {
  return {
    id: stringOr(raw.id, ''),
    list_id: stringOr(raw.list_id, ''),
    name: stringOr(raw.name, ''),
    type: stringOr(raw.type, 'detection'),
    namespace_type: stringOr(raw.namespace_type, 'single'),
  }
}

function toItem(raw: Record<string, unknown>): ExceptionItem | string {
  if (typeof raw.list_id !== 'string') return 'the exception item has no list_id'

  const entries: ExceptionEntry[] = []
  for (const entry of raw.entries as unknown[]) {
    const parsed = toEntry(entry)
    if (typeof parsed === 'string') return parsed
    entries.push(parsed)
  }

  const item: ExceptionItem = {
    item_id: stringOr(raw.item_id, stringOr(raw.id, '')),
    list_id: raw.list_id,
    name: stringOr(raw.name, ''),
    namespace_type: stringOr(raw.namespace_type, 'single'),
    os_types: Array.isArray(raw.os_types) ? raw.os_types.filter((o) => typeof o === 'string') : [],
    entries,
  }

  return typeof raw.expire_time === 'string' ? { ...item, expire_time: raw.expire_time } : item
}

function toEntry(raw: unknown): ExceptionEntry | string {
  if (!isRecord(raw) || typeof raw.field !== 'string') return 'an exception entry has no field'

  const field = raw.field
  const operator: Operator = raw.operator === 'excluded' ? 'excluded' : 'included'
  switch (raw.type) {
    case 'match':
    case 'wildcard':
      return typeof raw.value === 'string'
        ? { type: raw.type, field, operator, value: raw.value }
        : `the ${raw.type} entry on "${field}" has no string value`
    case 'match_any':
      return Array.isArray(raw.value)
        ? { type: 'match_any', field, operator, value: raw.value.map(String) }
        : `the match_any entry on "${field}" has no list of values`
    case 'exists':
      return { type: 'exists', field, operator }
    case 'list':
      return isRecord(raw.list)
        ? {
            type: 'list',
            field,
            operator,
            list: { id: stringOr(raw.list.id, ''), type: stringOr(raw.list.type, '') },
          }
        : `the list entry on "${field}" names no value list`
    case 'nested':
      return nestedEntry(field, raw.entries)
    default:
      return `the entry type ${JSON.stringify(raw.type)} on "${field}" is unknown`
  }
}

function nestedEntry(field: string, raw: unknown): ExceptionEntry | string {
  if (!Array.isArray(raw)) return `the nested entry on "${field}" has no entries`

  const entries: ExceptionEntry[] = []
  for (const child of raw) {
    const parsed = toEntry(child)
    if (typeof parsed === 'string') return parsed
    entries.push(parsed)
  }

  return { type: 'nested', field, entries }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback
}

/** An empty set of lists. */
export const NO_EXCEPTIONS: ExceptionLists = { lists: [], items: [] }
