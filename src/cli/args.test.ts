import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  describeOptions,
  isFlagSet,
  numberOption,
  parseArgs,
  stringOption,
  UsageError,
} from './args.ts'
import type { OptionSpec } from './args.ts'
import { Logger } from './logger.ts'

const SPECS: readonly OptionSpec[] = [
  { name: 'format', kind: 'string', choices: ['table', 'es'], description: 'output format' },
  { name: 'size', kind: 'number', description: 'result count' },
  { name: 'quiet', short: 'q', kind: 'boolean', description: 'less output' },
]

describe('parseArgs', () => {
  test('reads long, inline, short and positional arguments', () => {
    const args = parseArgs(['--format', 'es', '--size=3', '-q', 'query', '-', 'file'], SPECS)
    assert.equal(stringOption(args, 'format'), 'es')
    assert.equal(numberOption(args, 'size'), 3)
    assert.equal(isFlagSet(args, 'quiet'), true)
    assert.deepEqual(args.positionals, ['query', '-', 'file'])
  })

  test('takes everything after -- as positional', () => {
    const args = parseArgs(['--', '--size', 'x'], SPECS)
    assert.deepEqual(args.positionals, ['--size', 'x'])
    assert.equal(args.hasSeparator, true)
  })

  const errors: [string[], string][] = [
    [['--bogus'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['--format', 'xml'], 'option --format must be one of table, es, got "xml"'],
    [['--size', 'many'], 'option --size needs a whole number, got "many"'],
    [['--size'], 'option --size needs a value'],
    [['--quiet=yes'], 'option --quiet takes no value'],
  ]
  for (const [argv, message] of errors) {
    test(`rejects ${argv.join(' ')}`, () => {
      assert.throws(() => parseArgs(argv, SPECS), new UsageError(message))
    })
  }

  test('describes options in aligned columns', () => {
    const lines = describeOptions(SPECS).split('\n')
    assert.equal(lines.length, 3)
    assert.equal(new Set(lines.map((l) => l.indexOf(l.trim().split(/\s{2,}/)[1] ?? ''))).size, 1)
  })
})

describe('Logger', () => {
  const levels: ['error' | 'warn' | 'info' | 'debug', string[]][] = [
    ['error', ['e']],
    ['warn', ['e', 'w']],
    ['info', ['e', 'w', 'i']],
    ['debug', ['e', 'w', 'i', 'd']],
  ]
  for (const [level, expected] of levels) {
    test(`writes only lines at or above ${level}`, () => {
      const out: string[] = []
      const log = new Logger({ write: (text: string) => out.push(text) }, level)
      log.error('e')
      log.warn('w')
      log.info('i')
      log.debug('d')
      assert.deepEqual(
        out,
        expected.map((t) => `${t}\n`),
      )
    })
  }
})
