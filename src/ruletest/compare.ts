import { isDeepStrictEqual } from 'node:util'
import type { AlertDocument } from '../detect/index.ts'
import type { AlertExpectation, TestCase } from './model.ts'
import type { ActualAlert, CaseRun } from './run-case.ts'
import { isTable } from './toml-values.ts'

/** One way a case's alerts differ from what it expects. */
export type Mismatch =
  | { readonly kind: 'count'; readonly expected: number; readonly actual: number }
  | { readonly kind: 'truncated'; readonly expected: number; readonly actual: number }
  | { readonly kind: 'missing'; readonly expected: AlertExpectation }
  | { readonly kind: 'unexpected'; readonly alert: ActualAlert }
  | {
      readonly kind: 'field'
      readonly alert: ActualAlert
      readonly field: string
      readonly expected: unknown
      readonly actual: unknown
    }

/**
 * Compares a case's alerts with its expectations. Expected alerts that name events pair with
 * the alert from exactly those events (in order); the others pair with the first alert left
 * whose fields all match, else the first alert left. Without `alerts = N` the listed alerts
 * must be all there are; with it, the count is checked and unlisted alerts are allowed.
 */
export function compareCase(testCase: TestCase, run: CaseRun): Mismatch[] {
  const mismatches: Mismatch[] = []
  const { alertCount, truncatedExecutions } = testCase
  if (alertCount !== undefined && alertCount !== run.alerts.length)
    mismatches.push({ kind: 'count', expected: alertCount, actual: run.alerts.length })
  if (truncatedExecutions !== undefined && truncatedExecutions !== run.truncatedExecutions) {
    const actual = run.truncatedExecutions
    mismatches.push({ kind: 'truncated', expected: truncatedExecutions, actual })
  }

  const left = [...run.alerts]
  const pairs = pairAlerts(testCase.expected, left, mismatches)
  for (const [expected, alert] of pairs) mismatches.push(...fieldMismatches(expected, alert))
  // with a count, alerts beyond it are listed so the author sees which events raised them
  const extra = alertCount === undefined ? left : left.slice(Math.max(0, alertCount - pairs.length))
  for (const alert of extra) mismatches.push({ kind: 'unexpected', alert })

  return mismatches
}

function pairAlerts(
  expectations: readonly AlertExpectation[],
  left: ActualAlert[],
  mismatches: Mismatch[],
): [AlertExpectation, ActualAlert][] {
  const pairs: [AlertExpectation, ActualAlert][] = []
  const take = (expected: AlertExpectation, found: number): void => {
    const [alert] = found === -1 ? [] : left.splice(found, 1)
    if (alert === undefined) mismatches.push({ kind: 'missing', expected })
    else pairs.push([expected, alert])
  }
  const named = expectations.filter((e) => e.events !== undefined)
  for (const expected of named)
    take(
      expected,
      left.findIndex((a) => isSameEvents(expected, a)),
    )
  for (const expected of expectations.filter((e) => e.events === undefined)) {
    const matching = left.findIndex((a) => fieldMismatches(expected, a).length === 0)
    take(expected, matching === -1 ? (left.length > 0 ? 0 : -1) : matching)
  }

  return pairs
}

function isSameEvents(expected: AlertExpectation, alert: ActualAlert): boolean {
  return isDeepStrictEqual(expected.events, alert.events)
}

function fieldMismatches(expected: AlertExpectation, alert: ActualAlert): Mismatch[] {
  const out: Mismatch[] = []
  for (const [field, value] of expected.fields) {
    const actual = fieldValue(alert.document, field)
    if (!isDeepStrictEqual(actual, value))
      out.push({ kind: 'field', alert, field, expected: value, actual })
  }

  return out
}

/**
 * A field of an alert document by dotted path: alert documents mix flat keys
 * (`kibana.alert.severity`) with the nested source (`process.parent.name`), so every split of
 * the path into a flat key and a nested rest is tried, longest key first.
 */
export function fieldValue(document: AlertDocument, path: string): unknown {
  if (Object.hasOwn(document, path)) return document[path]

  for (let dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
    const head = document[path.slice(0, dot)]
    if (!isTable(head)) continue

    const found = fieldValue(head, path.slice(dot + 1))
    if (found !== undefined) return found
  }

  return undefined
}
