import type { Writable } from 'node:stream'

const MIN_INTERVAL_MS = 200

/** One self-overwriting progress line on stderr, only when stderr is a terminal. */
export class Progress {
  readonly #stream: Writable
  readonly #isEnabled: boolean
  #lastAt = 0
  #isShown = false

  constructor(stream: Writable, isEnabled: boolean) {
    this.#stream = stream
    this.#isEnabled = isEnabled
  }

  /** Shows `text`, at most five times a second. */
  show(text: string): void {
    const now = Date.now()
    if (!this.#isEnabled || now - this.#lastAt < MIN_INTERVAL_MS) return

    this.#lastAt = now
    this.#stream.write(`\r\u001b[2K${text}`)
    this.#isShown = true
  }

  /** Removes the line, before other text is written. */
  clear(): void {
    if (!this.#isShown) return

    this.#stream.write('\r\u001b[2K')
    this.#isShown = false
  }
}
