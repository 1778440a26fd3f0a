import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { compileExpression } from './compile-expression.ts'
import { matchesText, parseCondition } from './test-support.ts'

type Case = readonly [condition: string, event: Record<string, unknown>, expected: boolean]

describe('ecs ip fields', () => {
  const cases: Case[] = [
    ['source.ip == "10.0.0.1"', { source: { ip: '10.0.0.1' } }, true],
    ['source.ip == "10.0.0.1"', { source: { ip: '10.0.0.2' } }, false],
    ['source.ip == "::ffff:10.0.0.1"', { source: { ip: '10.0.0.1' } }, true],
    ['source.ip == "2001:db8::1"', { source: { ip: '2001:0DB8:0:0:0:0:0:1' } }, true],
    ['source.ip == "10.0.0.0/8"', { source: { ip: '10.200.0.1' } }, true],
    ['source.ip == "10.0.0.0/8"', { source: { ip: '11.0.0.1' } }, false],
    ['source.ip != "10.0.0.1"', { source: { ip: '10.0.0.1' } }, false],
    ['source.ip in ("1.1.1.1", "192.168.0.0/16")', { source: { ip: '192.168.3.4' } }, true],
    ['source.ip < "10.0.0.5"', { source: { ip: '10.0.0.4' } }, true],
    ['source.ip < "10.0.0.5"', { source: { ip: '9.255.255.255' } }, true],
    ['source.ip > "10.0.0.5"', { source: { ip: '100.0.0.1' } }, true],
    ['source.ip : "10.0.*"', { source: { ip: '10.0.0.1' } }, true],
    ['cidrMatch(source.ip, "10.0.0.0/8")', { source: { ip: '10.0.0.1' } }, true],
    ['source.ip == "10.0.0.1"', { source: { ip: 'garbage' } }, false],
    ['destination.ip == "10.0.0.1"', { destination: { ip: ['1.2.3.4', '10.0.0.1'] } }, true],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }
})

describe('ecs date fields', () => {
  const at = (value: unknown) => ({ '@timestamp': value })
  const cases: Case[] = [
    ['@timestamp == "2017-08-30T20:47:33Z"', at('2017-08-30T20:47:33.000Z'), true],
    ['@timestamp == "2017-08-30T20:47:33Z"', at('2017-08-30T20:47:33.999Z'), true],
    ['@timestamp == "2017-08-30T20:47:33Z"', at('2017-08-30T20:47:34.000Z'), false],
    ['@timestamp == "2017-08-30"', at('2017-08-30T23:59:59.999Z'), true],
    ['@timestamp < "2017-08-30T20:47:32Z"', at('2017-08-30T20:47:31.999Z'), true],
    ['@timestamp < "2017-08-30T20:47:32Z"', at('2017-08-30T20:47:32.500Z'), false],
    ['@timestamp <= "2017-08-30T20:47:32Z"', at('2017-08-30T20:47:32.500Z'), true],
    ['@timestamp > "2017-08-30T20:47:32Z"', at('2017-08-30T20:47:32.500Z'), false],
    ['@timestamp >= "2017-08-30T20:47:32Z"', at('2017-08-30T20:47:32.000Z'), true],
    ['@timestamp == 1516116808349', at(1516116808349), true],
    ['@timestamp == 1516116808349', at('2018-01-16T15:33:28.349Z'), true],
    ['@timestamp > 1516116808349', at('2018-01-16T15:33:28.350Z'), true],
    ['@timestamp == "2017-08-30T22:47:33+02:00"', at('2017-08-30T20:47:33.5Z'), true],
    ['@timestamp == "2017-08-30T20:47:33.123Z"', at('2017-08-30T20:47:33.123456Z'), true],
    ['@timestamp == "2017-08-30T20:47:33.123Z"', at('2017-08-30T20:47:33.124Z'), false],
    ['@timestamp == "2017-08-30T20:47:33Z"', at('1504126053000'), true],
    ['@timestamp == "2017-08-30T20:47:33Z"', at('not a date'), false],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }

  test('a date literal that does not parse is an error', () => {
    const compiled = compileExpression(parseCondition('@timestamp < "yesterday"'))
    assert.equal(compiled.ok, false)
    assert.equal(compiled.diagnostics[0]?.code, 'ERR_EQL_DATE_LITERAL')
  })

  test('an ip literal that does not parse is an error', () => {
    const compiled = compileExpression(parseCondition('source.ip == "10.0.0.300"'))
    assert.equal(compiled.diagnostics[0]?.code, 'ERR_EQL_IP_LITERAL')
  })
})

describe('ecs numeric, keyword and boolean fields', () => {
  const cases: Case[] = [
    ['process.pid == 4', { process: { pid: '4' } }, true],
    ['process.pid > 3', { process: { pid: '4' } }, true],
    ['process.pid == "4"', { process: { pid: 4 } }, true],
    ['process.pid == 4', { process: { pid: 4.7 } }, true],
    ['process.pid in (1, 4)', { process: { pid: '4' } }, true],
    ['process.pid / 3 == 1', { process: { pid: '4' } }, true],
    ['event.code == "4624"', { event: { code: 4624 } }, true],
    ['event.code : "46*"', { event: { code: 4624 } }, true],
    ['event.code == 4624', { event: { code: '4624' } }, true],
    ['event.code > 5', { event: { code: '10' } }, false],
    ['event.code in (4624, 4625)', { event: { code: '4625' } }, true],
    ['length(event.code) == 4', { event: { code: 4624 } }, true],
    ['dll.code_signature.trusted == true', { dll: { code_signature: { trusted: 'true' } } }, true],
    ['dll.code_signature.trusted', { dll: { code_signature: { trusted: true } } }, true],
    [
      'dll.code_signature.trusted == false',
      { dll: { code_signature: { trusted: 'false' } } },
      true,
    ],
  ]

  for (const [condition, event, expected] of cases) {
    test(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      assert.equal(matchesText(condition, event), expected)
    })
  }
})
