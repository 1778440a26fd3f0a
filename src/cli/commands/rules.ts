import { readFile } from 'node:fs/promises'
import {
  loadRules,
  renderValidationJson,
  renderValidationTable,
  validateRulesReport,
} from '../../rules/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import { renderDiagnostic, SourceText } from '../../syntax/index.ts'
import { describeOptions, isFlagSet, parseArgs, stringOption, UsageError } from '../args.ts'
import type { OptionSpec } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import { levelFor, Logger } from '../logger.ts'
import { COMMON_OPTIONS, EXIT } from './common.ts'
import type { Command } from './common.ts'

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'format',
    kind: 'string',
    value: '<format>',
    choices: ['table', 'json'],
    description: 'table or json (default table)',
  },
  ...COMMON_OPTIONS,
]

/** `vigil rules --help`. */
export const RULES_HELP = `Usage: vigil rules validate [options] <paths...>

Loads detection rules (detection-rules TOML, Kibana NDJSON/JSON exports, rule pages; folders are
walked) and says, rule by rule, whether Vigil can run it: ok, unsupported or error.

Options:
${describeOptions(OPTIONS)}

Exit codes: 0 no rule is in error, 1 some rule (or rule file) is in error, 2 usage.`

/** Runs `vigil rules <subcommand>`; returns the exit code. */
export async function runRulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS)
  const [subcommand, ...paths] = args.positionals
  if (isFlagSet(args, 'help') || subcommand === undefined) {
    await writeAll(io.stdout, [`${RULES_HELP}\n`])

    return subcommand === undefined && !isFlagSet(args, 'help') ? EXIT.usage : EXIT.ok
  }

  if (subcommand !== 'validate')
    throw new UsageError(`unknown rules command "${subcommand}"; try vigil rules validate`)
  if (paths.length === 0) throw new UsageError('missing rule files or folders to validate')

  const log = new Logger(io.stderr, levelFor(isFlagSet(args, 'quiet'), isFlagSet(args, 'verbose')))
  const loaded = await loadRules(paths)
  const report = validateRulesReport(loaded.rules)
  const isJson = stringOption(args, 'format') === 'json'
  const text = isJson ? renderValidationJson(report.rows) : renderValidationTable(report.rows)
  await writeAll(io.stdout, [text.endsWith('\n') ? text : `${text}\n`])
  for (const rendered of await renderAll([...loaded.diagnostics, ...report.diagnostics]))
    log.warn(rendered)

  const isBroken =
    report.rows.some((row) => row.status === 'error') ||
    loaded.diagnostics.some((d) => d.severity === 'error')
  log.info(`${String(report.rows.length)} rules from ${String(loaded.files)} files`)

  return isBroken ? EXIT.input : EXIT.ok
}

/** Renders diagnostics with a caret under the rule text when the file can be read again. */
async function renderAll(diagnostics: readonly Diagnostic[]): Promise<string[]> {
  const sources = new Map<string, SourceText | null>()
  const out: string[] = []
  for (const diagnostic of diagnostics) {
    const name = diagnostic.source
    if (name !== undefined && !sources.has(name)) {
      const text = await readFile(name, 'utf8').catch(() => null)
      sources.set(name, text === null ? null : new SourceText(name, text))
    }

    const source = name === undefined ? null : (sources.get(name) ?? null)
    out.push(
      source === null ? renderDiagnostic(diagnostic) : renderDiagnostic(diagnostic, { source }),
    )
  }

  return out
}

/** `vigil rules`, as the CLI's command table loads it. */
export const command: Command = { run: runRulesCommand, help: RULES_HELP }
