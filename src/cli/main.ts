import { readFileSync } from 'node:fs'
import { UsageError } from './args.ts'
import { EXIT } from './commands/common.ts'
import type { Command } from './commands/common.ts'
import type { CliIo } from './io.ts'
import { processIo, writeAll } from './io.ts'

// each command's modules load only when it runs: `vigil --version` or `vigil convert` never
// load the rule compiler, and a start costs what its command needs
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  query: async () => (await import('./commands/query.ts')).command,
  convert: async () => (await import('./commands/convert.ts')).command,
  hunt: async () => (await import('./commands/hunt.ts')).command,
  diff: async () => (await import('./commands/diff.ts')).command,
  test: async () => (await import('./commands/test.ts')).command,
  rules: async () => (await import('./commands/rules.ts')).command,
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
      const load = loaderOf(rest[0])
      const help = load === undefined ? HELP : (await load()).help
      await writeAll(io.stdout, [`${help}\n`])

      return EXIT.ok
    }

    const load = loaderOf(command)
    if (load === undefined) {
      throw new UsageError(
        command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`,
      )
    }

    const { run } = await load()

    return await run(rest, io)
  } catch (caught) {
    if (!(caught instanceof UsageError)) throw caught

    io.stderr.write(`vigil: ${caught.message} (see vigil --help)\n`)

    return EXIT.usage
  }
}

// the table's own entries only: a name like "constructor" is no command
function loaderOf(name: string | undefined): (() => Promise<Command>) | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
}

function readVersion(): string {
  const url = new URL('../../package.json', import.meta.url)
  const json = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown }

  return typeof json.version === 'string' ? json.version : '0.0.0'
}
