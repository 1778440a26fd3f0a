import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import {
  buildingBlockIds,
  derivedEventId,
  eventAlertId,
  ruleUuid,
  shellAlertId,
  uuidV5,
} from './ids.ts'

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

describe('alert ids', () => {
  test('uuid v5 matches the RFC 4122 example for the DNS namespace', () => {
    assert.equal(
      uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    )
  })

  test('rule uuids are stable per rule_id and differ between rules', () => {
    assert.equal(ruleUuid('a'), ruleUuid('a'))
    assert.notEqual(ruleUuid('a'), ruleUuid('b'))
    assert.match(
      ruleUuid('a'),
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  test('an event alert id hashes index, id, version and space:rule', () => {
    assert.equal(eventAlertId('logs-x', 'abc', '1', 'r-1'), sha256('logs-xabc1default:r-1'))
    assert.notEqual(
      eventAlertId('logs-x', 'abc', '1', 'r-1'),
      eventAlertId('logs-y', 'abc', '1', 'r-1'),
    )
  })

  test('derived event ids are 20 url-safe characters and depend on file and line', () => {
    const id = derivedEventId('a.ndjson', 3)
    assert.match(id, /^[A-Za-z0-9_-]{20}$/)
    assert.equal(id, derivedEventId('a.ndjson', 3))
    assert.notEqual(id, derivedEventId('a.ndjson', 4))
    assert.notEqual(id, derivedEventId('b.ndjson', 3))
  })

  test('building block ids depend on every block and on the position', () => {
    const a = [{ id: 'e1', type: 'event', index: 'i', depth: 0 }] as const
    const b = [{ id: 'e2', type: 'event', index: 'i', depth: 0 }] as const
    const c = [{ id: 'e3', type: 'event', index: 'i', depth: 0 }] as const
    const first = buildingBlockIds([a, b], 'r')
    assert.equal(first[0], sha256('e1ir' + 'e2ir' + '0'))
    assert.equal(first[1], sha256('e1ire2ir1'))
    // the same event in another sequence gets another id
    assert.notEqual(buildingBlockIds([a, c], 'r')[0], first[0])
  })

  test('the shell id hashes its ancestors and the rule', () => {
    const ancestors = [
      { id: 'e1', type: 'event', index: 'i', depth: 0 },
      { id: 'b1', type: 'signal', index: '', depth: 1, rule: 'r' },
    ] as const
    assert.equal(shellAlertId(ancestors, 'r'), sha256('e1ib1r'))
  })
})
