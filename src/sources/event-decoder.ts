import type { EcsEvent } from '../ecs/index.ts'
import { error } from '../syntax/index.ts'
import type { Diagnostic, Position } from '../syntax/index.ts'
import { findJsonFault } from './json-error.ts'
import type { InputEvent, InputItem, InputProblem } from './types.ts'

/** Where a JSON text starts in its file. */
export interface TextLocation {
  /** 1-based line of the first character. */
  readonly line: number
  /** 1-based column of the first character. */
  readonly column: number
  /** 0-based character offset of the first character in the file. */
  readonly offset: number
}

type JsonObject = Record<string, unknown>

interface PendingAction {
  readonly action: 'index' | 'create' | 'update'
  readonly index?: string
  readonly id?: string
  readonly location: TextLocation
}

const BULK_ACTIONS = new Set(['index', 'create', 'update', 'delete'])
const BULK_ACTION_LINE = /^\s*\{\s*"(?:index|create|update|delete)"\s*:/

/**
 * True when a raw line looks like a `_bulk` action line; such lines are never prefiltered away,
 * because the document line after them needs their `_index`/`_id`.
 */
export function isBulkActionLine(text: string): boolean {
  // most lines start `{"` and a key no action starts with: no need to run the pattern
  if (text.charCodeAt(0) === 0x7b && text.charCodeAt(1) === 0x22) {
    const initial = text.charCodeAt(2)
    if (initial !== 0x69 && initial !== 0x63 && initial !== 0x75 && initial !== 0x64) return false
  }

  return BULK_ACTION_LINE.test(text)
}

/**
 * Turns JSON texts (one NDJSON line or one JSON array element) into input items. Plain objects
 * are events; Elasticsearch search hits yield their `_source` with `_index`/`_id`; a search
 * response expands into its hits; a `_bulk` action line pairs with the document line after it.
 */
export class EventDecoder {
  readonly #file: string
  readonly #keepRaw: boolean
  #pending: PendingAction | null = null

  constructor(file: string, keepRaw: boolean) {
    this.#file = file
    this.#keepRaw = keepRaw
  }

  /** Decodes one text, pushing any resulting items onto `out`. */
  decode(text: string, location: TextLocation, out: InputItem[]): void {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      out.push(this.#malformed(text, location))

      return
    }

    if (!isObject(value)) {
      out.push(this.#notObject(text, location, value))

      return
    }

    const pending = this.#pending
    if (pending !== null) {
      this.#pending = null
      this.#completeAction(pending, value, text, location.line, out)

      return
    }

    this.#decodeObject(value, text, location, out)
  }

  /** Forgets a `_bulk` action whose document line was skipped. */
  discardPending(): void {
    this.#pending = null
  }

  /** Reports a `_bulk` action still waiting for its document at the end of the input. */
  finish(out: InputItem[]): void {
    const pending = this.#pending
    if (pending === null) return

    this.#pending = null
    const span = spanAt(pending.location, pending.location)
    out.push(
      problem(
        error(
          'ERR_INPUT_BULK',
          `bulk "${pending.action}" action has no document line after it`,
          span,
          this.#file,
        ),
      ),
    )
  }

  #decodeObject(value: JsonObject, text: string, location: TextLocation, out: InputItem[]): void {
    if (
      isObject(value._source) &&
      (typeof value._index === 'string' || typeof value._id === 'string')
    ) {
      out.push(this.#hit(value, value._source, text, location.line))

      return
    }

    if (isObject(value.hits) && !('@timestamp' in value)) {
      if (this.#expandResponse(value.hits, text, location.line, out)) return
    }

    // the regex rejects an ordinary event at its first key, far cheaper than listing its keys
    if (isBulkActionLine(text) && this.#startAction(value, location)) return

    out.push(this.#event(value, text, location.line, undefined, undefined))
  }

  #expandResponse(hits: JsonObject, text: string, line: number, out: InputItem[]): boolean {
    const lists: unknown[] = []
    if (Array.isArray(hits.hits)) lists.push(...(hits.hits as unknown[]))
    if (Array.isArray(hits.events)) lists.push(...(hits.events as unknown[]))
    if (Array.isArray(hits.sequences)) {
      for (const sequence of hits.sequences as unknown[]) {
        if (isObject(sequence) && Array.isArray(sequence.events)) {
          lists.push(...(sequence.events as unknown[]))
        }
      }
    }

    if (lists.length === 0 && !Array.isArray(hits.hits) && !Array.isArray(hits.events)) {
      if (!Array.isArray(hits.sequences)) return false
    }

    for (const hit of lists) {
      if (isObject(hit) && isObject(hit._source)) out.push(this.#hit(hit, hit._source, text, line))
    }

    return true
  }

  #startAction(value: JsonObject, location: TextLocation): boolean {
    const keys = Object.keys(value)
    const action = keys[0]
    if (keys.length !== 1 || action === undefined || !BULK_ACTIONS.has(action)) return false

    const meta = value[action]
    if (!isObject(meta)) return false
    if (action === 'delete') return true

    this.#pending = {
      action: action as PendingAction['action'],
      ...stringField('index', meta._index),
      ...stringField('id', meta._id),
      location,
    }

    return true
  }

  #completeAction(
    action: PendingAction,
    value: JsonObject,
    text: string,
    line: number,
    out: InputItem[],
  ): void {
    const document = action.action === 'update' ? value.doc : value
    if (!isObject(document)) {
      const span = spanAt(action.location, action.location)
      const message = 'bulk "update" action is followed by a line without a "doc" object'
      out.push(problem(error('ERR_INPUT_BULK', message, span, this.#file)))

      return
    }

    out.push(this.#event(document, text, line, action.index, action.id))
  }

  #hit(hit: JsonObject, source: JsonObject, text: string, line: number): InputEvent {
    const index = typeof hit._index === 'string' ? hit._index : undefined
    const id = typeof hit._id === 'string' ? hit._id : undefined

    return this.#event(source, text, line, index, id)
  }

  #event(
    source: EcsEvent,
    text: string,
    line: number,
    index: string | undefined,
    id: string | undefined,
  ): InputEvent {
    const event: { -readonly [K in keyof InputEvent]: InputEvent[K] } = {
      kind: 'event',
      source,
      file: this.#file,
      line,
    }
    if (this.#keepRaw) event.raw = text
    if (index !== undefined) event.index = index
    if (id !== undefined) event.id = id

    return event
  }

  #malformed(text: string, location: TextLocation): InputProblem {
    const fault = findJsonFault(text)
    const at = advance(location, text, fault.offset)
    const diagnostic = error('ERR_INPUT_JSON', fault.message, spanAt(at, at, 1), this.#file)

    const shown = lineOf(text, fault.offset)
    // a value that starts mid-line (a JSON array element) is padded so the caret lines up
    const isFirstLine = at.line === location.line

    return problem(diagnostic, isFirstLine ? ' '.repeat(location.column - 1) + shown : shown)
  }

  #notObject(text: string, location: TextLocation, value: unknown): InputProblem {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
    const message = `expected a JSON object per event but found ${kind}`
    const diagnostic = error(
      'ERR_INPUT_NOT_OBJECT',
      message,
      spanAt(location, location, 1),
      this.#file,
    )

    return problem(diagnostic, lineOf(text, 0))
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringField<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {}
}

function problem(diagnostic: Diagnostic, lineText?: string): InputProblem {
  return lineText === undefined
    ? { kind: 'problem', diagnostic }
    : { kind: 'problem', diagnostic, lineText }
}

/** The position `offset` characters into `text`, which starts at `start`. */
function advance(start: TextLocation, text: string, offset: number): TextLocation {
  const before = text.slice(0, offset)
  const lastBreak = before.lastIndexOf('\n')
  if (lastBreak === -1) {
    return { line: start.line, column: start.column + offset, offset: start.offset + offset }
  }

  let breaks = 0
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) breaks++

  return { line: start.line + breaks, column: offset - lastBreak, offset: start.offset + offset }
}

/** The line of `text` holding `offset`, without its line break. */
function lineOf(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1
  const end = text.indexOf('\n', offset)
  const line = text.slice(start, end === -1 ? text.length : end)

  return line.endsWith('\r') ? line.slice(0, -1) : line
}

function spanAt(start: TextLocation, end: TextLocation, width = 0) {
  const from: Position = { offset: start.offset, line: start.line, column: start.column }
  const to: Position = { offset: end.offset + width, line: end.line, column: end.column + width }

  return { start: from, end: to }
}
