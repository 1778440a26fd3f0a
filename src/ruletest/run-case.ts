import { compileRule, Hunt } from '../detect/index.ts'
import type { Alert, AlertDocument } from '../detect/index.ts'
import type { Rule } from '../rules/index.ts'
import { error } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { feedFixtures } from './fixtures.ts'
import type { TestCase, TestFile } from './model.ts'
import { resolveOptions } from './run-options.ts'

/** One alert as a test sees it: a sequence's shell alert carries its building blocks. */
export interface ActualAlert {
  readonly id: string
  /** Labels of the fixture events it comes from, in order. */
  readonly events: readonly string[]
  readonly document: AlertDocument
  readonly buildingBlocks: readonly AlertDocument[]
}

/** What running one case gave. */
export interface CaseRun {
  readonly alerts: readonly ActualAlert[]
  readonly truncatedExecutions: number
  /** Every fixture event label of the case. */
  readonly labels: ReadonlySet<string>
  readonly warnings: readonly Diagnostic[]
}

/**
 * Runs a case through the detection engine exactly as `vigil hunt` would: the rule compiled
 * with the case's `now` and exceptions, the fixtures offered in order, then one search (or the
 * replayed executions). Returns null when problems stop the case before it runs.
 */
export async function runCase(
  file: TestFile,
  testCase: TestCase,
  rule: Rule,
  clock: number,
  problems: Diagnostic[],
): Promise<CaseRun | null> {
  const options = await resolveOptions(file, testCase, clock, problems)
  const compiled = compileRule(rule, 0, { now: options.now, exceptions: options.exceptions })
  if (!compiled.ok) {
    const message = `rule "${rule.name}" cannot run`
    problems.push(error('ERR_TEST_RULE_CANNOT_RUN', message, file.rule.span, file.path))
    problems.push(...compiled.diagnostics)

    return null
  }

  const hunt = new Hunt([compiled.value], {
    mode: options.mode,
    now: options.now,
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.until === undefined ? {} : { until: options.until }),
  })
  const labels = await feedFixtures(
    file,
    testCase,
    options.index,
    (e) => {
      hunt.push(e)
    },
    problems,
  )
  if (hasErrors(problems)) return null

  const result = hunt.finish()

  return {
    alerts: groupAlerts(result.alerts),
    truncatedExecutions: result.rules.reduce((sum, r) => sum + r.truncatedExecutions, 0),
    labels,
    warnings: result.warnings,
  }
}

/** Whether any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/**
 * Folds a sequence's building blocks (`kibana.alert.group.index` set) into their shell alert,
 * so a test counts and names one alert per sequence.
 */
export function groupAlerts(alerts: readonly Alert[]): ActualAlert[] {
  const blocks = new Map<string, AlertDocument[]>()
  for (const alert of alerts) {
    const group = alert.document['kibana.alert.group.id']
    if (typeof group !== 'string' || alert.document['kibana.alert.group.index'] === undefined)
      continue

    const list = blocks.get(group) ?? []
    list.push(alert.document)
    blocks.set(group, list)
  }

  return alerts
    .filter((a) => a.document['kibana.alert.group.index'] === undefined)
    .map((a) => ({
      id: a.id,
      events: eventIdsOf(a.document),
      document: a.document,
      buildingBlocks: blocks.get(a.id) ?? [],
    }))
}

/** The `_id`s of the source events an alert descends from, in order. */
export function eventIdsOf(document: AlertDocument): string[] {
  const ancestors = document['kibana.alert.ancestors']
  if (!Array.isArray(ancestors)) return []

  return ancestors.flatMap((a: unknown) => {
    const { type, id } = (a ?? {}) as { type?: unknown; id?: unknown }

    return type === 'event' && typeof id === 'string' ? [id] : []
  })
}
