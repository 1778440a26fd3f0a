import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { parse } from 'smol-toml'
import { EQL_DIAGNOSTIC_CODES, parseEql, printEql } from './index.ts'
import { findCorpus, withoutSpans } from './test-helpers.ts'

const SOUPS = 2500
const MUTATIONS = 2500
const CODE_PATTERN = /^ERR_EQL_[A-Z_]+$/
const VOCABULARY = [
  'process',
  'any',
  'where',
  'sequence',
  'sample',
  'by',
  'with',
  'maxspan',
  '=',
  'runs',
  'until',
  'and',
  'or',
  'not',
  'in',
  'in~',
  'like',
  'like~',
  'regex',
  'regex~',
  ':',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  '[',
  ']',
  '![',
  ',',
  '|',
  'head',
  'tail',
  '?',
  '.',
  'a',
  'b.c',
  '`x y`',
  '@timestamp',
  '"s"',
  '"""r"""',
  "'q'",
  '?"e"',
  '1',
  '2.5',
  '1e9',
  '5m',
  'true',
  'false',
  'null',
  'length(',
  'concat(',
  'between~(',
  'foo(',
  'join',
  'count',
  '// c\n',
  '/* c */',
  '"\\u{41}"',
  '"\\q"',
  '#',
  '~',
  '\n',
  '😀',
  '"unterminated',
  '/*',
]
const MUTATION_CHARS = [
  '"',
  "'",
  '\\',
  '(',
  ')',
  '[',
  ']',
  '`',
  '~',
  '=',
  '!',
  '|',
  ' ',
  'a',
  '1',
  '.',
  '*',
  '/',
  '\n',
  'é',
]
const FALLBACK_QUERIES = [
  'process where process.name : ("cmd.exe", "powershell.exe") and not process.args in ("-c")',
  'sequence by host.id with maxspan=1m [process where true] by a [network where dest.port > 1024] until [process where false] | head 5',
  'sample by host [any where length(a) > 1] [any where startsWith~(b, "x")]',
  'sequence with maxspan=5s ![file where ?x == null] [file where `a-b`.c == """raw\\path"""]',
]

// mulberry32: small, fast, deterministic
function createRandom(seed: number): () => number {
  let state = seed >>> 0

  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('cannot pick from an empty list')

  return item
}

function soup(random: () => number): string {
  const length = 1 + Math.floor(random() * 30)
  const parts = Array.from({ length }, () => pick(random, VOCABULARY))

  return parts.join(random() < 0.8 ? ' ' : '')
}

function mutate(random: () => number, text: string): string {
  let out = text
  const edits = 1 + Math.floor(random() * 4)
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1))
    const roll = random()
    const char = pick(random, MUTATION_CHARS)
    if (roll < 0.33) out = out.slice(0, at) + char + out.slice(at)
    else if (roll < 0.66) out = out.slice(0, at) + out.slice(at + 1)
    else out = out.slice(0, at) + char + out.slice(at + 1)
  }

  return out
}

function readRuleQueries(): string[] {
  const root = findCorpus('detection-rules/rules')
  if (root === undefined) return FALLBACK_QUERIES
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.toml'),
  )

  return files.flatMap((file) => {
    const doc = parse(readFileSync(join(root, file), 'utf8')) as {
      rule?: { language?: string; query?: unknown }
    }

    return doc.rule?.language === 'eql' && typeof doc.rule.query === 'string'
      ? [doc.rule.query]
      : []
  })
}

function assertWellFormed(text: string): boolean {
  const result = parseEql(text)
  for (const d of result.diagnostics) {
    assert.match(d.code, CODE_PATTERN, text)
    assert.ok(d.code in EQL_DIAGNOSTIC_CODES, `undocumented code ${d.code}`)
    assert.ok(d.span.start.offset >= 0 && d.span.start.offset <= d.span.end.offset, text)
    assert.ok(d.span.end.offset <= text.length, `span past the end: ${text}`)
    assert.ok(d.message.length > 0 && !d.message.endsWith('.'), d.message)
  }

  if (result.ok) {
    assert.equal(result.diagnostics.length, 0)
    const printed = printEql(result.value)
    const again = parseEql(printed)
    assert.ok(again.ok, `reprint of ${JSON.stringify(text)} does not parse: ${printed}`)
    assert.deepEqual(withoutSpans(again.value), withoutSpans(result.value), printed)
  } else assert.ok(result.diagnostics.length > 0, text)

  return result.ok
}

describe('parseEql fuzz', () => {
  test('random token soups give a result with well-formed diagnostics', () => {
    const random = createRandom(0x5eed)
    for (let i = 0; i < SOUPS; i++) assertWellFormed(soup(random))
  })

  test('mutated rule queries give a result with well-formed diagnostics', () => {
    const random = createRandom(0xc0ffee)
    const queries = readRuleQueries()
    let parsed = 0
    for (let i = 0; i < MUTATIONS; i++) {
      if (assertWellFormed(mutate(random, pick(random, queries)))) parsed++
    }

    // some mutants stay valid, so the print/re-parse round trip is exercised too
    assert.ok(parsed > MUTATIONS / 20, `only ${parsed} mutants parsed`)
  })

  const DEEP: readonly (readonly [string, string])[] = [
    ['10,000 open parentheses', `process where ${'('.repeat(10_000)}`],
    ['10,000 balanced parentheses', `process where ${'('.repeat(10_000)}a${')'.repeat(10_000)}`],
    ['10,000 nots', `process where ${'not '.repeat(10_000)}a`],
    ['10,000 unary minuses', `process where ${'-'.repeat(10_000)}a == 1`],
    ['a 10,000-term sum', `process where ${'a + '.repeat(10_000)}a == 1`],
    ['10,000 nested calls', `process where ${'length('.repeat(10_000)}a${')'.repeat(10_000)} > 1`],
    ['10,000 nested in lists', `process where ${'a in ('.repeat(10_000)}1${')'.repeat(10_000)}`],
  ]
  for (const [name, text] of DEEP) {
    test(`${name} give a nesting diagnostic, not a stack overflow`, () => {
      const result = parseEql(text)
      assert.equal(result.ok, false)
      assert.equal(result.diagnostics[0]?.code, 'ERR_EQL_NESTING_TOO_DEEP')
    })
  }

  test('a 10,000-operand and chain parses flat', () => {
    const result = parseEql(
      `process where ${Array.from({ length: 10_000 }, () => 'a').join(' and ')}`,
    )
    assert.ok(result.ok)
    const condition = result.value.kind === 'EventQuery' ? result.value.filter.condition : undefined
    assert.equal(condition?.kind === 'Logical' ? condition.operands.length : 0, 10_000)
  })
})
