import type { SourceText, Span } from '../syntax/index.ts'
import { decodeBasic, escapeOffsets } from './toml-strings.ts'

/** A path into a TOML document: table and key names, and array indices. */
export type TomlPath = readonly (string | number)[]

/** A string value's content: where it starts, and per-character offsets when escapes moved them. */
export interface TomlStringContent {
  readonly start: number
  readonly offsets?: readonly number[]
}

/** Where one key (or table header, or array element) and its value sit in the TOML text. */
export interface TomlLocation {
  readonly key: Span
  readonly value: Span
  readonly string?: TomlStringContent
}

/**
 * Finds the line and column of keys and values in TOML text that already parsed. It scans headers
 * (`[a.b]`, `[[a.b]]` with per-parent indices), `key = value` pairs (dotted and quoted keys),
 * inline arrays and tables, and all four string forms, so `locate(['rule', 'threat', 1, 'tactic',
 * 'id'])` gives the span of that id. It never throws on malformed text; it stops at what it cannot
 * read.
 */
export class TomlLocator {
  readonly #source: SourceText
  #entries: Map<string, RawLocation> | undefined

  constructor(source: SourceText) {
    this.#source = source
  }

  /** The location of exactly this path. */
  locate(path: TomlPath): TomlLocation | undefined {
    const raw = this.#scanned().get(keyOf(path))

    return raw === undefined ? undefined : this.#toLocation(raw)
  }

  /** The location of the path, or of its closest ancestor that has one. */
  nearest(path: TomlPath): TomlLocation | undefined {
    for (let n = path.length; n > 0; n--) {
      const found = this.locate(path.slice(0, n))
      if (found !== undefined) return found
    }

    return undefined
  }

  // the text is scanned on the first question: a file that loads cleanly is usually never asked
  #scanned(): Map<string, RawLocation> {
    if (this.#entries === undefined) {
      this.#entries = new Map()
      new Scanner(this.#source.text, this.#entries).scanDocument()
    }

    return this.#entries
  }

  // spans are built on demand: a rule file has thousands of values and most are never asked for
  #toLocation(raw: RawLocation): TomlLocation {
    const value = this.#source.spanAt(raw.valueStart, raw.valueEnd)
    const key =
      raw.keyStart === undefined
        ? value
        : this.#source.spanAt(raw.keyStart, raw.keyEnd ?? raw.keyStart)

    if (raw.string === undefined) return { key, value }

    const { start, end, isBasic, isMulti } = raw.string
    const offsets = isBasic ? escapeOffsets(this.#source.text, start, end, isMulti) : undefined

    return { key, value, string: offsets === undefined ? { start } : { start, offsets } }
  }
}

interface RawLocation {
  readonly keyStart: number | undefined
  readonly keyEnd: number | undefined
  readonly valueStart: number
  readonly valueEnd: number
  readonly string: RawString | undefined
}

// where a string's content lies; escape offsets are only worked out when someone asks
interface RawString {
  readonly start: number
  readonly end: number
  readonly isBasic: boolean
  readonly isMulti: boolean
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9
}

// numbers get a marker so the array index 0 and a quoted key "0" stay apart
function keyOf(path: TomlPath): string {
  let key = ''
  for (const part of path) key += typeof part === 'number' ? `\u0000#${part}` : `\u0000${part}`

  return key
}

const SCALAR_END = /[,\]}\r\n#]/g
const BARE_RUN = /[A-Za-z0-9_-]*/y
const BASIC_STOP = /["\\\n]/g

class Scanner {
  readonly #text: string
  readonly #entries: Map<string, RawLocation>
  readonly #arrayCounts = new Map<string, number>()
  #i = 0

  constructor(text: string, entries: Map<string, RawLocation>) {
    this.#text = text
    this.#entries = entries
  }

  scanDocument(): void {
    let table: TomlPath = []
    for (;;) {
      this.#skipBlank(true)
      if (this.#i >= this.#text.length) return

      const before = this.#i
      if (this.#text[this.#i] === '[') table = this.#header() ?? table
      else this.#keyValue(table)

      if (this.#i === before) return
    }
  }

  #header(): TomlPath | undefined {
    const start = this.#i
    const isArray = this.#text.startsWith('[[', start)
    this.#i += isArray ? 2 : 1
    const keys = this.#key()
    this.#skipBlank(false)
    this.#i += isArray ? 2 : 1
    if (keys.length === 0) return undefined

    const path = this.#resolve(keys, isArray)
    const location: RawLocation = {
      keyStart: undefined,
      keyEnd: undefined,
      valueStart: start,
      valueEnd: this.#i,
      string: undefined,
    }
    this.#entries.set(keyOf(path), location)

    return path
  }

  // array-of-tables segments resolve to their latest element, as TOML defines for headers
  #resolve(keys: readonly string[], isArray: boolean): TomlPath {
    const path: (string | number)[] = []
    keys.forEach((key, index) => {
      path.push(key)
      const count = this.#arrayCounts.get(keyOf(path))
      const isLast = index === keys.length - 1
      if (isLast && isArray) {
        this.#arrayCounts.set(keyOf(path), (count ?? 0) + 1)
        path.push(count ?? 0)
      } else if (!isLast && count !== undefined) path.push(count - 1)
    })

    return path
  }

  #keyValue(table: TomlPath): void {
    const keyStart = this.#i
    const keys = this.#key()
    const keyEnd = this.#i
    this.#skipBlank(false)
    if (keys.length === 0 || this.#text[this.#i] !== '=') {
      this.#skipLine()

      return
    }

    this.#i++
    this.#skipBlank(false)
    const path = [...table, ...keys]
    this.#value(path, keyStart, keyEnd)
  }

  #value(path: TomlPath, keyStart?: number, keyEnd?: number): void {
    const valueStart = this.#i
    const string = this.#stringAhead() ? this.#string() : undefined
    if (string === undefined) this.#nonString(path)

    // one object shape for every entry keeps the map monomorphic
    const location: RawLocation = { keyStart, keyEnd, valueStart, valueEnd: this.#i, string }
    this.#entries.set(keyOf(path), location)
  }

  #nonString(path: TomlPath): void {
    const c = this.#text[this.#i]
    if (c === '[') this.#array(path)
    else if (c === '{') this.#inlineTable(path)
    else {
      SCALAR_END.lastIndex = this.#i
      const stop = SCALAR_END.exec(this.#text)?.index ?? this.#text.length
      this.#i = stop
      while (this.#i > 0 && isSpaceOrTab(this.#text.charCodeAt(this.#i - 1))) this.#i--
    }
  }

  #array(path: TomlPath): void {
    this.#i++
    for (let index = 0; ; index++) {
      this.#skipBlank(true)
      if (this.#i >= this.#text.length || this.#text[this.#i] === ']') break

      const before = this.#i
      this.#value([...path, index])
      this.#skipBlank(true)
      if (this.#text[this.#i] === ',') this.#i++
      else if (this.#i === before) break
    }

    this.#i++
  }

  #inlineTable(path: TomlPath): void {
    this.#i++
    for (;;) {
      this.#skipBlank(true)
      if (this.#i >= this.#text.length || this.#text[this.#i] === '}') break

      const before = this.#i
      this.#keyValue(path)
      this.#skipBlank(true)
      if (this.#text[this.#i] === ',') this.#i++
      else if (this.#i === before) break
    }

    this.#i++
  }

  #key(): string[] {
    const keys: string[] = []
    for (;;) {
      this.#skipBlank(false)
      const part = this.#stringAhead() ? this.#keyString() : this.#bareKey()
      if (part === undefined) return keys

      keys.push(part)
      this.#skipBlank(false)
      if (this.#text[this.#i] !== '.') return keys
      this.#i++
    }
  }

  #keyString(): string {
    const start = this.#i
    const content = this.#string()
    const quote = this.#text[start] ?? ''
    const raw = this.#text.slice(content.start, this.#i - 1)

    return quote === "'" ? raw : decodeBasic(raw)
  }

  #bareKey(): string | undefined {
    const start = this.#i
    BARE_RUN.lastIndex = start
    this.#i += BARE_RUN.exec(this.#text)?.[0].length ?? 0

    return this.#i > start ? this.#text.slice(start, this.#i) : undefined
  }

  #stringAhead(): boolean {
    const c = this.#text[this.#i]

    return c === '"' || c === "'"
  }

  #string(): RawString {
    const quote = this.#text[this.#i] ?? '"'
    const isMulti = this.#text.startsWith(quote.repeat(3), this.#i)
    this.#i += isMulti ? 3 : 1
    // toml trims one newline right after an opening triple quote
    if (isMulti && this.#text.startsWith('\r\n', this.#i)) this.#i += 2
    else if (isMulti && this.#text[this.#i] === '\n') this.#i++

    const start = this.#i
    const end = this.#closingQuote(quote, isMulti)
    this.#i = Math.min(this.#text.length, end + (isMulti ? 3 : 1))

    return { start, end, isBasic: quote === '"', isMulti }
  }

  #closingQuote(quote: string, isMulti: boolean): number {
    const closer = isMulti ? quote.repeat(3) : quote
    if (quote === "'") return this.#closingLiteral(closer, isMulti)

    // jump between the only characters that matter: quotes, backslashes and line breaks
    const text = this.#text
    BASIC_STOP.lastIndex = this.#i
    for (let m = BASIC_STOP.exec(text); m !== null; m = BASIC_STOP.exec(text)) {
      const i = m.index
      if (text[i] === '\\') BASIC_STOP.lastIndex = i + 2
      else if (text[i] === '\n') {
        if (!isMulti) return i
      } else if (text.startsWith(closer, i)) {
        // up to two quotes may sit right before the closing triple
        let end = i
        while (isMulti && text[end + 3] === '"' && end < i + 2) end++

        return end
      }
    }

    return text.length
  }

  // literal strings have no escapes, so the closer is simply the next occurrence
  #closingLiteral(closer: string, isMulti: boolean): number {
    const found = this.#text.indexOf(closer, this.#i)
    const newline = isMulti ? -1 : this.#text.indexOf('\n', this.#i)
    if (found === -1) return newline === -1 ? this.#text.length : newline
    if (newline !== -1 && newline < found) return newline

    let end = found
    while (isMulti && this.#text[end + 3] === "'" && end < found + 2) end++

    return end
  }

  #skipBlank(newlines: boolean): void {
    for (;;) {
      const c = this.#text.charCodeAt(this.#i)
      if (isSpaceOrTab(c) || (newlines && (c === 10 || c === 13))) this.#i++
      else if (c === 35 && newlines) this.#skipLine()
      else return
    }
  }

  #skipLine(): void {
    const next = this.#text.indexOf('\n', this.#i)
    this.#i = next === -1 ? this.#text.length : next + 1
  }
}
