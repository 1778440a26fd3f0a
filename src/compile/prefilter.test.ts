import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { compileEql } from './compile-query.ts'
import type { CompiledQuery, FilterPlan, QueryPlan } from './plan.ts'
import { hasUnicodeEscape } from './prefilter.ts'
import { parseQueryText } from './test-support.ts'

function compile(text: string): CompiledQuery {
  const result = compileEql(parseQueryText(text))
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '))

  return result.value
}

const EXCHANGE =
  'process where process.parent.name : "w3wp.exe" and process.name : ("cmd.exe", "powershell.exe")'

describe('line prefilter', () => {
  const cases: [query: string, line: string, expected: boolean][] = [
    [
      EXCHANGE,
      '{"event":{"category":["process"]},"process":{"name":"cmd.exe","parent":{"name":"W3WP.EXE"}}}',
      true,
    ],
    [
      EXCHANGE,
      '{"event":{"category":["process"]},"process":{"name":"cmd.exe","parent":{"name":"explorer.exe"}}}',
      false,
    ],
    [
      EXCHANGE,
      '{"event":{"category":["process"]},"process":{"name":"notepad.exe","parent":{"name":"w3wp.exe"}}}',
      false,
    ],
    // the key "process" holds the category literal too: the prefilter only narrows
    [
      EXCHANGE,
      '{"event":{"category":["file"]},"process":{"name":"cmd.exe","parent":{"name":"w3wp.exe"}}}',
      true,
    ],
    [
      EXCHANGE,
      '{"event":{"category":["file"]},"proc":{"name":"cmd.exe","parent":{"name":"w3wp.exe"}}}',
      false,
    ],
    [EXCHANGE, '{"process":{"name":"cmd.exe","parent":{"name":"w3wp.ex\\u0065"}}}', true],
    [
      'process where process.name == "cmd.exe"',
      '{"event":{"category":"process"},"process":{"name":"CMD.EXE"}}',
      false,
    ],
    [
      'process where process.name == "a\\"b"',
      '{"event":{"category":"process"},"process":{"name":"a\\"b"}}',
      true,
    ],
    [
      'process where file.path : "*\\\\temp\\\\*"',
      '{"event":{"category":"process"},"file":{"path":"C:\\\\TEMP\\\\x"}}',
      true,
    ],
    [
      'process where file.path : "*\\\\temp\\\\*"',
      '{"event":{"category":"process"},"file":{"path":"C:/temp/x"}}',
      false,
    ],
    [
      'process where url.path : "*/admin/login*"',
      '{"event":{"category":"process"},"url":{"path":"\\/admin\\/login"}}',
      true,
    ],
    // whole-value literals carry their JSON quotes: a mention inside another value is not enough
    [
      EXCHANGE,
      '{"event":{"category":["process"]},"process":{"name":"x.exe","args":["cmd.exe /c"],"parent":{"name":"w3wp.exe"}}}',
      false,
    ],
    [
      'process where process.name : "cmd*"',
      '{"event":{"category":["process"]},"process":{"args":["/c cmd"]}}',
      false,
    ],
    [
      'process where process.name : "*cmd"',
      '{"event":{"category":["process"]},"process":{"name":"xcmd"}}',
      true,
    ],
    // a number in a keyword field matches as its text, which is not quoted in JSON
    ['process where event.code : "46*"', '{"event":{"category":["process"],"code":4624}}', true],
    ['process where event.code == "true"', '{"event":{"category":["process"],"code":true}}', true],
    ['process where process.name != "cmd.exe"', '{"event":{"category":"process"}}', true],
    ['process where not process.name : "cmd.exe"', '{"event":{"category":"process"}}', true],
    ['process where not process.name : "cmd.exe"', '{"event":{"category":"file"}}', false],
  ]

  for (const [query, line, expected] of cases) {
    test(`${query} on ${line} is ${expected}`, () => {
      const { prefilter } = compile(query)
      assert.equal(prefilter === null ? true : prefilter(line), expected)
    })
  }

  const unconstrained = [
    'process where process.name != "cmd.exe"',
    'any where true',
    'process where process.pid == 4',
    'process where process.name : "*"',
    'process where length(process.name) > 3',
    'process where process.name regex "cmd.*"',
    'process where process.name : "cmd.exe" or process.pid > 4',
    'sequence [process where process.name : "cmd.exe"] [any where true]',
    'process where process.name in ("cmd.exe", null)',
  ]

  for (const query of unconstrained) {
    test(`${query} has no requirement besides the category`, () => {
      const { prefilter } = compile(query)
      const line = '{"event":{"category":["process"]}}'
      assert.equal(prefilter === null || prefilter(line), true)
    })
  }

  test('any-category queries without literals have no prefilter', () => {
    assert.equal(compile('any where true').prefilter, null)
  })

  test('sequences pass lines relevant to any step or until', () => {
    const { prefilter } = compile(
      'sequence [process where process.name : "abc.exe"] [file where file.name : "def.txt"] until [network where destination.domain : "ghi.com"]',
    )
    assert.ok(prefilter !== null)
    assert.equal(prefilter('{"event":{"category":"process"},"process":{"name":"ABC.EXE"}}'), true)
    assert.equal(prefilter('{"event":{"category":"file"},"file":{"name":"def.txt"}}'), true)
    assert.equal(
      prefilter('{"event":{"category":"network"},"destination":{"domain":"GHI.com"}}'),
      true,
    )
    assert.equal(prefilter('{"event":{"category":"file"},"file":{"name":"abc.exe"}}'), false)
  })

  const escapes: [line: string, expected: boolean][] = [
    ['{"a":"\\u0041"}', true],
    ['{"a":"c:\\\\users"}', false],
    ['{"a":"c:\\\\\\u0041"}', true],
    ['{"a":"plain"}', false],
  ]

  for (const [line, expected] of escapes) {
    test(`unicode escape detection on ${line} is ${expected}`, () => {
      assert.equal(hasUnicodeEscape(line), expected)
    })
  }
})

// ---- randomized soundness: the prefilter never rejects a line whose event matches ----

const WORDS = [
  '2001:db8::1',
  '2001:0DB8::0001',
  '::ffff:10.0.0.1',
  '10.0.0.1',
  '0042',
  '42',
  '2017-08-30',
  '2017-08-30T00:00:01Z',
  'cmd.exe',
  'CMD.EXE',
  'w3wp.exe',
  'Power\\Shell',
  'a"b',
  'x/y',
  'K\u212aelvin',
  'kkelvin',
  'caf\u00e9',
  'CAF\u00c9',
  '\u{1f600}ok',
  'tab\there',
  'a*b',
  'q?r',
  '4624',
  'true',
  'İstanbul',
  'istanbul',
  '',
]
const FIELDS = [
  'source.ip',
  '@timestamp',
  'process.pid',
  'process.name',
  'process.parent.name',
  'file.path',
  'user.name',
  'event.code',
  'custom.value',
  'tags',
]
const CATEGORIES = ['process', 'file', 'network']

function randomGenerator(seed: number): () => number {
  let state = seed >>> 0

  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0

    return state / 2 ** 32
  }
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function randomValue(random: () => number): unknown {
  const roll = random()
  if (roll < 0.1) return Math.floor(random() * 5000)
  if (roll < 0.15) return random() < 0.5
  if (roll < 0.25) return [pick(random, WORDS), pick(random, WORDS)]

  const word = pick(random, WORDS)

  return random() < 0.3 ? `${pick(random, WORDS)}${word}${pick(random, WORDS)}` : word
}

function randomEvent(random: () => number): Record<string, unknown> {
  const event: Record<string, unknown> = { event: { category: [pick(random, CATEGORIES)] } }
  for (const field of FIELDS) {
    if (random() < 0.4) continue

    const [head = '', ...rest] = field.split('.')
    const value = randomValue(random)
    if (rest.length === 0) event[head] = value
    else if (random() < 0.2) event[field] = value
    else event[head] = { ...(event[head] as object | undefined), [rest.join('.')]: value }
  }

  return event
}

// an EQL string literal (its escapes are a subset of JSON's, plus \u{X} for other controls)
function quote(text: string): string {
  const escaped = text.replace(/[\\"\t]/g, (c) => (c === '\t' ? '\\t' : `\\${c}`))

  return `"${escaped}"`
}

function randomPattern(random: () => number): string {
  const word = pick(random, WORDS)
  const chars = Array.from(word)
  const cut = Math.floor(random() * (chars.length + 1))
  const [head, tail] = [chars.slice(0, cut).join(''), chars.slice(cut).join('')]
  const shapes = [
    word,
    `*${word}`,
    `${word}*`,
    `*${word}*`,
    `${head}*${tail}`,
    `${head}?${chars.slice(cut + 1).join('')}`,
  ]

  return pick(random, shapes)
}

function randomCondition(random: () => number, depth = 0): string {
  const field = pick(random, FIELDS)
  const roll = random()
  if (depth < 2 && roll < 0.15)
    return `(${randomCondition(random, depth + 1)} and ${randomCondition(random, depth + 1)})`

  if (depth < 2 && roll < 0.25)
    return `(${randomCondition(random, depth + 1)} or ${randomCondition(random, depth + 1)})`

  if (depth < 2 && roll < 0.3) return `not ${randomCondition(random, depth + 1)}`

  const op = pick(random, [':', 'like', 'like~', '==', 'in', 'in~', '!='])
  if (op === 'in' || op === 'in~')
    return `${field} ${op} (${quote(pick(random, WORDS))}, ${quote(pick(random, WORDS))})`

  if (op === '==' || op === '!=') return `${field} ${op} ${quote(pick(random, WORDS))}`

  return `${field} ${op} (${quote(randomPattern(random))}, ${quote(randomPattern(random))})`
}

// JSON writers differ: some escape non-ASCII as \uXXXX, some write `/` as `\/`
function serialise(random: () => number, event: unknown): string {
  const text = JSON.stringify(event)
  const roll = random()
  if (roll < 0.1)
    return text.replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )

  if (roll < 0.2) return text.replaceAll('/', '\\/')

  return text
}

function filtersOf(plan: QueryPlan): FilterPlan[] {
  if (plan.kind === 'event') return [plan.filter]
  if (plan.kind === 'sample') return plan.filters.map((f) => f.filter)

  return [...plan.steps.map((s) => s.filter), ...(plan.until === null ? [] : [plan.until.filter])]
}

describe('prefilter soundness over random events and queries', () => {
  test('never rejects a line whose event matches some filter', () => {
    const random = randomGenerator(20261203)
    let matched = 0
    let rejected = 0
    for (let q = 0; q < 300; q++) {
      const text =
        random() < 0.8
          ? `${pick(random, CATEGORIES)} where ${randomCondition(random)}`
          : `sequence [${pick(random, CATEGORIES)} where ${randomCondition(random)}] [any where ${randomCondition(random)}]`
      // literals an ip or date field rejects are compile errors: such queries are skipped
      const result = compileEql(parseQueryText(text))
      if (!result.ok) continue

      const { plan, prefilter } = result.value
      if (prefilter === null) continue

      const filters = filtersOf(plan)
      for (let e = 0; e < 100; e++) {
        const event = randomEvent(random)
        const line = serialise(random, event)
        const isMatch = filters.some((f) => f.matches(JSON.parse(line) as Record<string, unknown>))
        const passes = prefilter(line)
        if (isMatch) matched++
        if (!passes) rejected++

        assert.ok(
          !isMatch || passes,
          `prefilter rejected a matching line\nquery: ${text}\nline: ${line}`,
        )
      }
    }

    // the property must not hold vacuously
    assert.ok(matched > 100, `only ${matched} matching lines generated`)
    assert.ok(rejected > 1000, `only ${rejected} lines rejected`)
  })
})
