import { filterBySeverity, outcomeOf } from '../../detect/index.ts'
import type { Alert, HuntResult, RuleOutcome, RuleResult } from '../../detect/index.ts'
import type { RuleSeverity } from '../../rules/index.ts'
import { ALERT_SINKS } from '../../sinks/index.ts'
import type { AlertFormat } from '../../sinks/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import { renderDiagnostic } from '../../syntax/index.ts'
import { stringOption } from '../args.ts'
import type { ParsedArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'
import type { Logger } from '../logger.ts'
import { OutFile } from '../out-file.ts'

/** What a hunt's alerts come as: one rule's result at a time, or a whole hunt's at once. */
export type HuntParts = Iterable<RuleResult> | HuntResult

/** What was written, for the summary and the exit code. */
export interface Written {
  /** Alerts written (those `--min-severity` kept). */
  readonly alerts: number
  readonly rules: readonly RuleOutcome[]
  readonly warnings: readonly Diagnostic[]
  /** Why the `--out` file could not take every alert, or null. */
  readonly failure: Diagnostic | null
}

/**
 * Opens `--out` before the hunt starts, so that a path that cannot be written is reported at
 * once rather than after the whole hunt: undefined when alerts go to stdout, null (logged) when
 * the file cannot be created.
 */
export function openHuntOut(args: ParsedArgs, log: Logger): OutFile | undefined | null {
  const path = stringOption(args, 'out')
  if (path === undefined) return undefined

  const opened = OutFile.open(path)
  if (opened instanceof OutFile) return opened

  log.error(renderDiagnostic(opened))

  return null
}

/**
 * Writes a hunt's alerts to stdout or `--out` in the chosen format, rule by rule as the results
 * come: a rule's alerts are written, and can be let go of, before the next rule's are built, so
 * a hunt with many alerts never holds them all (the table, whose columns fit every alert, does).
 */
export async function writeHuntAlerts(
  parts: HuntParts,
  args: ParsedArgs,
  out: { readonly file: OutFile | undefined; readonly io: CliIo },
): Promise<Written> {
  const { file, io } = out
  const format =
    (stringOption(args, 'format') as AlertFormat | undefined) ??
    (io.isStdoutTty && file === undefined ? 'table' : 'ndjson')
  const minimum = stringOption(args, 'min-severity') as RuleSeverity | undefined
  const written = { alerts: 0, rules: [] as RuleOutcome[], warnings: [] as Diagnostic[] }
  const alerts = keptAlerts(isWholeHunt(parts) ? [parts] : resultsAsParts(parts), minimum, written)
  const pieces = ALERT_SINKS[format].render(alerts)
  if (file === undefined) {
    await writeAll(io.stdout, pieces)

    return { ...written, failure: null }
  }

  file.writeText(pieces)

  return { ...written, failure: file.close() }
}

function isWholeHunt(parts: HuntParts): parts is HuntResult {
  return 'alerts' in parts && 'rules' in parts && 'warnings' in parts
}

function* resultsAsParts(results: Iterable<RuleResult>): Generator<HuntResult> {
  for (const result of results) {
    yield { alerts: result.alerts, rules: [outcomeOf(result)], warnings: result.warnings }
  }
}

// the alerts `--min-severity` keeps, part by part, noting each part's outcomes as it goes
function* keptAlerts(
  parts: Iterable<HuntResult>,
  minimum: RuleSeverity | undefined,
  written: { alerts: number; rules: RuleOutcome[]; warnings: Diagnostic[] },
): Generator<Alert> {
  for (const part of parts) {
    written.rules.push(...part.rules)
    written.warnings.push(...part.warnings)
    const kept = minimum === undefined ? part.alerts : filterBySeverity(part.alerts, minimum)
    written.alerts += kept.length
    yield* kept
  }
}
