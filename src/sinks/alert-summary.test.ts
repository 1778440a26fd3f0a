import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { RuleOutcome } from '../detect/index.ts'
import { compiled, queryRule } from '../detect/test-support.ts'
import type { Threat } from '../rules/index.ts'
import { renderHuntSummary } from './alert-summary.ts'

// a threat entry of the given technique ids, each with the given subtechniques
function threat(techniques: Record<string, readonly string[]>): Threat {
  const entry = (id: string) => ({ id, name: id, reference: `https://attack.mitre.org/${id}` })

  return {
    framework: 'MITRE ATT&CK',
    tactic: entry('TA0002'),
    technique: Object.entries(techniques).map(([id, subs]) => ({
      ...entry(id),
      subtechnique: subs.map(entry),
    })),
  }
}

function outcome(
  name: string,
  alerts: number,
  threats: readonly Threat[] = [],
  suppressed = 0,
): RuleOutcome {
  const rule = compiled(queryRule('process.name:x', { name, rule_id: name, threat: threats }))

  return { rule, alerts, executions: 1, truncatedExecutions: 0, droppedMatches: 0, suppressed }
}

const TOTALS = { alerts: 3, events: 40, files: 2, seconds: 0.5 }

describe('the hunt summary', () => {
  const cases: [name: string, techniques: Record<string, readonly string[]>, cell: string][] = [
    ['no technique', {}, '-'],
    [
      'techniques and their subtechniques, once each',
      { T1059: ['T1059.001'], T1105: [] },
      'T1059, T1059.001, T1105',
    ],
    [
      'as many as fit in 40 characters with the count, then how many more',
      { T1016: [], T1049: [], T1082: [], T1087: ['T1087.001', 'T1087.002'], T1069: [] },
      'T1016, T1049, T1082, T1087, +3',
    ],
    [
      'exactly 40 characters fit',
      { T1001: [], T1002: [], T1003: [], T1004: [], T1005: [], T1006: [] },
      'T1001, T1002, T1003, T1004, T1005, T1006',
    ],
    [
      'one more does not',
      { T1001: [], T1002: [], T1003: [], T1004: [], T1005: [], T1006: [], T1007: [] },
      'T1001, T1002, T1003, T1004, T1005, +2',
    ],
  ]

  for (const [name, techniques, cell] of cases) {
    test(`the technique cell: ${name}`, () => {
      const text = renderHuntSummary([outcome('R', 3, [threat(techniques)])], TOTALS)
      const row = text.split('\n')[1] ?? ''

      assert.equal(row, `3       medium    ${cell.padEnd(Math.max(cell.length, 9))}  R`)
    })
  }

  test('rules without alerts are left out, and the totals come last', () => {
    const text = renderHuntSummary([outcome('quiet', 0), outcome('loud', 3)], TOTALS)

    assert.deepEqual(text.split('\n'), [
      'alerts  severity  technique  rule',
      '3       medium    -          loud',
      '3 alerts from 1 of 2 rules over 40 events in 2 files (0.50 s)',
    ])
  })

  test('no alert at all: the totals alone', () => {
    assert.equal(
      renderHuntSummary([outcome('quiet', 0)], { ...TOTALS, alerts: 0 }),
      '0 alerts from 0 of 1 rule over 40 events in 2 files (0.50 s)',
    )
  })

  test('events suppressed into alerts are counted in the totals', () => {
    const text = renderHuntSummary([outcome('a', 2, [], 7), outcome('b', 1, [], 1)], TOTALS)

    assert.equal(
      text.split('\n').at(-1),
      '3 alerts from 2 of 2 rules over 40 events in 2 files (0.50 s), 8 more events suppressed into them',
    )
  })

  test('one of each is counted in the singular', () => {
    const text = renderHuntSummary([outcome('R', 1)], { ...TOTALS, alerts: 1, events: 1, files: 1 })

    assert.equal(text.split('\n')[2], '1 alert from 1 of 1 rule over 1 event in 1 file (0.50 s)')
  })
})
