import { SINKS, SINK_FORMATS } from '../../sinks/index.ts'
import type { SinkFormat } from '../../sinks/index.ts'
import type { FileSummary, InputProblem } from '../../sources/index.ts'
import { renderDiagnostics, SourceText } from '../../syntax/index.ts'
import {
  describeOptions,
  isFlagSet,
  numberOption,
  parseArgs,
  stringOption,
  UsageError,
} from '../args.ts'
import type { OptionSpec, ParsedArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { levelFor, Logger } from '../logger.ts'
import { renderInputProblem } from '../render-problem.ts'
import { compileQuery, runCompiledQuery } from '../run-query.ts'
import { COMMON_OPTIONS, EXIT } from './common.ts'
import type { Command } from './common.ts'

/** Input problems printed in full; the rest are only counted. */
const MAX_PRINTED_PROBLEMS = 20

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'timestamp-field',
    kind: 'string',
    value: '<field>',
    description: 'field holding the event time (default @timestamp)',
  },
  {
    name: 'tiebreaker-field',
    kind: 'string',
    value: '<field>',
    description: 'field ordering events with the same time (default none)',
  },
  {
    name: 'category-field',
    kind: 'string',
    value: '<field>',
    description: 'field holding the event category (default event.category)',
  },
  {
    name: 'size',
    kind: 'number',
    value: '<n>',
    description: 'return at most n results, the latest (default: every result)',
  },
  {
    name: 'max-samples-per-key',
    kind: 'number',
    value: '<n>',
    description: 'samples per join-key set (default 1)',
  },
  {
    name: 'format',
    kind: 'string',
    value: '<format>',
    choices: SINK_FORMATS,
    description: 'table, ndjson or es (default table on a terminal, ndjson otherwise)',
  },
  {
    name: 'no-prefilter',
    kind: 'boolean',
    description: 'parse every line, without the raw-text prefilter',
  },
  {
    name: 'chunk-size',
    kind: 'number',
    value: '<bytes>',
    description: 'bytes per read (default 262144)',
  },
  ...COMMON_OPTIONS,
]

/** `vigil query --help`. */
export const QUERY_HELP = `Usage: vigil query [options] [--] <EQL> <inputs...>

Runs an EQL query over ECS events and prints the results on stdout. Inputs are NDJSON, JSON
arrays, .gz files, folders (walked recursively), .evtx/.xml files, or - for stdin. Malformed
lines are reported on stderr and skipped.

Options:
${describeOptions(OPTIONS)}

Exit codes: 0 done, 1 an input could not be read, 2 bad query or usage.`

/** Runs `vigil query`; returns the exit code. */
export async function runQueryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS)
  if (isFlagSet(args, 'help')) {
    await writeAll(io.stdout, [`${QUERY_HELP}\n`])

    return EXIT.ok
  }

  const [queryText, ...inputs] = args.positionals
  if (queryText === undefined) throw new UsageError('missing the EQL query; see vigil query --help')
  if (inputs.length === 0) throw new UsageError('missing inputs to read (files, folders or -)')

  const log = new Logger(io.stderr, levelFor(isFlagSet(args, 'quiet'), isFlagSet(args, 'verbose')))
  const categoryField = stringOption(args, 'category-field') ?? 'event.category'
  const compiled = compileQuery(queryText, categoryField)
  if (!compiled.ok) {
    log.error(
      renderDiagnostics(compiled.diagnostics, { source: new SourceText('<query>', queryText) }),
    )

    return EXIT.usage
  }

  const tally = new ProblemTally(log)
  const outcome = await runCompiledQuery(compiled.value, inputs, {
    ...runSettings(args, categoryField),
    onProblem: (problem) => {
      tally.add(problem)
    },
    onFileSummary: (summary) => {
      log.debug(describeSummary(summary))
    },
  })
  const context = {
    tookMs: outcome.tookMs,
    timestampField: stringOption(args, 'timestamp-field') ?? '@timestamp',
    categoryField,
  }
  await writeAll(io.stdout, SINKS[formatOf(args, io)].render(outcome.results, context))
  tally.finish(outcome.summaries)
  log.info(
    `${String(countOf(outcome.results))} ${outcome.results.kind} in ${(outcome.tookMs / 1000).toFixed(2)} s`,
  )

  return outcome.summaries.some((s) => !s.isReadable) ? EXIT.input : EXIT.ok
}

function runSettings(args: ParsedArgs, categoryField: string) {
  const size = numberOption(args, 'size')
  const samples = numberOption(args, 'max-samples-per-key')
  const chunkSize = numberOption(args, 'chunk-size')

  return {
    timestampField: stringOption(args, 'timestamp-field') ?? '@timestamp',
    tiebreakerField: stringOption(args, 'tiebreaker-field') ?? null,
    categoryField,
    usePrefilter: !isFlagSet(args, 'no-prefilter'),
    ...(size === undefined ? {} : { size }),
    ...(samples === undefined ? {} : { maxSamplesPerKey: samples }),
    ...(chunkSize === undefined || chunkSize === 0 ? {} : { chunkSize }),
  }
}

function formatOf(args: ParsedArgs, io: CliIo): SinkFormat {
  const format = stringOption(args, 'format')
  if (format !== undefined) return format as SinkFormat

  return io.isStdoutTty ? 'table' : 'ndjson'
}

function countOf(
  results:
    | { kind: 'events'; events: readonly unknown[] }
    | { kind: 'sequences'; sequences: readonly unknown[] },
): number {
  return results.kind === 'events' ? results.events.length : results.sequences.length
}

function describeSummary(summary: FileSummary): string {
  const skipped = summary.skipped > 0 ? `, ${String(summary.skipped)} skipped by the prefilter` : ''

  return `${summary.file}: ${String(summary.events)} events, ${String(summary.problems)} problems${skipped}`
}

/** Prints the first input problems in full and counts the rest. */
class ProblemTally {
  readonly #log: Logger
  #count = 0

  constructor(log: Logger) {
    this.#log = log
  }

  add(problem: InputProblem): void {
    this.#count++
    const isFatal = problem.diagnostic.code === 'ERR_INPUT_READ'
    if (isFatal) this.#log.error(renderInputProblem(problem))
    else if (this.#count <= MAX_PRINTED_PROBLEMS) this.#log.warn(renderInputProblem(problem))
  }

  finish(summaries: readonly FileSummary[]): void {
    if (this.#count === 0) return

    const files = summaries.filter((s) => s.problems > 0).length
    const hidden = Math.max(0, this.#count - MAX_PRINTED_PROBLEMS)
    const more = hidden > 0 ? ` (${String(hidden)} not shown)` : ''
    this.#log.warn(
      `${String(this.#count)} input problem${this.#count === 1 ? '' : 's'} in ${String(files)} file${files === 1 ? '' : 's'}, skipped${more}`,
    )
  }
}

/** `vigil query`, as the CLI's command table loads it. */
export const command: Command = { run: runQueryCommand, help: QUERY_HELP }
