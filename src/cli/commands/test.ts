import { stat, writeFile } from 'node:fs/promises'
import { loadRules } from '../../rules/index.ts'
import {
  renderFileResult,
  renderJunit,
  renderTotals,
  runTests,
  starterTestText,
  testPathFor,
} from '../../ruletest/index.ts'
import type { FileResult, TestTotals } from '../../ruletest/index.ts'
import { EMPTY_SPAN, error, renderDiagnostic } from '../../syntax/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import { describeOptions, isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { OptionSpec } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { OutFile } from '../out-file.ts'
import { COMMON_OPTIONS, EXIT } from './common.ts'
import type { Command } from './common.ts'

const REPORTERS = ['text', 'junit'] as const

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'reporter',
    kind: 'string',
    value: '<name>',
    choices: REPORTERS,
    description: 'text (default) or junit (JUnit XML for CI)',
  },
  {
    name: 'out',
    kind: 'string',
    value: '<file>',
    description: 'write the JUnit XML to a file (text results still go to stdout)',
  },
  {
    name: 'init',
    kind: 'string',
    value: '<rule>',
    description: 'write a starting <rule>.test.toml beside the rule, from its query',
  },
  { name: 'force', kind: 'boolean', description: 'with --init, overwrite an existing test file' },
  ...COMMON_OPTIONS,
]

/** `vigil test --help`. */
export const TEST_HELP = `Usage: vigil test [options] [paths...]
       vigil test --init <rule> [--force]

Runs rule tests: every <rule>.test.toml under the paths (default: the current folder), each
naming a rule and giving fixture events and the alerts they must raise (or that none must be
raised). Rules run through the same detection engine as vigil hunt: exceptions, overrides,
sequences with their building blocks, and replay with max_signals. Prints one line per case, the
alert diff of each failed case, and "N passed, M failed".

Options:
${describeOptions(OPTIONS)}

Exit codes: 0 every case passed, 1 some case failed or a test file is malformed, 2 usage.`

/** Runs `vigil test`; returns the exit code. */
export async function runTestCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS)
  if (isFlagSet(args, 'help')) {
    await writeAll(io.stdout, [`${TEST_HELP}\n`])

    return EXIT.ok
  }

  const init = stringOption(args, 'init')
  if (init !== undefined) return runInit(init, isFlagSet(args, 'force'), io)

  const reporter = stringOption(args, 'reporter') ?? 'text'
  const out = stringOption(args, 'out')
  if (out !== undefined && reporter !== 'junit')
    throw new UsageError('option --out needs --reporter junit')
  // created before the tests run, so that a path that cannot be written fails at once
  const file = out === undefined ? undefined : OutFile.open(out)
  if (file !== undefined && !(file instanceof OutFile)) {
    io.stderr.write(`${renderDiagnostic(file)}\n`)

    return EXIT.input
  }

  const paths = args.positionals.length === 0 ? ['.'] : args.positionals
  const isQuiet = isFlagSet(args, 'quiet')
  const isXmlOnStdout = reporter === 'junit' && out === undefined
  const results: FileResult[] = []
  const run = runTests(paths)
  let totals: TestTotals | undefined
  for (;;) {
    const next = await run.next()
    if (next.done === true) {
      totals = next.value
      break
    }

    results.push(next.value)
    if (!isXmlOnStdout) await writeAll(io.stdout, textLines(next.value, isQuiet))
  }

  const failure = reporter === 'junit' ? await writeJunit(results, file, io) : null
  if (failure !== null) {
    io.stderr.write(`${renderDiagnostic(failure)}\n`)

    return EXIT.input
  }

  const summary = `${renderTotals(totals)}\n`
  // with the XML on stdout the summary goes to stderr, so stdout stays one XML document
  if (isXmlOnStdout) io.stderr.write(summary)
  else await writeAll(io.stdout, [summary])

  return totals.failed === 0 ? EXIT.ok : EXIT.input
}

function textLines(result: FileResult, isQuiet: boolean): string[] {
  const lines = renderFileResult(result)
  const shown = isQuiet
    ? lines.filter((l) => !l.startsWith('PASS ') && !l.startsWith('SKIP '))
    : lines

  return shown.map((l) => `${l}\n`)
}

// the report on stdout or in the --out file; why the file could not take it, or null
async function writeJunit(
  results: readonly FileResult[],
  file: OutFile | undefined,
  io: CliIo,
): Promise<Diagnostic | null> {
  const xml = renderJunit(results)
  if (file === undefined) {
    await writeAll(io.stdout, [xml])

    return null
  }

  file.writeText([xml])

  return file.close()
}

/** `vigil test --init <rule>`: writes the starting test file beside the rule. */
async function runInit(rulePath: string, isForced: boolean, io: CliIo): Promise<number> {
  const loaded = await loadRules([rulePath])
  const [rule, other] = loaded.rules
  const problems = loaded.diagnostics.filter((d) => d.severity === 'error')
  if (rule === undefined || other !== undefined || problems.length > 0) {
    const many = other === undefined ? [] : [`"${rulePath}" holds several rules; --init takes one`]
    const lines = [...problems.map((d) => renderDiagnostic(d)), ...many]
    io.stderr.write(`${(lines.length > 0 ? lines : [`no rule in "${rulePath}"`]).join('\n')}\n`)

    return EXIT.input
  }

  const target = testPathFor(rulePath)
  if (!isForced && (await stat(target).catch(() => null)) !== null) {
    const message = `"${target}" exists; pass --force to overwrite it`
    io.stderr.write(
      `${renderDiagnostic(error('ERR_TEST_INIT_EXISTS', message, EMPTY_SPAN, target))}\n`,
    )

    return EXIT.input
  }

  const text = starterTestText(rule, rulePath)
  if (!text.ok) {
    io.stderr.write(`${text.diagnostics.map((d) => renderDiagnostic(d)).join('\n')}\n`)

    return EXIT.input
  }

  await writeFile(target, text.value)
  await writeAll(io.stdout, [`wrote ${target}\n`])

  return EXIT.ok
}

/** `vigil test`, as the CLI's command table loads it. */
export const command: Command = { run: runTestCommand, help: TEST_HELP }
