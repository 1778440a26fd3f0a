import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'

import { discoverInputs, readWindowsRecords } from '../../sources/index.ts'
import type { InputTarget } from '../../sources/index.ts'
import { renderDiagnostic } from '../../syntax/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import { describeOptions, isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { OptionSpec } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll, writeBytes } from '../io.ts'
import { levelFor, Logger } from '../logger.ts'
import { Progress } from '../progress.ts'
import { COMMON_OPTIONS, EXIT, workersOption } from './common.ts'
import type { Command } from './common.ts'
import { OrderedParts } from './convert-parts.ts'
import type { FileTally, PartSink } from './convert-parts.ts'
import { ConvertPool } from './convert-pool.ts'
import { TextBytes } from '../text-bytes.ts'
import { toOutputText } from './convert-ecs.ts'

/**
 * The size from which an EVTX file is read in parts on several threads. Measured on two cores
 * with this thread and one worker: a 17 MB log took as long as on one thread (the worker's start
 * and JIT warm-up eat the gain), a 34 MB log 0.8 to 0.95 of the time, a 128 MB log 0.7 to 0.8.
 * Across many small files the parts cost more than they save: the whole EVTX corpus (580 files,
 * none over 4 MiB) took 1.5 times as long when its files were shared out.
 */
const POOL_MIN_FILE_BYTES = 32 << 20
/**
 * Output written once this much has gathered: under the 512 KiB that TextBytes starts a buffer
 * with, so a buffer is never grown and copied (writing every 512 lines, 1.2 KB each in ECS, grew
 * each one once).
 */
const WRITE_BYTES = 384 << 10
/** Parts in flight per thread: one being read, one waiting, one being written. */
const PARTS_PER_THREAD = 3

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'format',
    kind: 'string',
    value: '<format>',
    choices: ['ndjson', 'xml'],
    description: 'ndjson (ECS, default) or xml (event XML)',
  },
  {
    name: 'workers',
    kind: 'string',
    value: '<n>',
    description: 'threads reading an EVTX file of 32 MiB or more (default: one per core, up to 4)',
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

/** Runs `vigil convert`; returns the exit code. */
export async function runConvertCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS)
  if (isFlagSet(args, 'help')) {
    await writeAll(io.stdout, [`${CONVERT_HELP}\n`])

    return EXIT.ok
  }

  if (args.positionals.length === 0) throw new UsageError('missing .evtx or .xml files to convert')

  const log = new Logger(io.stderr, levelFor(isFlagSet(args, 'quiet'), isFlagSet(args, 'verbose')))
  const context: ConvertContext = {
    io,
    log,
    progress: new Progress(io.stderr, io.isStderrTty && log.isEnabled('info')),
    isXml: stringOption(args, 'format') === 'xml',
    isFailed: false,
  }
  const threads = new Threads(workersOption(args, defaultWorkers()), context)
  try {
    await convertTargets(discoverInputs(args.positionals), context, threads)
    await threads.drain()
  } finally {
    await threads.close()
  }

  return context.isFailed ? EXIT.input : EXIT.ok
}

async function convertTargets(
  targets: AsyncIterable<InputTarget>,
  context: ConvertContext,
  threads: Threads,
): Promise<void> {
  for await (const target of targets) {
    if (target.format !== 'evtx' && target.format !== 'xml') {
      await threads.drain()
      context.log.warn(`${target.path}: skipped, not an .evtx or .xml file`)
      continue
    }

    if (target.format === 'evtx' && (await threads.take(target.path))) continue

    // in this thread, after whatever the threads still have to write
    await threads.drain()
    const tally: FileTally = { records: 0, damaged: 0 }
    const isRead = await convertFile(target.path, target.format, context, tally)
    finishFile(target.path, tally, isRead, context)
  }
}

// the file's summary line, once all of it is written
function finishFile(
  path: string,
  tally: FileTally,
  isRead: boolean,
  context: ConvertContext,
): void {
  context.progress.clear()
  context.log.info(
    `${path}: ${String(tally.records)} records read, ${String(tally.damaged)} damaged`,
  )
  context.isFailed ||= !isRead
}

interface ConvertContext {
  readonly io: CliIo
  readonly log: Logger
  readonly progress: Progress
  readonly isXml: boolean
  isFailed: boolean
}

async function convertFile(
  path: string,
  format: 'evtx' | 'xml',
  context: ConvertContext,
  tally: FileTally,
): Promise<boolean> {
  const { progress } = context
  const out = new TextBytes()
  let isRead = true
  // a batch per EVTX chunk: one wait per chunk, not per record
  const batches = context.isXml
    ? readWindowsRecords(path, format, 'xml')
    : readWindowsRecords(path, format, 'ecs')
  for await (const batch of batches) {
    for (const item of batch) {
      if (item.kind === 'problem') {
        // every problem is counted and printed, also after a fatal one
        if (!reportProblem(item.diagnostic, tally, context)) isRead = false
        continue
      }

      tally.records++
      out.addLine(toOutputText(item))
      if (out.size < WRITE_BYTES) continue

      await writeBytes(context.io.stdout, out.take())
      progress.show(`${path}: ${String(tally.records)} records`)
    }
  }

  await writeBytes(context.io.stdout, out.take())

  return isRead
}

// counts and prints a problem; false when the file could not be read at all
function reportProblem(diagnostic: Diagnostic, tally: FileTally, context: ConvertContext): boolean {
  tally.damaged++
  context.progress.clear()
  context.log.warn(renderDiagnostic(diagnostic))

  return !/_(IO|READ|FILE_HEADER)$/.test(diagnostic.code)
}

/**
 * The threads of a run: each EVTX file of at least POOL_MIN_FILE_BYTES is read in parts by
 * `count` readers, this thread one of them, and written in order; smaller files are read here
 * alone. The worker threads start with the first such file.
 */
class Threads {
  readonly #count: number
  readonly #context: ConvertContext
  #pool: ConvertPool | undefined
  #parts: OrderedParts | undefined

  constructor(count: number, context: ConvertContext) {
    this.#count = count
    this.#context = context
  }

  /** Queues an EVTX file on the threads; false when it is to be read in this thread alone. */
  async take(path: string): Promise<boolean> {
    if (this.#count < 2) return false

    const size = await stat(path).then(
      (info) => info.size,
      () => 0,
    )
    if (size < POOL_MIN_FILE_BYTES) return false

    if (this.#pool === undefined) {
      this.#context.log.debug(`reading EVTX files on ${String(this.#count)} threads from ${path}`)
      this.#pool = new ConvertPool(this.#count - 1, true)
    }

    this.#parts ??= new OrderedParts(this.#pool, this.#sink(), this.#count * PARTS_PER_THREAD)
    await this.#parts.add(path, size)

    return true
  }

  async drain(): Promise<void> {
    await this.#parts?.drain()
  }

  async close(): Promise<void> {
    await this.#pool?.close()
  }

  #sink(): PartSink {
    const context = this.#context

    return {
      stdout: context.io.stdout,
      isXml: context.isXml,
      onProblem: (diagnostic, tally) => reportProblem(diagnostic, tally, context),
      onPart: (path, tally) => {
        context.progress.show(`${path}: ${String(tally.records)} records`)
      },
      onFile: (path, tally, isRead) => {
        finishFile(path, tally, isRead, context)
      },
    }
  }
}

/**
 * `vigil convert`'s default readers of a large EVTX file: one per core, this thread included, up
 * to 4.
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()))
}

/** `vigil convert`, as the CLI's command table loads it. */
export const command: Command = { run: runConvertCommand, help: CONVERT_HELP }
