import type { TextLocation } from './event-decoder.ts'

/** One top-level value cut out of a JSON text, or a structural fault between values. */
export type SplitPiece =
  | { readonly kind: 'value'; readonly text: string; readonly location: TextLocation }
  | { readonly kind: 'fault'; readonly message: string; readonly location: TextLocation }

/**
 * `array`: the elements of one top-level `[ ... ]`; `values`: a run of top-level values (NDJSON,
 * pretty-printed objects one after another).
 */
export type SplitMode = 'array' | 'values'

const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const NEWLINE = 0x0a

type Expect = 'open' | 'value' | 'separator' | 'done'

/**
 * Splits streamed JSON text into top-level values without parsing them: it tracks only nesting
 * depth and whether it is inside a string (escapes included), so brackets inside strings are
 * ignored. Each value is then parsed on its own, which keeps memory at one element.
 */
export class JsonValueSplitter {
  readonly #mode: SplitMode
  #expect: Expect
  #depth = 0
  #inString = false
  #isEscaped = false
  #partial = ''
  #isInValue = false
  #isScalar = false
  #valueStart: TextLocation = { line: 1, column: 1, offset: 0 }
  #line = 1
  #lineStart = 0
  #offset = 0

  constructor(mode: SplitMode) {
    this.#mode = mode
    this.#expect = mode === 'array' ? 'open' : 'value'
  }

  /** Feeds the next piece of text; returns the values (and faults) it completed. */
  push(text: string): SplitPiece[] {
    const out: SplitPiece[] = []
    let valueFrom = this.#isInValue ? 0 : -1
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      let isConsumed = false
      if (this.#isInValue) {
        isConsumed = true
        if (this.#isScalar && isDelimiter(code)) {
          this.#emit(text.slice(valueFrom, i), out)
          valueFrom = -1
          isConsumed = false
        } else if (this.#scanValueChar(code)) {
          this.#emit(text.slice(valueFrom, i + 1), out)
          valueFrom = -1
        }
      }

      if (!isConsumed && this.#between(code, text, i, out)) valueFrom = i
      if (code === NEWLINE) {
        this.#line++
        this.#lineStart = this.#offset + i + 1
      }
    }

    if (this.#isInValue && valueFrom !== -1) this.#partial += text.slice(valueFrom)
    this.#offset += text.length

    return out
  }

  /** Ends the text; reports an unterminated value or array. */
  end(): SplitPiece[] {
    const at = this.#here(0)
    if (this.#isInValue) {
      // an unterminated value is still handed on, so its parse error says where it stopped
      const text = this.#partial
      this.#partial = ''
      this.#isInValue = false
      const piece: SplitPiece = { kind: 'value', text, location: this.#valueStart }
      if (this.#mode === 'array' && !this.#isScalar) return [piece, unterminated(at)]

      return [piece]
    }

    if (this.#mode === 'array' && this.#expect !== 'done' && this.#expect !== 'open') {
      return [unterminated(at)]
    }

    if (this.#mode === 'array' && this.#expect === 'open' && this.#offset > 0) {
      return [{ kind: 'fault', message: "expected '[' to start a JSON array", location: at }]
    }

    return []
  }

  /** Handles a character outside any value; true when it starts one. */
  #between(code: number, text: string, i: number, out: SplitPiece[]): boolean {
    if (code === 0x20 || code === 0x09 || code === NEWLINE || code === 0x0d || code === 0xfeff) {
      return false
    }

    const expect = this.#expect
    if (expect === 'open') return this.#openArray(code, text, i, out)
    if (expect === 'separator') return this.#separator(code, text, i, out)
    if (expect === 'done') {
      this.#faultAt(`unexpected '${text[i] ?? ''}' after the end of the JSON array`, i, out)
      this.#expect = 'value'
      if (code === OPEN_BRACKET) return false

      return this.#startValue(code, i)
    }

    if (code === CLOSE_BRACKET && this.#mode === 'array') {
      this.#expect = 'done'

      return false
    }

    return this.#startValue(code, i)
  }

  #openArray(code: number, text: string, i: number, out: SplitPiece[]): boolean {
    if (code === OPEN_BRACKET) {
      this.#expect = 'value'

      return false
    }

    this.#faultAt(`expected '[' to start a JSON array but found '${text[i] ?? ''}'`, i, out)
    this.#expect = 'value'

    return this.#startValue(code, i)
  }

  #separator(code: number, text: string, i: number, out: SplitPiece[]): boolean {
    if (this.#mode === 'values') return this.#startValue(code, i)
    if (code === COMMA) {
      this.#expect = 'value'

      return false
    }

    if (code === CLOSE_BRACKET) {
      this.#expect = 'done'

      return false
    }

    this.#faultAt(`expected ',' or ']' between array elements but found '${text[i] ?? ''}'`, i, out)

    return this.#startValue(code, i)
  }

  #startValue(code: number, i: number): boolean {
    this.#isInValue = true
    this.#partial = ''
    this.#valueStart = this.#here(i)
    this.#depth = code === OPEN_BRACE || code === OPEN_BRACKET ? 1 : 0
    this.#inString = code === QUOTE
    this.#isScalar = this.#depth === 0 && !this.#inString
    this.#isEscaped = false

    return true
  }

  /** Advances inside a value; true when this character ends it. */
  #scanValueChar(code: number): boolean {
    if (this.#inString) {
      if (this.#isEscaped) this.#isEscaped = false
      else if (code === BACKSLASH) this.#isEscaped = true
      else if (code === QUOTE) {
        this.#inString = false

        return this.#depth === 0
      }

      return false
    }

    if (code === QUOTE) this.#inString = true
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.#depth++
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      this.#depth--

      return this.#depth <= 0
    }

    return false
  }

  #emit(tail: string, out: SplitPiece[]): void {
    const text = this.#partial + tail
    this.#partial = ''
    this.#isInValue = false
    this.#expect = 'separator'
    out.push({ kind: 'value', text, location: this.#valueStart })
  }

  #faultAt(message: string, i: number, out: SplitPiece[]): void {
    out.push({ kind: 'fault', message, location: this.#here(i) })
  }

  #here(i: number): TextLocation {
    const offset = this.#offset + i

    return { line: this.#line, column: offset - this.#lineStart + 1, offset }
  }
}

function isDelimiter(code: number): boolean {
  return (
    code === COMMA ||
    code === CLOSE_BRACKET ||
    code === CLOSE_BRACE ||
    code === 0x20 ||
    code === NEWLINE ||
    code === 0x0d ||
    code === 0x09
  )
}

function unterminated(location: TextLocation): SplitPiece {
  return { kind: 'fault', message: "unterminated JSON array, expected ']'", location }
}
