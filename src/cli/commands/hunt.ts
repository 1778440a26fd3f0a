import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import type { LinePrefilter } from '../../compile/index.ts'
import {
  compileRule,
  compileRules,
  filterBySeverity,
  Hunt,
  huntPrefilter,
  SEVERITIES,
} from '../../detect/index.ts'
import type { CompiledRule, ExceptionLists, HuntEvent, HuntResult } from '../../detect/index.ts'
import { evaluateDateMath, loadRules } from '../../rules/index.ts'
import type { Rule, RuleSeverity } from '../../rules/index.ts'
import { idleRule, ProfiledHunt, renderProfile } from '../../ruletest/index.ts'
import type { IdleRule } from '../../ruletest/index.ts'
import { ALERT_FORMATS, ALERT_SINKS, renderHuntSummary } from '../../sinks/index.ts'
import type { AlertFormat } from '../../sinks/index.ts'
import { readInputBatches } from '../../sources/index.ts'
import type { FileSummary, InputEvent, InputProblem } from '../../sources/index.ts'
import { renderDiagnostic } from '../../syntax/index.ts'
import { describeOptions, isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { OptionSpec, ParsedArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { levelFor, Logger } from '../logger.ts'
import { Progress } from '../progress.ts'
import { renderInputProblem } from '../render-problem.ts'
import { COMMON_OPTIONS, EXIT } from './common.ts'
import { loadExceptions } from './exceptions.ts'

/** Exit code of a completed hunt that raised alerts, with `--fail-on-alert`. */
const EXIT_ALERTS = 3
/** Input problems printed in full; the rest are only counted. */
const MAX_PRINTED_PROBLEMS = 20

const OPTIONS: readonly OptionSpec[] = [
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
${describeOptions(OPTIONS)}

Exit codes: 0 hunt completed (whatever the alerts), 1 no rule could run or an input could not be
read, 2 usage, 3 alerts raised with --fail-on-alert.`

/** The inputs that share one `--index` (or none). */
interface InputGroup {
  readonly index?: string
  readonly paths: string[]
}

/** Runs `vigil hunt`; returns the exit code. */
export async function runHuntCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { rulePaths, groups, rest } = splitRepeated(argv)
  const args = parseArgs(rest, OPTIONS)
  if (isFlagSet(args, 'help')) {
    await writeAll(io.stdout, [`${HUNT_HELP}\n`])

    return EXIT.ok
  }

  if (rulePaths.length === 0) throw new UsageError('missing --rules <path>; see vigil hunt --help')
  if (groups.every((g) => g.paths.length === 0))
    throw new UsageError('missing inputs to read (files, folders or -)')

  const log = new Logger(io.stderr, levelFor(isFlagSet(args, 'quiet'), isFlagSet(args, 'verbose')))
  const now = timeOption(args, 'now', Date.now()) ?? Date.now()
  const exceptions = await loadExceptions(stringOption(args, 'exceptions'), log)
  if (exceptions === null) return EXIT.input

  const { rules, idle } = await prepareRules(rulePaths, now, exceptions, log)
  if (rules.length === 0) {
    log.error('vigil: no rule can run; nothing to hunt with')

    return EXIT.input
  }

  const outcome = await hunt(rules, groups, args, now, io, log)
  const alerts = minimumSeverity(args, outcome.result)
  await writeAlerts(alerts, args, io)
  for (const warning of outcome.result.warnings) log.warn(renderDiagnostic(warning))
  if (outcome.engine instanceof ProfiledHunt)
    await writeAll(io.stderr, [`${renderProfile(outcome.engine.profile(idle))}\n`])
  log.info(
    renderHuntSummary(outcome.result.rules, {
      alerts: alerts.length,
      events: outcome.events,
      files: outcome.summaries.length,
      seconds: outcome.seconds,
    }),
  )

  if (outcome.summaries.some((s) => !s.isReadable)) return EXIT.input

  return isFlagSet(args, 'fail-on-alert') && alerts.length > 0 ? EXIT_ALERTS : EXIT.ok
}

/**
 * Takes the repeatable options out of argv: every `--rules`, and `--index`, which applies to
 * the inputs after it. Inputs are gathered here too, in order, so each keeps its index.
 */
function splitRepeated(argv: readonly string[]): {
  rulePaths: string[]
  groups: InputGroup[]
  rest: string[]
} {
  const rulePaths: string[] = []
  const groups: InputGroup[] = [{ paths: [] }]
  const rest: string[] = []
  const valued = new Set(OPTIONS.filter((o) => o.kind !== 'boolean').map((o) => `--${o.name}`))
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

function timeOption(args: ParsedArgs, name: string, now: number): number | undefined {
  const text = stringOption(args, name)
  if (text === undefined) return undefined

  const millis = Date.parse(text)
  if (!Number.isNaN(millis) && /^\d{4}-/.test(text)) return millis

  const math = evaluateDateMath(text, now)
  if (!math.ok)
    throw new UsageError(`option --${name} needs an ISO-8601 time or date math, got "${text}"`)

  return math.value
}

/** The rules that run, and those that cannot with why (for `--profile`). */
interface PreparedRules {
  readonly rules: CompiledRule[]
  readonly idle: readonly IdleRule[]
}

/** Loads and compiles the rules; every rule that cannot run is reported once and left out. */
async function prepareRules(
  paths: readonly string[],
  now: number,
  exceptions: ExceptionLists,
  log: Logger,
): Promise<PreparedRules> {
  const loaded = await loadRules(paths)
  const compiled = compileRules(loaded.rules, { now, exceptions })
  for (const problem of [...loaded.diagnostics, ...compiled.diagnostics])
    log.warn(renderDiagnostic(problem))
  const left = loaded.rules.length - compiled.rules.length
  if (left > 0)
    log.warn(`${String(left)} of ${String(loaded.rules.length)} rules cannot run and are skipped`)
  const running = new Set<Rule>(compiled.rules.map((r) => r.rule))
  const idle = loaded.rules
    .filter((rule) => !running.has(rule))
    .map((rule) => idleRule(rule, idleReason(rule, now, exceptions)))

  return { rules: compiled.rules, idle }
}

// the rules that did not compile are few: compiling one again gives its first error
function idleReason(rule: Rule, now: number, exceptions: ExceptionLists): string {
  const result = compileRule(rule, 0, { now, exceptions })
  const first = result.diagnostics.find((d) => d.severity === 'error')

  return first === undefined ? 'it cannot run' : `${first.code} ${first.message}`
}

/** What the hunt runs on: the plain {@link Hunt}, or the per-rule timed one of `--profile`. */
interface HuntEngine {
  readonly matches: number
  push(event: HuntEvent): void
  finish(): HuntResult
}

interface HuntOutcome {
  readonly engine: HuntEngine
  readonly result: HuntResult
  readonly summaries: readonly FileSummary[]
  readonly events: number
  readonly seconds: number
}

async function hunt(
  rules: readonly CompiledRule[],
  groups: readonly InputGroup[],
  args: ParsedArgs,
  now: number,
  io: CliIo,
  log: Logger,
): Promise<HuntOutcome> {
  const isReplay = isFlagSet(args, 'replay')
  const since = timeOption(args, 'since', now)
  const until = timeOption(args, 'until', now)
  const options = {
    mode: isReplay ? ('replay' as const) : ('all' as const),
    now,
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  }
  const engine = isFlagSet(args, 'profile')
    ? new ProfiledHunt(rules, options)
    : new Hunt(rules, options)
  // replay needs every event's time to lay out the executions, so nothing is skipped unparsed
  const feed = new Feed(engine, log, io, isReplay ? null : huntPrefilter(rules))
  for (const group of groups) await feed.read(group)

  return feed.finish()
}

/** Streams input groups into the hunt, with the progress line and the input problems. */
class Feed {
  readonly #engine: HuntEngine
  readonly #log: Logger
  readonly #io: CliIo
  readonly #prefilter: LinePrefilter | null
  readonly #progress: Progress
  readonly #started = performance.now()
  readonly #summaries: FileSummary[] = []
  #events = 0
  #problems = 0

  constructor(engine: HuntEngine, log: Logger, io: CliIo, prefilter: LinePrefilter | null) {
    this.#engine = engine
    this.#log = log
    this.#io = io
    this.#prefilter = prefilter
    this.#progress = new Progress(io.stderr, io.isStderrTty && log.isEnabled('info'))
  }

  async read(group: InputGroup): Promise<void> {
    const batches = readInputBatches(group.paths, {
      prefilter: this.#prefilter,
      onFileSummary: (summary) => this.#summaries.push(summary),
      stdin: this.#io.stdin,
    })
    for (;;) {
      const next = await batches.next()
      if (next.done === true) return

      for (const item of next.value) {
        if (item.kind === 'problem') this.#report(item)
        else this.#push(item, group.index)
      }

      this.#showProgress()
    }
  }

  finish(): HuntOutcome {
    this.#progress.clear()
    const hidden = this.#problems - MAX_PRINTED_PROBLEMS
    if (hidden > 0)
      this.#log.warn(`${String(this.#problems)} input problems, ${String(hidden)} not shown`)

    return {
      engine: this.#engine,
      result: this.#engine.finish(),
      summaries: this.#summaries,
      // lines the prefilter skipped were read too
      events: this.#summaries.reduce((sum, s) => sum + s.events + s.skipped, 0),
      seconds: (performance.now() - this.#started) / 1000,
    }
  }

  #push(item: InputEvent, index: string | undefined): void {
    this.#events++
    this.#engine.push(index === undefined || item.index !== undefined ? item : { ...item, index })
  }

  #report(problem: InputProblem): void {
    this.#progress.clear()
    if (++this.#problems <= MAX_PRINTED_PROBLEMS) this.#log.warn(renderInputProblem(problem))
  }

  #showProgress(): void {
    const seconds = Math.max((performance.now() - this.#started) / 1000, 0.001)
    const rate = Math.round(this.#events / seconds)
    this.#progress.show(
      `${String(this.#summaries.length)} files, ${String(this.#events)} events, ${String(rate)} events/s, ~${String(this.#engine.matches)} alerts`,
    )
  }
}

function minimumSeverity(args: ParsedArgs, result: HuntResult) {
  const minimum = stringOption(args, 'min-severity') as RuleSeverity | undefined

  return minimum === undefined ? [...result.alerts] : filterBySeverity(result.alerts, minimum)
}

async function writeAlerts(
  alerts: HuntResult['alerts'],
  args: ParsedArgs,
  io: CliIo,
): Promise<void> {
  const out = stringOption(args, 'out')
  const format =
    (stringOption(args, 'format') as AlertFormat | undefined) ??
    (io.isStdoutTty && out === undefined ? 'table' : 'ndjson')
  const pieces = ALERT_SINKS[format].render(alerts)
  if (out === undefined) {
    await writeAll(io.stdout, pieces)

    return
  }

  const file = createWriteStream(out)
  await writeAll(file, pieces)
  await closeStream(file)
}

function closeStream(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject)
    stream.end(() => {
      resolve()
    })
  })
}
