import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { parse } from 'smol-toml'

import { parseKqlOrThrow } from '../../kql/index.ts'
import type { KqlNode, KqlValueExpr } from '../../kql/index.ts'
import { compileKql } from './index.ts'

// property: whenever the full matcher accepts an event, the prefilter accepts its JSON line,
// whatever legal spelling the line uses (dotted keys, `\/`, `\u` escapes)

function random(seed: number): () => number {
  let state = seed

  return () => {
    state = (state * 1103515245 + 12345) % 2147483648

    return state / 2147483648
  }
}

type Pool = Map<string, string[]>

function collect(node: KqlNode, pool: Pool, prefix = ''): void {
  switch (node.kind) {
    case 'matchAll':
      return
    case 'or':
    case 'and':
      for (const child of node.children) collect(child, pool, prefix)

      return
    case 'not':
      collect(node.child, pool, prefix)

      return
    case 'nested':
      collect(node.query, pool, `${prefix}${node.path.text}.`)

      return
    case 'range':
      add(pool, prefix + node.field.text, [node.value.segments.join('')])

      return
    case 'is':
      if (node.field !== null) add(pool, prefix + node.field.text, values(node.value))
  }
}

function values(value: KqlValueExpr): string[][] {
  if (value.kind === 'literal') return [value.segments as string[]]
  if (value.kind === 'valueNot') return values(value.child)

  return value.children.flatMap(values)
}

function add(pool: Pool, field: string, found: (string[] | string)[]): void {
  const list = pool.get(field) ?? []
  for (const v of found) list.push(...(Array.isArray(v) ? [v.join('/x"\\é ')] : [v]))
  pool.set(field.replaceAll('*', 'any'), list)
}

function variant(next: () => number, text: string): unknown {
  const roll = next()
  if (roll < 0.15) return text.toUpperCase()
  if (roll < 0.25) return text.toLowerCase()
  if (roll < 0.3 && /^\d+$/.test(text)) return Number(text)
  if (roll < 0.35) return `${text}x`
  if (roll < 0.4) return text === 'true'

  return text
}

function setPath(
  event: Record<string, unknown>,
  path: string,
  value: unknown,
  isDotted: boolean,
): void {
  if (isDotted) {
    event[path] = value

    return
  }

  const parts = path.split('.')
  let node = event
  for (const part of parts.slice(0, -1)) {
    const child = node[part]
    node =
      typeof child === 'object' && child !== null && !Array.isArray(child)
        ? (child as Record<string, unknown>)
        : (node[part] = {})
  }

  node[parts.at(-1) ?? path] = value
}

function randomEvent(next: () => number, pool: Pool): Record<string, unknown> {
  const event: Record<string, unknown> = {}
  for (const [field, list] of pool) {
    if (next() < 0.3) continue

    const count = 1 + Math.floor(next() * 2)
    const picked = Array.from({ length: count }, () =>
      variant(next, list[Math.floor(next() * list.length)] ?? ''),
    )
    setPath(event, field.replace(/\.caseless$/, ''), count === 1 ? picked[0] : picked, next() < 0.2)
  }

  return event
}

function spellings(event: Record<string, unknown>): string[] {
  const plain = JSON.stringify(event)
  const slashes = plain.replaceAll('/', '\\/')
  const unicode = plain.replace(/[é"]/g, (c) => (c === 'é' ? '\\u00e9' : c))

  return [plain, slashes, unicode]
}

function checkQuery(
  query: string,
  seed: number,
  rounds: number,
): { matched: number; rejected: number } {
  const compiled = compileKql(parseKqlOrThrow(query))
  assert.ok(compiled.ok)
  const { matches, prefilter } = compiled.value
  const pool: Pool = new Map()
  collect(parseKqlOrThrow(query), pool)
  const next = random(seed)
  let matched = 0
  let rejected = 0
  for (let i = 0; i < rounds; i++) {
    const event = randomEvent(next, pool)
    const isMatch = matches(event)
    for (const line of spellings(event)) {
      const passes = prefilter === null || prefilter(line)
      if (isMatch) assert.ok(passes, `prefilter rejected a matching line for ${query}: ${line}`)
      if (!passes) rejected++
    }

    if (isMatch) matched++
  }

  return { matched, rejected }
}

const QUERIES = [
  'event.category:process and process.name:(cmd.exe or powershell.exe)',
  'process.name:*.exe and not process.args:-c',
  'host.os.type:windows and event.code:"4624"',
  'file.path:C\\:\\\\Windows\\\\* and event.action:"creation"',
  'process.args:"a \\"quoted\\" arg" and process.name:x',
  'custom.value:true and event.kind:alert',
  'process.name:(a or b or CMD.EXE) and process.name.caseless:cmd.exe',
  'event.dataset:okta.system or event.dataset:"gcp.audit"',
  'user.name:été and process.name:tab\\there',
  'url.path:"/api/v1" and process.command_line:*whoami*',
  'process.parent.name:(a or b and c) and process.name:*/bin/*',
]

describe('prefilter', () => {
  for (const [i, query] of QUERIES.entries()) {
    test(`never rejects a matching line for ${query}`, () => {
      const { matched, rejected } = checkQuery(query, 1000 + i, 400)
      assert.ok(matched > 0, 'the generator produced no matching event')
      assert.ok(rejected > 0, 'the prefilter rejected nothing')
    })
  }

  test('is null when no literal is required', () => {
    for (const query of ['not a:b', 'a:* ', 'a:1 or b > 2', 'destination.port:(not 5)']) {
      const compiled = compileKql(parseKqlOrThrow(query))
      assert.ok(compiled.ok)
      assert.equal(compiled.value.prefilter, null, query)
    }
  })

  // a number, a range, `*` or an analysed text needs the field: its last name as a JSON key
  const keyCases: [query: string, line: string, passes: boolean][] = [
    ['destination.port > 5', '{"destination":{"port":3389}}', true],
    ['destination.port > 5', '{"destination.port":3389}', true],
    ['destination.port > 5', '{"destination":{"ip":"10.0.0.1"}}', false],
    ['destination.port:3389', '{"destination":{"port":"3389.0"}}', true],
    ['destination.port:3389', '{"source":{"bytes":3389}}', false],
    ['message:hello', '{"message":"Hello there"}', true],
    ['message:hello', '{"event":{"original":"hello"}}', false],
    [
      'http.request.method:(* and not (GET or HEAD))',
      '{"http":{"request":{"method":"PUT"}}}',
      true,
    ],
    ['http.request.method:(* and not (GET or HEAD))', '{"http":{"response":{"status":1}}}', false],
    ['ml_is_dga.malicious_probability > 0.98', '{"ml_is_dga.malicious_probability":0.99}', true],
    ['ml_is_dga.malicious_probability > 0.98', '{"ml_is_dga":{"malicious_prediction":1}}', false],
    ['process.name.caseless:cmd.exe', '{"process":{"name":"CMD.EXE"}}', true],
    ['process.name.caseless:cmd.exe', '{"process":{"executable":"cmd.exe"}}', false],
    // a key is kept only after every value: it is in nearly every line of its kind
    [
      'host.os.type:linux and event.type:start and process.args_count >= 4',
      '{"host":{"os":{"type":"linux"}},"event":{"type":"end"},"process":{"args_count":5}}',
      false,
    ],
  ]
  for (const [query, line, passes] of keyCases) {
    test(`${query} on ${line} ${passes ? 'passes' : 'is rejected'}`, () => {
      const compiled = compileKql(parseKqlOrThrow(query))
      assert.ok(compiled.ok)
      assert.equal(compiled.value.prefilter?.(line), passes)
    })
  }

  test('lets lines with \\u escapes through', () => {
    const compiled = compileKql(parseKqlOrThrow('process.name:cmd.exe'))
    assert.ok(compiled.ok)
    assert.equal(compiled.value.prefilter?.('{"process":{"name":"\\u0063md.exe"}}'), true)
    assert.equal(compiled.value.prefilter?.('{"process":{"name":"bash"}}'), false)
  })

  const corpus = fileURLToPath(
    new URL('../../../../shared/corpus/detection-rules/rules/', import.meta.url),
  )
  test('never rejects a matching line for the corpus queries', (t) => {
    if (!existsSync(corpus)) {
      t.skip('shared corpus not found at ../shared/corpus/detection-rules')

      return
    }

    const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.toml'),
    )
    let checked = 0
    let matched = 0
    let rejected = 0
    for (const file of files) {
      const rule = (
        parse(readFileSync(join(corpus, file), 'utf8')) as { rule?: Record<string, unknown> }
      ).rule
      if (rule?.language !== 'kuery' || typeof rule.query !== 'string') continue

      const counts = checkQuery(rule.query, checked, 40)
      matched += counts.matched
      rejected += counts.rejected
      checked++
    }

    t.diagnostic(
      `${checked} corpus queries, ${matched} matching events, ${rejected} lines rejected`,
    )
    assert.ok(matched > 0 && rejected > 0)
  })
})
