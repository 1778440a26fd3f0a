import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compileIndexPatterns } from './index-pattern.ts'

const CASES: readonly [readonly string[] | undefined, string | undefined, boolean][] = [
  [['logs-endpoint.events.process-*'], 'logs-endpoint.events.process-default', true],
  [['logs-endpoint.events.process-*'], 'logs-endpoint.events.network-default', false],
  [
    ['logs-endpoint.events.process-*'],
    '.ds-logs-endpoint.events.process-default-2026.11.20-000001',
    true,
  ],
  [['logs-endpoint.events.process-*'], undefined, true],
  [['winlogbeat-*', 'logs-*'], 'winlogbeat-8.1', true],
  [['logs-*,winlogbeat-*'], 'winlogbeat-8.1', true],
  [['logs-*', '-logs-excluded-*'], 'logs-excluded-a', false],
  [['logs-*', '-logs-excluded-*'], 'logs-kept-a', true],
  [['logs-*'], 'remote:logs-a', true],
  [['logs-*'], 'Logs-a', false],
  [['auditbeat'], 'auditbeat', true],
  [['auditbeat'], 'auditbeat-1', false],
  [[], 'anything', true],
  [undefined, 'anything', true],
]

describe('index patterns', () => {
  for (const [patterns, index, expected] of CASES) {
    test(`${JSON.stringify(patterns)} against ${String(index)} is ${String(expected)}`, () => {
      assert.equal(compileIndexPatterns(patterns)(index), expected)
    })
  }
})
