import { discoverInputs, readWindowsRecords } from '../../sources/index.ts'
import type { WindowsProblem } from '../../sources/index.ts'
import { renderDiagnostic } from '../../syntax/index.ts'
import { describeOptions, isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { OptionSpec } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { levelFor, Logger } from '../logger.ts'
import { Progress } from '../progress.ts'
import { COMMON_OPTIONS, EXIT } from './common.ts'
import { toEcsLine } from './convert-ecs.ts'

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'format',
    kind: 'string',
    value: '<format>',
    choices: ['ndjson', 'xml'],
    description: 'ndjson (ECS, default) or xml (event XML)',
  },
  ...COMMON_OPTIONS,
]

/** `vigil convert --help`. */
export const CONVERT_HELP = `Usage: vigil convert [options] <evtx or xml files and folders...>

Reads Windows event logs (.evtx, or event .xml) and writes them to stdout as ECS NDJSON, one
event per line, or as event XML. A summary per file (records read, records damaged) goes to
stderr; damaged records are reported and skipped.

Options:
${describeOptions(OPTIONS)}

Exit codes: 0 done, 1 a file could not be read, 2 usage.`

interface FileTally {
  records: number
  damaged: number
}

/** Runs `vigil convert`; returns the exit code. */
export async function runConvertCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS)
  if (isFlagSet(args, 'help')) {
    await writeAll(io.stdout, [`${CONVERT_HELP}\n`])

    return EXIT.ok
  }

  if (args.positionals.length === 0) throw new UsageError('missing .evtx or .xml files to convert')

  const log = new Logger(io.stderr, levelFor(isFlagSet(args, 'quiet'), isFlagSet(args, 'verbose')))
  const isXml = stringOption(args, 'format') === 'xml'
  const progress = new Progress(io.stderr, io.isStderrTty && log.isEnabled('info'))
  let isFailed = false
  for await (const target of discoverInputs(args.positionals)) {
    if (target.format !== 'evtx' && target.format !== 'xml') {
      log.warn(`${target.path}: skipped, not an .evtx or .xml file`)
      continue
    }

    const tally: FileTally = { records: 0, damaged: 0 }
    const isRead = await convertFile(target.path, target.format, {
      io,
      log,
      progress,
      isXml,
      tally,
    })
    progress.clear()
    log.info(
      `${target.path}: ${String(tally.records)} records read, ${String(tally.damaged)} damaged`,
    )
    isFailed ||= !isRead
  }

  return isFailed ? EXIT.input : EXIT.ok
}

interface ConvertContext {
  readonly io: CliIo
  readonly log: Logger
  readonly progress: Progress
  readonly isXml: boolean
  readonly tally: FileTally
}

async function convertFile(
  path: string,
  format: 'evtx' | 'xml',
  context: ConvertContext,
): Promise<boolean> {
  const { tally, progress } = context
  const out: string[] = []
  let isRead = true
  // a batch per EVTX chunk: one wait per chunk, not per record
  const batches = context.isXml
    ? readWindowsRecords(path, format, 'xml')
    : readWindowsRecords(path, format, 'ecs')
  for await (const batch of batches) {
    for (const item of batch) {
      if (item.kind === 'problem') {
        // every problem is counted and printed, also after a fatal one
        if (!reportProblem(item, context)) isRead = false
        continue
      }

      tally.records++
      out.push('xml' in item ? `${item.xml}\n` : toEcsLine(item))
      if (out.length < 512) continue

      await writeAll(context.io.stdout, out.splice(0))
      progress.show(`${path}: ${String(tally.records)} records`)
    }
  }

  await writeAll(context.io.stdout, out)

  return isRead
}

// counts and prints a problem; false when the file could not be read at all
function reportProblem(item: WindowsProblem, context: ConvertContext): boolean {
  context.tally.damaged++
  context.progress.clear()
  context.log.warn(renderDiagnostic(item.diagnostic))

  return !isFatal(item)
}

function isFatal(item: WindowsProblem): boolean {
  return /_(IO|READ|FILE_HEADER)$/.test(item.diagnostic.code)
}
