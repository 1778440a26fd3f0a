import { basename } from 'node:path'
import { compileRule } from '../../detect/index.ts'
import type { CompiledRule } from '../../detect/index.ts'
import { evaluateDateMath, loadRules } from '../../rules/index.ts'
import { renderDiffJson, renderDiffText, RuleSetDiff } from '../../ruletest/index.ts'
import { readInputBatches } from '../../sources/index.ts'
import { renderDiagnostic } from '../../syntax/index.ts'
import { describeOptions, isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { OptionSpec } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { levelFor, Logger } from '../logger.ts'
import { renderInputProblem } from '../render-problem.ts'
import { DiskRuleCache } from '../rule-cache.ts'
import { COMMON_OPTIONS, EXIT } from './common.ts'
import type { Command } from './common.ts'
import { someInputExists } from './inputs-exist.ts'
import { loadExceptions } from './exceptions.ts'

const REPEATED = ['--rules', '--rules-b']

const OPTIONS: readonly OptionSpec[] = [
  { name: 'rules', kind: 'string', value: '<path>', description: 'rule set A (repeat for more)' },
  {
    name: 'rules-b',
    kind: 'string',
    value: '<path>',
    description: 'rule set B (repeat for more; default: the same rules as A)',
  },
  { name: 'exceptions', kind: 'string', value: '<file>', description: 'exceptions for set A' },
  { name: 'exceptions-b', kind: 'string', value: '<file>', description: 'exceptions for set B' },
  {
    name: 'index',
    kind: 'string',
    value: '<name>',
    description: 'index name of inputs that carry no _index',
  },
  {
    name: 'format',
    kind: 'string',
    value: '<format>',
    choices: ['text', 'json'],
    description: 'text (default) or json',
  },
  {
    name: 'now',
    kind: 'string',
    value: '<time>',
    description: 'alert creation time and "now" of date math (default: the clock)',
  },
  { name: 'replay', kind: 'boolean', description: "replay the rules' scheduled executions" },
  ...COMMON_OPTIONS,
]

/** `vigil diff --help`. */
export const DIFF_HELP = `Usage: vigil diff --rules <A> [--rules-b <B>] [--exceptions-b <file>] [options] <inputs...>

Runs two versions of a rule set over the same events and reports, per rule_id, the alerts set B
raises that set A does not (+) and those it no longer raises (-), with the events they come
from. Compare two folders (--rules old/ --rules-b new/), or one set with and without an
exceptions file (--rules rules/ --exceptions-b exceptions.ndjson).

Options:
${describeOptions(OPTIONS)}

Exit codes: 0 compared (whatever the differences), 1 no rule could run or an input failed, 2 usage.`

/** Runs `vigil diff`; returns the exit code. */
export async function runDiffCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { repeated, rest } = takeRepeated(argv)
  const args = parseArgs(rest, OPTIONS)
  if (isFlagSet(args, 'help')) {
    await writeAll(io.stdout, [`${DIFF_HELP}\n`])

    return EXIT.ok
  }

  const rulesA = repeated.get('--rules') ?? []
  const rulesB = repeated.get('--rules-b') ?? rulesA
  if (rulesA.length === 0) throw new UsageError('missing --rules <path>; see vigil diff --help')
  if (!repeated.has('--rules-b') && stringOption(args, 'exceptions-b') === undefined)
    throw new UsageError('give --rules-b <path> or --exceptions-b <file> to compare against')
  if (args.positionals.length === 0)
    throw new UsageError('missing inputs to read (files, folders or -)')

  const log = new Logger(io.stderr, levelFor(isFlagSet(args, 'quiet'), isFlagSet(args, 'verbose')))
  if (!(await someInputExists(args.positionals, log))) return EXIT.input

  const now = nowOption(args)
  const a = await prepare(rulesA, stringOption(args, 'exceptions'), now, log)
  const b = await prepare(rulesB, stringOption(args, 'exceptions-b'), now, log)
  if (a === null || b === null) return EXIT.input
  if (a.length + b.length === 0) {
    log.error('vigil: no rule can run on either side; nothing to compare')

    return EXIT.input
  }

  const diff = new RuleSetDiff(a, b, { mode: isFlagSet(args, 'replay') ? 'replay' : 'all', now })
  const isReadable = await feed(diff, args.positionals, stringOption(args, 'index'), io, log)
  const result = diff.finish()
  const text =
    stringOption(args, 'format') === 'json' ? renderDiffJson(result) : renderDiffText(result)
  await writeAll(io.stdout, [`${text}\n`])

  return isReadable ? EXIT.ok : EXIT.input
}

function takeRepeated(argv: readonly string[]) {
  const repeated = new Map<string, string[]>()
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const equals = arg.indexOf('=')
    const name = arg.startsWith('--') && equals !== -1 ? arg.slice(0, equals) : arg
    if (!REPEATED.includes(name)) {
      rest.push(arg)
      continue
    }

    const value = name === arg ? argv[++i] : arg.slice(equals + 1)
    if (value === undefined) throw new UsageError(`option ${name} needs a value <path>`)
    repeated.set(name, [...(repeated.get(name) ?? []), value])
  }

  return { repeated, rest }
}

function nowOption(args: ReturnType<typeof parseArgs>): number {
  const text = stringOption(args, 'now')
  if (text === undefined) return Date.now()

  const millis = Date.parse(text)
  if (!Number.isNaN(millis) && /^\d{4}-/.test(text)) return millis

  const math = evaluateDateMath(text, Date.now())
  if (!math.ok)
    throw new UsageError(`option --now needs an ISO-8601 time or date math, got "${text}"`)

  return math.value
}

async function prepare(
  paths: readonly string[],
  exceptionsPath: string | undefined,
  now: number,
  log: Logger,
): Promise<CompiledRule[] | null> {
  const exceptions = await loadExceptions(exceptionsPath, log)
  if (exceptions === null) return null

  // written at once: the other side may load the same rules
  const cache = DiskRuleCache.open(paths)
  const loaded = await loadRules(paths, { cache })
  cache?.save()
  for (const d of loaded.diagnostics) log.warn(renderDiagnostic(d))
  const rules: CompiledRule[] = []
  for (const rule of loaded.rules) {
    const compiled = compileRule(rule, rules.length, { now, exceptions })
    if (compiled.ok) rules.push(compiled.value)
    else for (const d of compiled.diagnostics) log.warn(renderDiagnostic(d))
  }

  return rules
}

async function feed(
  diff: RuleSetDiff,
  paths: readonly string[],
  index: string | undefined,
  io: CliIo,
  log: Logger,
): Promise<boolean> {
  let isReadable = true
  const batches = readInputBatches(paths, {
    stdin: io.stdin,
    onFileSummary: (s) => {
      if (!s.isReadable) isReadable = false
    },
  })
  for await (const batch of batches) {
    for (const item of batch) {
      if (item.kind === 'problem') {
        log.warn(renderInputProblem(item))
        continue
      }

      const eventIndex = item.index ?? index
      // events are named by file and line (or _id) so the diff can say which ones
      const id = item.id ?? `${basename(item.file)}:${String(item.line)}`
      diff.push({ ...item, id, ...(eventIndex === undefined ? {} : { index: eventIndex }) })
    }
  }

  return isReadable
}

/** `vigil diff`, as the CLI's command table loads it. */
export const command: Command = { run: runDiffCommand, help: DIFF_HELP }
