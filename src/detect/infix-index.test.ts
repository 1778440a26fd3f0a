import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { InfixIndex } from './infix-index.ts'

const INFIXES = ['temp', 'tem', '-enc', 'kali', 'ali']

function found(value: string): string[] {
  const index = new InfixIndex<string>()
  for (const infix of INFIXES) index.itemsOf(infix).push(infix)

  const hits: string[] = []
  index.forEach(value, (items) => hits.push(...items))

  return hits
}

const CASES: readonly [string, string[]][] = [
  ['c:\\temp\\x', ['tem', 'temp']],
  ['temp', ['tem', 'temp']],
  ['xtem', ['tem']],
  ['te', []],
  ['', []],
  ['powershell -enc aa', ['-enc']],
  ['kalilinux', ['kali', 'ali']],
  ['tem tem', ['tem', 'tem']],
  ['\u00e9kali\u00e9', ['kali', 'ali']],
  ['\u00e9\u00e9\u00e9', []],
  ['TEMP', []],
]

describe('infix index', () => {
  for (const [value, expected] of CASES) {
    test(`${JSON.stringify(value)} holds ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(found(value), expected)
    })
  }

  test('refuses infixes it cannot find', () => {
    const index = new InfixIndex<string>()
    assert.throws(() => index.itemsOf('ab'), /not an indexable infix/)
    assert.throws(() => index.itemsOf('\u00e9ab'), /not an indexable infix/)
  })
})
