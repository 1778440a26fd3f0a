import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { applyOverrides } from './overrides.ts'
import { queryRule } from './test-support.ts'

const rule = queryRule('*', {
  severity: 'low',
  risk_score: 21,
  severity_mapping: [
    { field: 'labels.level', operator: 'equals', value: 'crit', severity: 'critical' },
    { field: 'labels.level', operator: 'equals', value: 'warn', severity: 'medium' },
    { field: 'tags', operator: 'equals', value: 'vip', severity: 'high' },
    { field: 'event.severity', operator: 'equals', value: '73', severity: 'high' },
  ],
  risk_score_mapping: [{ field: 'labels.score', operator: 'equals', value: '' }],
  rule_name_override: 'message',
})

const CASES: readonly {
  name: string
  event: Record<string, unknown>
  severity: string
  risk: number
  ruleName: string
}[] = [
  { name: 'no mapping matches', event: {}, severity: 'low', risk: 21, ruleName: 'Test Rule' },
  {
    name: 'one mapping matches',
    event: { labels: { level: 'warn' } },
    severity: 'medium',
    risk: 21,
    ruleName: 'Test Rule',
  },
  {
    name: 'the highest of two matches wins',
    event: { labels: { level: 'warn' }, tags: ['x', 'vip'] },
    severity: 'high',
    risk: 21,
    ruleName: 'Test Rule',
  },
  {
    name: 'critical beats high whatever the order',
    event: { labels: { level: 'crit' }, tags: 'vip' },
    severity: 'critical',
    risk: 21,
    ruleName: 'Test Rule',
  },
  {
    name: 'event.severity compares as an integer',
    event: { event: { severity: 73 } },
    severity: 'high',
    risk: 21,
    ruleName: 'Test Rule',
  },
  {
    name: 'other fields compare as strings',
    event: { labels: { level: 'WARN' } },
    severity: 'low',
    risk: 21,
    ruleName: 'Test Rule',
  },
  {
    name: 'risk score takes the largest value in range',
    event: { labels: { score: [12, '88', 150] } },
    severity: 'low',
    risk: 88,
    ruleName: 'Test Rule',
  },
  {
    name: 'out of range risk scores are ignored',
    event: { labels: { score: [-1, 101] } },
    severity: 'low',
    risk: 21,
    ruleName: 'Test Rule',
  },
  {
    name: 'a string replaces the rule name',
    event: { message: 'Custom name' },
    severity: 'low',
    risk: 21,
    ruleName: 'Custom name',
  },
  {
    name: 'a number does not replace the rule name',
    event: { message: 5 },
    severity: 'low',
    risk: 21,
    ruleName: 'Test Rule',
  },
]

describe('overrides', () => {
  for (const c of CASES) {
    test(`${c.name}: ${JSON.stringify(c.event)}`, () => {
      const got = applyOverrides(rule, c.event)
      assert.deepEqual(got, { severity: c.severity, riskScore: c.risk, ruleName: c.ruleName })
    })
  }
})
