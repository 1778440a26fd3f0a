import { compileRule, compileRules, Hunt, huntPrefilter, mergeInOrder } from '../../detect/index.ts'
import type { CompiledRule, ExceptionLists, HuntOptions, RuleResult } from '../../detect/index.ts'
import { loadRules } from '../../rules/index.ts'
import type { Rule } from '../../rules/index.ts'
import { idleRule, ProfiledHunt, renderProfile } from '../../ruletest/index.ts'
import type { IdleRule } from '../../ruletest/index.ts'
import { renderHuntSummary } from '../../sinks/index.ts'
import type { FileSummary, InputProblem } from '../../sources/index.ts'
import { counted, renderDiagnostic } from '../../syntax/index.ts'
import { isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { ParsedArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { levelFor, Logger } from '../logger.ts'
import type { OutFile } from '../out-file.ts'
import { DiskRuleCache } from '../rule-cache.ts'
import { EXIT, workersOption } from './common.ts'
import type { Command } from './common.ts'
import { loadExceptions } from './exceptions.ts'
import { HUNT_HELP, HUNT_OPTIONS, splitRepeated, timeOption } from './hunt-args.ts'
import type { InputGroup } from './hunt-args.ts'
import { Feed, huntAgain } from './hunt-feed.ts'
import { Reporter } from './hunt-reporter.ts'
import { someInputExists } from './inputs-exist.ts'
import { huntOnThreads } from './shard-pool.ts'
import { openHuntOut, writeHuntAlerts } from './hunt-output.ts'
import type { HuntParts } from './hunt-output.ts'
import { threadsFor } from './hunt-threads.ts'
import { WorkerShard } from './worker-shard.ts'

export { HUNT_HELP } from './hunt-args.ts'

/** Exit code of a completed hunt that raised alerts, with `--fail-on-alert`. */
const EXIT_ALERTS = 3

/** Runs `vigil hunt`; returns the exit code. */
export async function runHuntCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { rulePaths, groups, rest } = splitRepeated(argv)
  const args = parseArgs(rest, HUNT_OPTIONS)
  if (isFlagSet(args, 'help')) {
    await writeAll(io.stdout, [`${HUNT_HELP}\n`])

    return EXIT.ok
  }

  if (rulePaths.length === 0) throw new UsageError('missing --rules <path>; see vigil hunt --help')
  if (groups.every((g) => g.paths.length === 0))
    throw new UsageError('missing inputs to read (files, folders or -)')
  const workers = workersOption(args)
  if (workers > 1 && isFlagSet(args, 'profile'))
    throw new UsageError('--profile times rules on one thread; leave out --workers')

  const log = new Logger(io.stderr, levelFor(isFlagSet(args, 'quiet'), isFlagSet(args, 'verbose')))
  const inputs = groups.flatMap((group) => group.paths)
  if (!(await someInputExists(inputs, log))) return EXIT.input

  const out = openHuntOut(args, log)
  if (out === null) return EXIT.input

  // the workers start now: loading their code overlaps loading the rules here
  const threads = await threadsFor(workers, groups, log)
  const shards = Array.from({ length: threads - 1 }, () => new WorkerShard())
  try {
    return await hunt({ args, groups, rulePaths, shards, out }, io, log)
  } finally {
    out?.close()
    await Promise.all(shards.map((shard) => shard.close()))
  }
}

interface HuntRequest {
  readonly args: ParsedArgs
  readonly groups: readonly InputGroup[]
  readonly rulePaths: readonly string[]
  readonly shards: readonly WorkerShard[]
  /** The `--out` file, opened; undefined for stdout. */
  readonly out: OutFile | undefined
}

async function hunt(request: HuntRequest, io: CliIo, log: Logger): Promise<number> {
  const { args, groups, shards } = request
  const now = timeOption(args, 'now', Date.now()) ?? Date.now()
  const exceptionsPath = stringOption(args, 'exceptions')
  const exceptions = await loadExceptions(exceptionsPath, log)
  if (exceptions === null) return EXIT.input

  // files can be read again, for the rare sequence rule that lets go of events it then needs
  const options = { ...huntOptions(args, now), rereadable: !readsStdin(groups) }
  const { rulePaths } = request
  const start = { rulePaths, options, ...(exceptionsPath === undefined ? {} : { exceptionsPath }) }
  for (const shard of shards) shard.start(start)
  const { rules, idle, cache } = await prepareRules(rulePaths, now, exceptions, log)
  if (rules.length === 0) {
    log.error('vigil: no rule can run; nothing to hunt with')

    return EXIT.input
  }

  const reporter = new Reporter(log, io)
  const outcome =
    shards.length > 0
      ? await huntOnWorkers({ options, groups, shards, rules }, reporter, log)
      : await huntHere(rules, groups, args, options, reporter, log)
  reporter.finish()
  const written = await writeHuntAlerts(outcome.results, args, { file: request.out, io })
  for (const warning of written.warnings) log.warn(renderDiagnostic(warning))
  if (written.failure !== null) log.error(renderDiagnostic(written.failure))
  if (outcome.profiled !== null)
    await writeAll(io.stderr, [`${renderProfile(outcome.profiled.profile(idle))}\n`])
  log.info(
    renderHuntSummary(written.rules, {
      alerts: written.alerts,
      events: outcome.lines,
      files: outcome.summaries.length,
      seconds: reporter.seconds,
    }),
  )

  // after the alerts: the run that writes the cache spends about half a second on it
  cache?.save()
  if (written.failure !== null || outcome.summaries.some((s) => !s.isReadable)) return EXIT.input

  return isFlagSet(args, 'fail-on-alert') && written.alerts > 0 ? EXIT_ALERTS : EXIT.ok
}

function huntOptions(args: ParsedArgs, now: number): HuntOptions {
  const since = timeOption(args, 'since', now)
  const until = timeOption(args, 'until', now)

  return {
    mode: isFlagSet(args, 'replay') ? 'replay' : 'all',
    now,
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  }
}

function readsStdin(groups: readonly InputGroup[]): boolean {
  return groups.some((g) => g.paths.includes('-'))
}

/** The rules that run, and those that cannot with why (for `--profile`). */
interface PreparedRules {
  readonly rules: CompiledRule[]
  readonly idle: readonly IdleRule[]
  readonly cache: DiskRuleCache | undefined
}

/** Loads and compiles the rules; every rule that cannot run is reported once and left out. */
async function prepareRules(
  paths: readonly string[],
  now: number,
  exceptions: ExceptionLists,
  log: Logger,
): Promise<PreparedRules> {
  const cache = DiskRuleCache.open(paths)
  const loaded = await loadRules(paths, { cache })
  const compiled = compileRules(loaded.rules, { now, exceptions, known: cache })
  for (const problem of [...loaded.diagnostics, ...compiled.diagnostics])
    log.warn(renderDiagnostic(problem))
  const left = loaded.rules.length - compiled.rules.length
  if (left > 0)
    log.warn(`${String(left)} of ${String(loaded.rules.length)} rules cannot run and are skipped`)
  const running = new Set<Rule>(compiled.rules.map((r) => r.rule))
  const idle = loaded.rules
    .filter((rule) => !running.has(rule))
    .map((rule) => idleRule(rule, idleReason(rule, now, exceptions)))

  return { rules: compiled.rules, idle, cache }
}

// the rules that did not compile are few: compiling one again gives its first error
function idleReason(rule: Rule, now: number, exceptions: ExceptionLists): string {
  const result = compileRule(rule, 0, { now, exceptions })
  const first = result.diagnostics.find((d) => d.severity === 'error')

  return first === undefined ? 'it cannot run' : `${first.code} ${first.message}`
}

interface HuntOutcome {
  /** The alerts, built as they are written (see `writeHuntAlerts`). */
  readonly results: HuntParts
  readonly summaries: readonly FileSummary[]
  /** Lines read, the ones the prefilter skipped included. */
  readonly lines: number
  readonly profiled: ProfiledHunt | null
}

async function huntHere(
  rules: readonly CompiledRule[],
  groups: readonly InputGroup[],
  args: ParsedArgs,
  options: HuntOptions,
  reporter: Reporter,
  log: Logger,
): Promise<HuntOutcome> {
  // the profile's hunts hold every event they need: they are never run again
  const profile = { ...options, rereadable: false }
  const profiled = isFlagSet(args, 'profile') ? new ProfiledHunt(rules, profile) : null
  const engine = profiled ?? new Hunt(rules, options)
  // replay needs every event's time to lay out the executions, so nothing is skipped unparsed
  const prefilter = options.mode === 'replay' ? null : huntPrefilter(rules)
  const feed = new Feed(
    engine,
    {
      onProblem: (problem) => {
        reporter.problem(problem)
      },
      onBatch: (events, matches) => {
        reporter.progress(feed.summaries.length, events, matches)
      },
    },
    { prefilter, stdin: reporter.stdin },
  )
  for (const group of groups) await feed.read(group)

  const results =
    engine instanceof Hunt ? await finishHunt(engine, groups, options, log) : engine.finish()

  return { results, summaries: feed.summaries, lines: feed.linesRead, profiled }
}

// the rules the pass could not finish are hunted again by themselves, first: then every rule's
// alerts can be built and written in rule order, one rule at a time
async function finishHunt(
  hunt: Hunt,
  groups: readonly InputGroup[],
  options: HuntOptions,
  log: Logger,
): Promise<Iterable<RuleResult>> {
  const again = await huntAgain(hunt.rerun, groups, options)
  logRerun(hunt.rerun.length, log)

  return mergeInOrder(hunt.eachResult(), again)
}

function logRerun(rules: number, log: Logger): void {
  if (rules === 0) return

  const what = counted(rules, 'sequence rule')
  const why = 'a rare step came after held events were let go'
  log.debug(`vigil: read the inputs again for ${what} (${why})`)
}

interface PoolRequest {
  readonly options: HuntOptions
  readonly groups: readonly InputGroup[]
  readonly shards: readonly WorkerShard[]
  readonly rules: readonly CompiledRule[]
}

async function huntOnWorkers(
  request: PoolRequest,
  reporter: Reporter,
  log: Logger,
): Promise<HuntOutcome> {
  const { options, groups } = request
  const listener = {
    onProblem: (problem: InputProblem) => {
      reporter.problem(problem)
    },
    onProgress: (files: number, events: number, matches: number) => {
      reporter.progress(files, events, matches)
    },
  }
  const outcome = await huntOnThreads({ ...request, stdin: reporter.stdin }, listener)
  const results = await finishHunt(outcome.hunt, groups, options, log)

  return { results, summaries: outcome.summaries, lines: outcome.lines, profiled: null }
}

/** `vigil hunt`, as the CLI's command table loads it. */
export const command: Command = { run: runHuntCommand, help: HUNT_HELP }
