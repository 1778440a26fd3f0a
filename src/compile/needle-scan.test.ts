import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { NeedleScan } from './needle-scan.ts'
import type { Needle } from './prefilter-requirements.ts'

const insensitive = (text: string): Needle => ({ text, isCaseInsensitive: true })
const sensitive = (text: string): Needle => ({ text, isCaseInsensitive: false })

const NEEDLES: readonly Needle[] = [
  insensitive('cmd.exe'),
  insensitive('md.e'),
  sensitive('"Process"'),
  sensitive('w3wp'),
  insensitive('abc'),
  sensitive('zürich'),
  insensitive('-encodedcommand'),
  sensitive('exe"'),
]

// what each needle means: an `i`-flag RegExp for the insensitive ones, `includes` otherwise
function occurs(needle: Needle, line: string): boolean {
  if (!needle.isCaseInsensitive) return line.includes(needle.text)

  const escaped = needle.text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')

  return new RegExp(escaped, 'i').test(line)
}

const LINES = [
  '',
  '{"process":{"name":"CMD.EXE"}}',
  '{"event":{"category":"Process"},"process":{"name":"cmd.exe"}}',
  '{"event":{"category":"process"}}',
  'W3WP.exe started w3wp',
  'xabcx ABC aBc',
  'from Zürich to zürich',
  'ZÜRICH only',
  'powershell -EncodedCommand AAAA',
  'powershell -encodedcomman',
  'a\u0130b cmd.exe \u0130',
  'cmd.ex',
  'ab',
  'md.e at the start',
  'ends with exe"',
  'é cmd.exe é',
]

describe('NeedleScan', () => {
  const indexed = NEEDLES.map((_, id) => id)
  const cases: [name: string, indexed: readonly number[]][] = [
    ['every needle indexed', indexed],
    ['half the needles indexed, the rest looked up', indexed.filter((id) => id % 2 === 0)],
    ['no needle indexed', []],
  ]

  for (const [name, ids] of cases) {
    for (const line of LINES) {
      test(`${name}: ${JSON.stringify(line)} holds what a RegExp finds`, () => {
        const scan = new NeedleScan(NEEDLES, ids)
        scan.scan('cmd.exe w3wp "Process" zürich')
        scan.scan(line)

        const expected = NEEDLES.map((needle) => occurs(needle, line))
        assert.deepEqual(
          NEEDLES.map((_, id) => scan.has(id)),
          expected,
        )
        const seen = [...scan.seen].sort((a, b) => a - b)
        assert.deepEqual(
          seen,
          ids.filter((id) => expected[id] === true),
        )
      })
    }
  }
})
