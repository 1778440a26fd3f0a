import { evaluateDateMath } from '../../rules/index.ts'
import { ALERT_FORMATS } from '../../sinks/index.ts'
import { SEVERITIES } from '../../detect/index.ts'
import { describeOptions, stringOption, UsageError } from '../args.ts'
import type { OptionSpec, ParsedArgs } from '../args.ts'
import { COMMON_OPTIONS } from './common.ts'

/** The options of `vigil hunt` (`--rules` and `--index` are taken out first, in order). */
export const HUNT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'rules',
    kind: 'string',
    value: '<path>',
    description: 'rule file or folder (repeat for more)',
  },
  {
    name: 'index',
    kind: 'string',
    value: '<name>',
    description: 'index name of the inputs that follow (for rule index patterns)',
  },
  {
    name: 'format',
    kind: 'string',
    value: '<format>',
    choices: ALERT_FORMATS,
    description: 'table, ndjson, csv or bulk (default table on a terminal, ndjson otherwise)',
  },
  {
    name: 'out',
    kind: 'string',
    value: '<file>',
    description: 'write alerts to a file instead of stdout',
  },
  {
    name: 'min-severity',
    kind: 'string',
    value: '<level>',
    choices: SEVERITIES,
    description: 'only alerts of this severity or higher',
  },
  {
    name: 'since',
    kind: 'string',
    value: '<time>',
    description: 'only events at or after this time (ISO-8601 or date math: now-7d)',
  },
  {
    name: 'until',
    kind: 'string',
    value: '<time>',
    description: 'only events at or before this time',
  },
  {
    name: 'replay',
    kind: 'boolean',
    description: "replay the rules' scheduled executions (interval, from, max_signals)",
  },
  {
    name: 'exceptions',
    kind: 'string',
    value: '<file>',
    description: 'Kibana exception-list export (NDJSON) to apply',
  },
  {
    name: 'now',
    kind: 'string',
    value: '<time>',
    description: 'alert creation time and "now" of date math (default: the clock)',
  },
  { name: 'fail-on-alert', kind: 'boolean', description: 'exit 3 when any alert is raised' },
  {
    name: 'workers',
    kind: 'string',
    value: '<n>',
    description: 'hunt on n threads, each with every rule and a share of the events (default 1)',
  },
  {
    name: 'profile',
    kind: 'boolean',
    description: 'time every rule on its own and print the profile to stderr (slower)',
  },
  ...COMMON_OPTIONS,
]

/** `vigil hunt --help`. */
export const HUNT_HELP = `Usage: vigil hunt --rules <path> [--rules <path> ...] [options] <inputs...>

Runs detection rules (EQL and KQL query rules; TOML, Kibana exports, rule pages) over ECS events
the way Kibana's detection engine does, and writes the alerts Kibana would write on stdout.
Inputs are as for vigil query. A rule runs over inputs whose index (_index, or --index given
before them) fits its index patterns, and over every input whose index is unknown.

Options:
${describeOptions(HUNT_OPTIONS)}

Exit codes: 0 hunt completed (whatever the alerts), 1 no rule could run or an input could not be
read, 2 usage, 3 alerts raised with --fail-on-alert.`

/** The inputs that share one `--index` (or none). */
export interface InputGroup {
  readonly index?: string
  readonly paths: string[]
}

/**
 * Takes the repeatable options out of argv: every `--rules`, and `--index`, which applies to
 * the inputs after it. Inputs are gathered here too, in order, so each keeps its index.
 */
export function splitRepeated(argv: readonly string[]): {
  rulePaths: string[]
  groups: InputGroup[]
  rest: string[]
} {
  const rulePaths: string[] = []
  const groups: InputGroup[] = [{ paths: [] }]
  const rest: string[] = []
  const valued = new Set(HUNT_OPTIONS.filter((o) => o.kind !== 'boolean').map((o) => `--${o.name}`))
  let isPositionalOnly = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [name, inline] = arg.startsWith('--') ? splitInline(arg) : [arg, undefined]
    if (!isPositionalOnly && (name === '--rules' || name === '--index')) {
      const value = inline ?? argv[++i]
      if (value === undefined) throw new UsageError(`option ${name} needs a value <path>`)
      if (name === '--rules') rulePaths.push(value)
      else groups.push({ index: value, paths: [] })
    } else if (isPositionalOnly || arg === '-' || !arg.startsWith('-')) {
      groups[groups.length - 1]?.paths.push(arg)
    } else {
      if (arg === '--') isPositionalOnly = true
      else rest.push(arg)
      if (valued.has(name) && inline === undefined && argv[i + 1] !== undefined)
        rest.push(argv[++i] ?? '')
    }
  }

  return { rulePaths, groups: groups.filter((g) => g.paths.length > 0), rest }
}

function splitInline(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=')

  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)]
}

/** A time option: ISO-8601 or date math against `now`; undefined when not given. */
export function timeOption(args: ParsedArgs, name: string, now: number): number | undefined {
  const text = stringOption(args, name)
  if (text === undefined) return undefined

  const millis = Date.parse(text)
  if (!Number.isNaN(millis) && /^\d{4}-/.test(text)) return millis

  const math = evaluateDateMath(text, now)
  if (!math.ok)
    throw new UsageError(`option --${name} needs an ISO-8601 time or date math, got "${text}"`)

  return math.value
}
