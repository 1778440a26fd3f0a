import type { InputProblem } from '../../sources/index.ts'
import type { CliIo } from '../io.ts'
import type { Logger } from '../logger.ts'
import { Progress } from '../progress.ts'
import { renderInputProblem } from '../render-problem.ts'

/** Input problems printed in full; the rest are only counted. */
const MAX_PRINTED_PROBLEMS = 20

/** The progress line and the input problems on stderr, while the hunt reads. */
export class Reporter {
  readonly #log: Logger
  readonly #io: CliIo
  readonly #progress: Progress
  readonly #started = performance.now()
  #problems = 0

  constructor(log: Logger, io: CliIo) {
    this.#log = log
    this.#io = io
    this.#progress = new Progress(io.stderr, io.isStderrTty && log.isEnabled('info'))
  }

  get stdin(): NodeJS.ReadableStream {
    return this.#io.stdin
  }

  get seconds(): number {
    return (performance.now() - this.#started) / 1000
  }

  problem(problem: InputProblem): void {
    this.#progress.clear()
    if (++this.#problems <= MAX_PRINTED_PROBLEMS) this.#log.warn(renderInputProblem(problem))
  }

  progress(files: number | null, events: number, matches: number): void {
    const rate = Math.round(events / Math.max(this.seconds, 0.001))
    const head = files === null ? '' : `${String(files)} files, `
    this.#progress.show(
      `${head}${String(events)} events, ${String(rate)} events/s, ~${String(matches)} alerts`,
    )
  }

  finish(): void {
    this.#progress.clear()
    const hidden = this.#problems - MAX_PRINTED_PROBLEMS
    if (hidden > 0)
      this.#log.warn(`${String(this.#problems)} input problems, ${String(hidden)} not shown`)
  }
}
