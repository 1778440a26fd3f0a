import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { filterBySeverity, outcomeOf } from '../../detect/index.ts'
import type { Alert, HuntResult, RuleOutcome, RuleResult } from '../../detect/index.ts'
import type { RuleSeverity } from '../../rules/index.ts'
import { ALERT_SINKS } from '../../sinks/index.ts'
import type { AlertFormat } from '../../sinks/index.ts'
import type { Diagnostic } from '../../syntax/index.ts'
import { stringOption } from '../args.ts'
import type { ParsedArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { writeAll } from '../io.ts'

/** What a hunt's alerts come as: one rule's result at a time, or a whole hunt's at once. */
export type HuntParts = Iterable<RuleResult> | HuntResult

/** What was written, for the summary and the exit code. */
export interface Written {
  /** Alerts written (those `--min-severity` kept). */
  readonly alerts: number
  readonly rules: readonly RuleOutcome[]
  readonly warnings: readonly Diagnostic[]
}

/**
 * Writes a hunt's alerts to stdout or `--out` in the chosen format, rule by rule as the results
 * come: a rule's alerts are written, and can be let go of, before the next rule's are built, so
 * a hunt with many alerts never holds them all (the table, whose columns fit every alert, does).
 */
export async function writeHuntAlerts(
  parts: HuntParts,
  args: ParsedArgs,
  io: CliIo,
): Promise<Written> {
  const out = stringOption(args, 'out')
  const format =
    (stringOption(args, 'format') as AlertFormat | undefined) ??
    (io.isStdoutTty && out === undefined ? 'table' : 'ndjson')
  const minimum = stringOption(args, 'min-severity') as RuleSeverity | undefined
  const written = { alerts: 0, rules: [] as RuleOutcome[], warnings: [] as Diagnostic[] }
  const alerts = keptAlerts(isWholeHunt(parts) ? [parts] : resultsAsParts(parts), minimum, written)
  const pieces = ALERT_SINKS[format].render(alerts)
  if (out === undefined) await writeAll(io.stdout, pieces)
  else {
    const file = createWriteStream(out)
    await writeAll(file, pieces)
    await closeStream(file)
  }

  return written
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

function closeStream(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject)
    stream.end(() => {
      resolve()
    })
  })
}
