import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SourceText } from '../syntax/index.ts'
import { TomlLocator } from './toml-locator.ts'
import type { TomlPath } from './toml-locator.ts'

const TEXT = [
  '# comment', // 1
  'top = 1', // 2
  '[rule]', // 3
  'name = "x" # trailing', // 4
  'index = [', // 5
  '  "a-*", # first', // 6
  "  'b-*',", // 7
  ']', // 8
  "query = '''", // 9
  'process where true', // 10
  "'''", // 11
  'note = """', // 12
  'tab\\there', // 13
  '"""', // 14
  'dotted.key = { inner = [1, 2], "quoted.key" = true }', // 15
  '[[rule.threat]]', // 16
  'framework = "A"', // 17
  '[rule.threat.tactic]', // 18
  'id = "TA1"', // 19
  '[[rule.threat]]', // 20
  '[[rule.threat.technique]]', // 21
  'id = "T1"', // 22
  '[rule.filters.query.wildcard."file.path"]', // 23
  'value = "*.exe"', // 24
].join('\n')

const CASES: readonly (readonly [path: TomlPath, line: number, column: number])[] = [
  [['top'], 2, 7],
  [['rule'], 3, 1],
  [['rule', 'name'], 4, 8],
  [['rule', 'index'], 5, 9],
  [['rule', 'index', 0], 6, 3],
  [['rule', 'index', 1], 7, 3],
  [['rule', 'query'], 9, 9],
  [['rule', 'dotted', 'key', 'inner', 1], 15, 28],
  [['rule', 'dotted', 'key', 'quoted.key'], 15, 47],
  [['rule', 'threat', 0], 16, 1],
  [['rule', 'threat', 0, 'framework'], 17, 13],
  [['rule', 'threat', 0, 'tactic', 'id'], 19, 6],
  [['rule', 'threat', 1, 'technique', 0, 'id'], 22, 6],
  [['rule', 'filters', 'query', 'wildcard', 'file.path', 'value'], 24, 9],
]

describe('toml key locator', () => {
  const source = new SourceText('t.toml', TEXT)
  const locator = new TomlLocator(source)

  for (const [path, line, column] of CASES) {
    test(`finds ${JSON.stringify(path)} at ${line}:${column}`, () => {
      const found = locator.locate(path)
      assert.deepEqual(
        { line: found?.value.start.line, column: found?.value.start.column },
        { line, column },
      )
    })
  }

  test('starts a multi-line literal string after the trimmed newline', () => {
    const content = locator.locate(['rule', 'query'])?.string
    assert.equal(content?.offsets, undefined)
    assert.deepEqual(source.positionAt(content?.start ?? -1), {
      offset: TEXT.indexOf('process'),
      line: 10,
      column: 1,
    })
  })

  test('maps every decoded character of an escaped basic string', () => {
    const content = locator.locate(['rule', 'note'])?.string
    const start = TEXT.indexOf('tab\\there')
    // "tab", one tab for the two-character escape, then "here" and the newline
    assert.deepEqual(content?.offsets?.slice(0, 6), [
      start,
      start + 1,
      start + 2,
      start + 3,
      start + 5,
      start + 6,
    ])
  })

  test('falls back to the nearest located ancestor', () => {
    assert.equal(locator.locate(['rule', 'threat', 0, 'technique']), undefined)
    assert.equal(locator.nearest(['rule', 'threat', 0, 'technique'])?.key.start.line, 16)
  })
})
