import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import type { Alert, CompiledRule } from '../../detect/index.ts'
import { compiled, processEvent, queryRule, runHunt } from '../../detect/test-support.ts'
import { packAlert, unpackAlert } from './alert-wire.ts'

const GUIDE = 'An investigation guide long enough to be worth leaving out of the message. '.repeat(
  20,
)

const PLAIN = compiled(queryRule('process.name:cmd.exe', { note: GUIDE, tags: ['a', 'b'] }))
const RENAMED = compiled(
  queryRule('process.name:cmd.exe', { note: GUIDE, rule_name_override: 'process.title' }),
)

function alertsOf(rule: CompiledRule): Alert[] {
  const events = ['first', 'second'].map((title, i) =>
    processEvent(`2026-11-20T10:00:0${String(i)}Z`, {
      process: { name: 'cmd.exe', title },
    }),
  )

  return [...runHunt([rule], events).alerts]
}

// what the main thread gets: the packed alert, copied as postMessage copies it
function overTheWire(alert: Alert, rule: CompiledRule): { text: string; posted: number } {
  const packed = structuredClone(packAlert(alert, rule))
  const posted = JSON.stringify(packed.document).length

  return { text: JSON.stringify(unpackAlert(packed, rule).document), posted }
}

describe('alerts posted by hunt workers', () => {
  const cases: [string, CompiledRule][] = [
    ['a rule', PLAIN],
    ['a rule whose alerts are named by their events', RENAMED],
  ]
  for (const [name, rule] of cases) {
    test(`come back byte for byte, without their rule fields on the way (${name})`, () => {
      const alerts = alertsOf(rule)
      assert.equal(alerts.length, 2)
      for (const alert of alerts) {
        const before = JSON.stringify(alert.document)
        const { text, posted } = overTheWire(alert, rule)
        assert.equal(text, before)
        assert.ok(
          posted < before.length - GUIDE.length,
          `${String(posted)} of ${String(before.length)}`,
        )
      }
    })
  }

  test("an alert whose rule fields are not the rule's own goes whole", () => {
    const [alert] = alertsOf(PLAIN)
    if (alert === undefined) throw new Error('no alert')

    alert.document['kibana.alert.rule.note'] = 'changed after it was built'
    const before = JSON.stringify(alert.document)
    assert.equal(packAlert(alert, PLAIN).isPacked, false)
    assert.equal(overTheWire(alert, PLAIN).text, before)
  })

  test('an alert without a rule name goes whole', () => {
    const [alert] = alertsOf(PLAIN)
    if (alert === undefined) throw new Error('no alert')

    delete alert.document['kibana.alert.rule.name']
    const before = JSON.stringify(alert.document)
    assert.equal(packAlert(alert, PLAIN).isPacked, false)
    assert.equal(overTheWire(alert, PLAIN).text, before)
  })
})
