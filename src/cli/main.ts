import { readFileSync } from 'node:fs'
import { UsageError } from './args.ts'
import { runConvertCommand, CONVERT_HELP } from './commands/convert.ts'
import { EXIT } from './commands/common.ts'
import { DIFF_HELP, runDiffCommand } from './commands/diff.ts'
import { HUNT_HELP, runHuntCommand } from './commands/hunt.ts'
import { QUERY_HELP, runQueryCommand } from './commands/query.ts'
import { RULES_HELP, runRulesCommand } from './commands/rules.ts'
import { runTestCommand, TEST_HELP } from './commands/test.ts'
import type { CliIo } from './io.ts'
import { processIo, writeAll } from './io.ts'

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => Promise<number>>> =
  {
    query: runQueryCommand,
    convert: runConvertCommand,
    hunt: runHuntCommand,
    diff: runDiffCommand,
    test: runTestCommand,
    rules: runRulesCommand,
  }

const HELP = `Usage: vigil <command> [options]

Runs Elastic Security detection rules (EQL) over ECS logs and Windows event logs, no cluster
needed.

Commands:
  query [--] <EQL> <inputs...>        run an EQL query over NDJSON/JSON/.gz/EVTX/XML inputs
  hunt --rules <path> <inputs...>     run detection rules over inputs and print alerts
  diff --rules <A> --rules-b <B> ...  compare the alerts of two rule sets over the same inputs
  test [paths...]                     run rule tests (events in, expected alerts out)
  convert <files and folders...>      turn .evtx/.xml Windows events into ECS NDJSON (or XML)
  rules validate <paths...>           say which detection rules Vigil can run

Options:
  -h, --help     show help (vigil <command> --help for a command)
  --version      print the version

Examples:
  vigil query 'process where process.name : "cmd.exe"' logs/
  vigil query --format es -- 'sequence by host.id [process where true] [network where true]' a.ndjson
  vigil convert Security.evtx > security.ndjson`

/** Every help text by command, for `vigil help <command>`. */
const HELPS: Readonly<Record<string, string>> = {
  query: QUERY_HELP,
  hunt: HUNT_HELP,
  diff: DIFF_HELP,
  test: TEST_HELP,
  convert: CONVERT_HELP,
  rules: RULES_HELP,
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      await writeAll(io.stdout, [`${HELP}\n`])

      return command === undefined ? EXIT.usage : EXIT.ok
    }

    if (command === '--version' || command === '-V') {
      await writeAll(io.stdout, [`${readVersion()}\n`])

      return EXIT.ok
    }

    if (command === 'help') {
      await writeAll(io.stdout, [`${HELPS[rest[0] ?? ''] ?? HELP}\n`])

      return EXIT.ok
    }

    const run = COMMANDS[command]
    if (run === undefined) {
      throw new UsageError(
        command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`,
      )
    }

    return await run(rest, io)
  } catch (caught) {
    if (!(caught instanceof UsageError)) throw caught

    io.stderr.write(`vigil: ${caught.message} (see vigil --help)\n`)

    return EXIT.usage
  }
}

function readVersion(): string {
  const url = new URL('../../package.json', import.meta.url)
  const json = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown }

  return typeof json.version === 'string' ? json.version : '0.0.0'
}
