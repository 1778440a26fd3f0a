/** One option a command takes. */
export interface OptionSpec {
  /** The long name without dashes: `timestamp-field`. */
  readonly name: string
  readonly kind: 'string' | 'number' | 'boolean'
  /** A one-letter alias: `-q`. */
  readonly short?: string
  /** The placeholder shown in help: `<field>`. */
  readonly value?: string
  readonly description: string
  /** Allowed values of a string option. */
  readonly choices?: readonly string[]
}

/** Parsed options by long name, plus the positional arguments in order. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string | number | boolean>
  readonly positionals: readonly string[]
  /** Whether a `--` was seen (everything after it is positional). */
  readonly hasSeparator: boolean
}

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/**
 * Parses arguments the usual way: `--name value`, `--name=value`, `-q`, `--` to end options.
 * An option that is not in `specs` is an error, so typos never pass silently.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options = new Map<string, string | number | boolean>()
  const positionals: string[] = []
  let hasSeparator = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (hasSeparator || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg)
      continue
    }

    if (arg === '--') {
      hasSeparator = true
      continue
    }

    const { spec, inline } = findSpec(arg, specs)
    if (spec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`)
      options.set(spec.name, true)
      continue
    }

    const raw = inline ?? argv[++i]
    if (raw === undefined)
      throw new UsageError(`option --${spec.name} needs a value ${spec.value ?? ''}`.trimEnd())
    options.set(spec.name, convert(spec, raw))
  }

  return { options, positionals, hasSeparator }
}

function findSpec(
  arg: string,
  specs: readonly OptionSpec[],
): { spec: OptionSpec; inline?: string } {
  const isLong = arg.startsWith('--')
  const body = arg.slice(isLong ? 2 : 1)
  const equals = body.indexOf('=')
  const key = equals === -1 ? body : body.slice(0, equals)
  const spec = specs.find((s) => (isLong ? s.name === key : s.short === key))
  if (spec === undefined) throw new UsageError(`unknown option ${isLong ? '--' : '-'}${key}`)

  return equals === -1 ? { spec } : { spec, inline: body.slice(equals + 1) }
}

function convert(spec: OptionSpec, raw: string): string | number {
  if (spec.kind === 'number') {
    const value = Number(raw)
    if (!Number.isInteger(value) || value < 0) {
      throw new UsageError(`option --${spec.name} needs a whole number, got "${raw}"`)
    }

    return value
  }

  if (spec.choices !== undefined && !spec.choices.includes(raw)) {
    throw new UsageError(
      `option --${spec.name} must be one of ${spec.choices.join(', ')}, got "${raw}"`,
    )
  }

  return raw
}

/** Reads a string option. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name)

  return typeof value === 'string' ? value : undefined
}

/** Reads a number option. */
export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const value = args.options.get(name)

  return typeof value === 'number' ? value : undefined
}

/** Reads a boolean option. */
export function isFlagSet(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true
}

/** The options block of a help text. */
export function describeOptions(specs: readonly OptionSpec[]): string {
  const labels = specs.map((s) => {
    const short = s.short === undefined ? '    ' : `-${s.short}, `
    const value = s.kind === 'boolean' ? '' : ` ${s.value ?? '<value>'}`

    return `  ${short}--${s.name}${value}`
  })
  const width = Math.max(...labels.map((l) => l.length)) + 2

  return specs.map((s, i) => `${(labels[i] ?? '').padEnd(width)}${s.description}`).join('\n')
}
