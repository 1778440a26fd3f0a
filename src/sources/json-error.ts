/** Where and why a JSON text is invalid. */
export interface JsonFault {
  /** 0-based offset into the text. */
  readonly offset: number
  /** One lowercase clause, quoting the text at fault. */
  readonly message: string
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])
const HEX4 = /[0-9a-fA-F]{4}/y

/** What the scanner does next: read a value, read what follows one, stop, or report a fault. */
type Step = 'value' | 'after' | 'done' | JsonFault

/**
 * Finds the first fault in a text `JSON.parse` rejected. V8 gives a position for only some errors,
 * so a small validating scan of our own locates every kind; it runs only on bad lines.
 */
export function findJsonFault(text: string): JsonFault {
  const scanner = new FaultScanner(text)

  return scanner.scanDocument() ?? { offset: 0, message: 'invalid JSON' }
}

class FaultScanner {
  readonly #text: string
  #at = 0

  constructor(text: string) {
    this.#text = text
  }

  scanDocument(): JsonFault | null {
    // an explicit stack of closers and a state loop keep deep nesting off the call stack
    const closers: string[] = []
    let next: Step = 'value'
    while (next !== 'done') {
      next = next === 'value' ? this.#value(closers) : this.#afterValue(closers)
      if (typeof next === 'object') return next
    }

    this.#skipSpace()

    return this.#at < this.#text.length
      ? this.#fault(`unexpected ${this.#quoteHere()} after the JSON value`)
      : null
  }

  #value(closers: string[]): Step {
    this.#skipSpace()
    const char = this.#text[this.#at]
    if (char === undefined) return this.#fault('unexpected end of input, expected a value')
    if (char === '{' || char === '[') return this.#open(closers, char === '{' ? '}' : ']')
    if (char === '"') return this.#string() ?? 'after'

    return this.#scalar() ?? 'after'
  }

  #open(closers: string[], closer: string): Step {
    this.#at++
    this.#skipSpace()
    if (this.#text[this.#at] === closer) {
      this.#at++

      return 'after'
    }

    closers.push(closer)

    return closer === '}' ? this.#memberName() : 'value'
  }

  #memberName(): Step {
    this.#skipSpace()
    if (this.#text[this.#at] !== '"') return this.#expected('a property name in double quotes')

    const fault = this.#string()
    if (fault !== null) return fault

    this.#skipSpace()
    if (this.#text[this.#at] !== ':') return this.#expected("':' after the property name")

    this.#at++

    return 'value'
  }

  #afterValue(closers: string[]): Step {
    if (closers.length === 0) return 'done'

    this.#skipSpace()
    const closer = closers[closers.length - 1]
    const char = this.#text[this.#at]
    if (char === closer) {
      closers.pop()
      this.#at++

      return 'after'
    }

    if (char !== ',') return this.#expected(`',' or '${closer ?? ''}'`)

    this.#at++

    return closer === '}' ? this.#memberName() : 'value'
  }

  #string(): JsonFault | null {
    const text = this.#text
    this.#at++
    while (this.#at < text.length) {
      const code = text.charCodeAt(this.#at)
      if (code === 0x22) {
        this.#at++

        return null
      }

      if (code < 0x20) return this.#fault('unescaped control character in a string')
      if (code === 0x5c) {
        const fault = this.#escape()
        if (fault !== null) return fault
      } else this.#at++
    }

    return this.#fault('unterminated string')
  }

  #escape(): JsonFault | null {
    const next = this.#text[this.#at + 1]
    if (next === 'u') {
      HEX4.lastIndex = this.#at + 2
      if (!HEX4.test(this.#text)) return this.#fault("bad unicode escape after '\\u'")

      this.#at += 6

      return null
    }

    if (next === undefined || !ESCAPES.has(next)) {
      return this.#fault(`bad escape '\\${next ?? ''}' in a string`)
    }

    this.#at += 2

    return null
  }

  #scalar(): JsonFault | null {
    for (const word of ['true', 'false', 'null']) {
      if (this.#text.startsWith(word, this.#at)) {
        this.#at += word.length

        return null
      }
    }

    NUMBER.lastIndex = this.#at
    if (NUMBER.test(this.#text)) {
      this.#at = NUMBER.lastIndex

      return null
    }

    return this.#fault(`unexpected ${this.#quoteHere()}, expected a value`)
  }

  #expected(what: string): JsonFault {
    return this.#at >= this.#text.length
      ? this.#fault(`unexpected end of input, expected ${what}`)
      : this.#fault(`unexpected ${this.#quoteHere()}, expected ${what}`)
  }

  #quoteHere(): string {
    const char = this.#text[this.#at]

    return char === undefined ? 'end of input' : `'${char}'`
  }

  #skipSpace(): void {
    while (WS.has(this.#text.charCodeAt(this.#at))) this.#at++
  }

  #fault(message: string): JsonFault {
    return { offset: this.#at, message }
  }
}
