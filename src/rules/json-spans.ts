/** The outcome of {@link parseJsonSpans}: the value and each value's offsets, or where it broke. */
export type JsonParse =
  | { readonly ok: true; readonly value: unknown; readonly spans: ReadonlyMap<string, JsonRange> }
  | { readonly ok: false; readonly offset: number; readonly message: string }

/** Start and end (exclusive) offsets of a value in the text. */
export interface JsonRange {
  readonly start: number
  readonly end: number
}

/** The map key for a path: the same encoding `parseJsonSpans` uses. */
export function jsonPathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path)
}

const MAX_DEPTH = 256

class JsonSyntaxError extends Error {
  readonly offset: number

  constructor(message: string, offset: number) {
    super(message)
    this.offset = offset
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

/**
 * Parses JSON between `start` and `end` of `text`, recording the offsets of every value by path,
 * so a diagnostic can point at `risk_score` in line 3 of an export. Reports the first syntax error
 * with its offset instead of throwing.
 */
export function parseJsonSpans(text: string, start = 0, end = text.length): JsonParse {
  const parser = new Parser(text, start, end)
  try {
    const value = parser.document()

    return { ok: true, value, spans: parser.spans }
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, offset: e.offset, message: e.message }
    throw e
  }
}

class Parser {
  readonly spans = new Map<string, JsonRange>()
  readonly #text: string
  readonly #end: number
  #i: number

  constructor(text: string, start: number, end: number) {
    this.#text = text
    this.#i = start
    this.#end = end
  }

  document(): unknown {
    const value = this.#value([])
    this.#blank()
    if (this.#i < this.#end) this.#fail(`unexpected "${this.#peek()}" after the json value`)

    return value
  }

  #value(path: (string | number)[]): unknown {
    this.#blank()
    // a bound on nesting keeps hostile input from overflowing the stack
    if (path.length > MAX_DEPTH) this.#fail(`json nested deeper than ${MAX_DEPTH} levels`)
    const start = this.#i
    const value = this.#any(path)
    this.spans.set(jsonPathKey(path), { start, end: this.#i })

    return value
  }

  #any(path: (string | number)[]): unknown {
    const c = this.#peek()
    if (c === '{') return this.#object(path)
    if (c === '[') return this.#array(path)
    if (c === '"') return this.#string()

    return this.#literal()
  }

  #object(path: (string | number)[]): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    this.#i++
    this.#blank()
    if (this.#peek() === '}') return this.#close(out)

    for (;;) {
      this.#blank()
      if (this.#peek() !== '"')
        this.#fail(
          this.#i >= this.#end
            ? 'unexpected end of json, expected a quoted key'
            : `expected a quoted key, got "${this.#peek()}"`,
        )

      const key = this.#string()
      this.#blank()
      this.#expect(':')
      out[key] = this.#value([...path, key])
      this.#blank()
      if (this.#peek() === '}') return this.#close(out)
      this.#expect(',')
    }
  }

  #array(path: (string | number)[]): unknown[] {
    const out: unknown[] = []
    this.#i++
    this.#blank()
    if (this.#peek() === ']') return this.#close(out)

    for (;;) {
      out.push(this.#value([...path, out.length]))
      this.#blank()
      if (this.#peek() === ']') return this.#close(out)
      this.#expect(',')
    }
  }

  #close<T>(value: T): T {
    this.#i++

    return value
  }

  #string(): string {
    let out = ''
    this.#i++
    for (;;) {
      if (this.#i >= this.#end) this.#fail('unterminated string')
      const c = this.#text[this.#i] ?? ''
      if (c === '"') return this.#close(out)
      if (c < ' ') this.#fail('control character in string')
      if (c === '\\') out += this.#escape()
      else {
        out += c
        this.#i++
      }
    }
  }

  #escape(): string {
    const c = this.#text[this.#i + 1] ?? ''
    if (c === 'u') {
      const hex = this.#text.slice(this.#i + 2, this.#i + 6)
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.#fail(`bad unicode escape "\\u${hex}"`)
      this.#i += 6

      return String.fromCharCode(parseInt(hex, 16))
    }

    const mapped = ESCAPES[c]
    if (mapped === undefined) this.#fail(`bad escape "\\${c}"`)
    this.#i += 2

    return mapped ?? ''
  }

  #literal(): unknown {
    const rest = this.#text.slice(this.#i, Math.min(this.#end, this.#i + 400))
    const word = /^(true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(rest)?.[0]
    if (word === undefined)
      this.#fail(this.#i >= this.#end ? 'unexpected end of json' : `unexpected "${this.#peek()}"`)

    this.#i += word?.length ?? 0

    return word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word)
  }

  #expect(c: string): void {
    if (this.#peek() !== c)
      this.#fail(
        this.#i >= this.#end
          ? `expected "${c}", got the end of json`
          : `expected "${c}", got "${this.#peek()}"`,
      )

    this.#i++
  }

  #peek(): string {
    return this.#i < this.#end ? (this.#text[this.#i] ?? '') : ''
  }

  #blank(): void {
    while (this.#i < this.#end && /[ \t\r\n]/.test(this.#text[this.#i] ?? '')) this.#i++
  }

  #fail(message: string): never {
    throw new JsonSyntaxError(message, this.#i)
  }
}

/**
 * The file offset of each decoded character of the JSON string at `range` (quotes included in the
 * range), or undefined when the string has no escapes and characters line up one to one.
 */
export function jsonStringOffsets(text: string, range: JsonRange): number[] | undefined {
  const raw = text.slice(range.start + 1, range.end - 1)
  if (!raw.includes('\\')) return undefined

  const offsets: number[] = []
  for (let i = range.start + 1; i < range.end - 1;) {
    offsets.push(i)
    i += text[i] !== '\\' ? 1 : text[i + 1] === 'u' ? 6 : 2
  }

  return offsets
}
