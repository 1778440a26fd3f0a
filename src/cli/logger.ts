/** How much the CLI says on stderr. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug'

const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 }

/** Where the logger writes: stderr in the CLI, a buffer in tests. */
export interface LogTarget {
  write(text: string): unknown
}

/**
 * The CLI's one logger: human text on stderr, never on stdout (stdout carries results only).
 * `--quiet` keeps errors only; `--verbose` adds debug lines.
 */
export class Logger {
  readonly #target: LogTarget
  readonly #level: LogLevel

  constructor(target: LogTarget, level: LogLevel = 'info') {
    this.#target = target
    this.#level = level
  }

  /** Whether a line at `level` would be written. */
  isEnabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.#level]
  }

  error(text: string): void {
    this.#write('error', text)
  }

  warn(text: string): void {
    this.#write('warn', text)
  }

  info(text: string): void {
    this.#write('info', text)
  }

  debug(text: string): void {
    this.#write('debug', text)
  }

  #write(level: LogLevel, text: string): void {
    if (this.isEnabled(level)) this.#target.write(text.endsWith('\n') ? text : `${text}\n`)
  }
}

/** The level the `--quiet` / `--verbose` flags select. */
export function levelFor(isQuiet: boolean, isVerbose: boolean): LogLevel {
  if (isQuiet) return 'error'

  return isVerbose ? 'debug' : 'info'
}
