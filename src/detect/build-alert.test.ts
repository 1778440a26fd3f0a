import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compiled, eqlRule, processEvent, runHunt, TEST_NOW } from './test-support.ts'

describe('alert documents', () => {
  test('keep the source keys in their order, then the original event, rule and alert fields', () => {
    const source = { zeta: 1, ...processEvent('2026-11-20T08:00:00Z'), alpha: { b: 2 }, '10': 'x' }
    const [alert] = runHunt([compiled(eqlRule('process where true'), {}, 0)], [source]).alerts
    const keys = Object.keys(alert?.document ?? {})
    const sourceKeys = Object.keys(source)
    assert.deepEqual(keys.slice(0, sourceKeys.length), sourceKeys)
    assert.equal(keys[sourceKeys.length], 'event.kind')

    const groups = keys
      .slice(sourceKeys.length + 1)
      .map((key) => key.split('.').slice(0, 3).join('.'))
    const firstOf = (prefix: string) => groups.findIndex((g) => g.startsWith(prefix))
    assert.ok(firstOf('kibana.alert.original_event') < firstOf('kibana.alert.rule'))
    assert.ok(firstOf('kibana.alert.rule') < groups.indexOf('kibana.alert.ancestors'))
    assert.equal(keys.at(-1), 'kibana.space_ids')
    // the source's own @timestamp keeps its place and takes the alert's time
    assert.equal(keys.indexOf('@timestamp'), sourceKeys.indexOf('@timestamp'))
    assert.equal(alert?.document['@timestamp'], new Date(TEST_NOW).toISOString())
  })
})
