import type { OptionSpec } from '../args.ts'

/** The exit codes of every command. */
export const EXIT = { ok: 0, input: 1, usage: 2 } as const

/** Options every command takes. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'quiet', short: 'q', kind: 'boolean', description: 'print errors only on stderr' },
  { name: 'verbose', short: 'v', kind: 'boolean', description: 'print per-file details on stderr' },
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help' },
]
