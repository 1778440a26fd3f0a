import { stringOption, UsageError } from '../args.ts'
import type { OptionSpec, ParsedArgs } from '../args.ts'
import type { CliIo } from '../io.ts'

/** The exit codes of every command. */
export const EXIT = { ok: 0, input: 1, usage: 2 } as const

/** One CLI command: what runs it (its arguments after the command name) and its help text. */
export interface Command {
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>
  readonly help: string
}

/** Options every command takes. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'quiet', short: 'q', kind: 'boolean', description: 'print errors only on stderr' },
  { name: 'verbose', short: 'v', kind: 'boolean', description: 'print per-file details on stderr' },
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help' },
]

/** `--workers`: a whole number from 1 to 64, `fallback` when it is not given. */
export function workersOption(args: ParsedArgs, fallback = 1): number {
  const text = stringOption(args, 'workers')
  if (text === undefined) return fallback

  const count = Number(text)
  if (!/^\d+$/.test(text) || count < 1 || count > 64)
    throw new UsageError(`option --workers needs a whole number from 1 to 64, got "${text}"`)

  return count
}
