import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { compilePatternTrie } from './pattern-trie.ts'
import { compileAsciiWildcard, compileWildcard, compileWildcardList } from './wildcard.ts'

// a small deterministic generator, so a failure names its seed and repeats
function random(seed: number): () => number {
  let state = seed >>> 0

  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0

    return state / 2 ** 32
  }
}

const ALPHABET = ['a', 'b', 'c', '\\', ':', '.']

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T
}

function text(next: () => number, length: number, extra: readonly string[]): string {
  let out = ''
  for (let i = 0; i < length; i++) out += pick(next, [...ALPHABET, ...extra])

  return out
}

describe('compilePatternTrie', () => {
  const table: [pattern: readonly string[], value: string, expected: boolean][] = [
    [['?:\\windows\\*.exe', '?:\\intel\\*.exe', '*\\x.exe', '*cmd*'], 'c:\\windows\\a.exe', true],
    [['?:\\windows\\*.exe', '?:\\intel\\*.exe', '*\\x.exe', '*cmd*'], 'c:\\intel\\b.dll', false],
    [['?:\\windows\\*.exe', '?:\\intel\\*.exe', '*\\x.exe', '*cmd*'], 'd:\\temp\\x.exe', true],
    [['?:\\windows\\*.exe', '?:\\intel\\*.exe', '*\\x.exe', '*cmd*'], 'runs cmd here', true],
    [['??ab*', '?:\\windows\\*.exe'], 'xyab', true],
    [['??ab*', '?:\\windows\\*.exe'], 'x', false],
  ]
  for (const [patterns, value, expected] of table) {
    test(`${JSON.stringify(patterns)} on ${JSON.stringify(value)} is ${String(expected)}`, () => {
      assert.equal(compilePatternTrie(patterns, compileAsciiWildcard, true)(value), expected)
    })
  }

  for (let seed = 1; seed <= 40; seed++) {
    test(`agrees with testing each pattern in turn (seed ${String(seed)})`, () => {
      const next = random(seed)
      const patterns = Array.from({ length: 8 + Math.floor(next() * 12) }, () =>
        text(next, 1 + Math.floor(next() * 6), ['*', '?']),
      ).filter((p) => p.includes('*') || p.includes('?'))
      const unit = compilePatternTrie(patterns, compileAsciiWildcard, true)
      const general = compilePatternTrie(patterns, compileWildcard, false)
      const each = patterns.map(compileWildcard)
      for (let k = 0; k < 300; k++) {
        const value = text(next, Math.floor(next() * 9), [])
        const expected = each.some((t) => t(value))
        assert.equal(unit(value), expected, `${JSON.stringify(patterns)} on ${value}`)
        assert.equal(general(value), expected, `${JSON.stringify(patterns)} on ${value}`)
      }
    })
  }

  test('a long case-insensitive list keeps code-point ? on non-ASCII values', () => {
    const patterns = Array.from({ length: 10 }, (_, i) => `?:\\dir${String(i)}\\*.EXE`)
    const matches = compileWildcardList(patterns, true)
    assert.equal(matches('C:\\DIR3\\x.exe'), true)
    assert.equal(matches('\u{1f600}:\\dir3\\x.exe'), true)
    assert.equal(matches('\u{1f600}:\\dir3\\x.dll'), false)
  })
})
