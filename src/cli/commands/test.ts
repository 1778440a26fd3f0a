import { writeFile } from 'node:fs/promises'
import { renderFileResult, renderJunit, renderTotals, runTests } from '../../ruletest/index.ts'
import type { FileResult, TestTotals } from '../../ruletest/index.ts'
import { describeOptions, isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { OptionSpec } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { COMMON_OPTIONS, EXIT } from './common.ts'
import { runInit } from './test-init.ts'

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

  if (reporter === 'junit') await writeJunit(results, out, io)
  const summary = `${renderTotals(totals)}\n`
  // with the XML on stdout the summary goes to stderr, so stdout stays one XML document
  if (isXmlOnStdout) io.stderr.write(summary)
  else await writeAll(io.stdout, [summary])

  return totals.failed === 0 ? EXIT.ok : EXIT.input
}

function textLines(result: FileResult, isQuiet: boolean): string[] {
  const lines = renderFileResult(result)
  const shown = isQuiet ? lines.filter((l) => !l.startsWith('PASS ') && !l.startsWith('SKIP ')) : lines

  return shown.map((l) => `${l}\n`)
}

async function writeJunit(results: readonly FileResult[], out: string | undefined, io: CliIo) {
  const xml = renderJunit(results)
  if (out === undefined) await writeAll(io.stdout, [xml])
  else await writeFile(out, xml)
}
