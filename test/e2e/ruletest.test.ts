import assert from 'node:assert/strict'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { ROOT, runVigil, scratchFolder } from './cli-runner.ts'
import type { Run } from './cli-runner.ts'

const FIXTURES = 'test/fixtures/ruletest'
const SUMMARY = /^(\d+) passed, (\d+) failed(, (\d+) skipped)?$/m

const work = scratchFolder('vigil-ruletest-').path

function vigil(args: readonly string[]): Promise<Run> {
  return runVigil(args)
}

function totals(text: string): { passed: number; failed: number; skipped: number } {
  const match = SUMMARY.exec(text)
  assert.ok(match, `no summary line in:\n${text}`)

  return { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[4] ?? 0) }
}

describe('vigil test: the bundled examples', () => {
  test('every example rule test passes', async () => {
    const run = await vigil(['test', 'examples/'])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const counts = totals(run.stdout)
    assert.equal(counts.failed, 0)
    assert.ok(counts.passed >= 13, run.stdout)
    for (const name of [
      'exchange-worker-shell',
      'certutil-download',
      'password-spray-then-success',
    ])
      assert.match(run.stdout, new RegExp(`^PASS examples/rules/${name}\\.test\\.toml › `, 'm'))
  })

  test('a rule file given directly runs the test beside it', async () => {
    const run = await vigil(['test', 'examples/rules/password-spray-then-success.toml'])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.deepEqual(totals(run.stdout), { passed: 5, failed: 0, skipped: 0 })
  })
})

describe('vigil test: passing and failing cases', () => {
  test('overrides, exceptions, replay with max_signals and since pass; skip is counted', async () => {
    const run = await vigil(['test', `${FIXTURES}/passing`])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.deepEqual(totals(run.stdout), { passed: 4, failed: 0, skipped: 1 })
    assert.match(run.stdout, /^SKIP .* › a case can be skipped \(kept for the skipped count\)$/m)
  })

  test('a failed case shows the alert diff field by field, with event ids', async () => {
    const run = await vigil(['test', `${FIXTURES}/failing`])
    assert.equal(run.code, 1)
    assert.deepEqual(totals(run.stdout), { passed: 1, failed: 2, skipped: 0 })
    const expected = [
      'FAIL test/fixtures/ruletest/failing/wrong-expectations.test.toml › wrong severity and a missing alert',
      '    expected 2 alerts, got 1',
      '    alert from [web01-cmd]: kibana.alert.severity',
      '      expected: "high"',
      '      actual:   "medium"',
    ]
    const lines = run.stdout.split('\n')
    const start = lines.findIndex((l) => l.startsWith(expected[0] ?? ''))
    assert.deepEqual(lines.slice(start + 1, start + expected.length), expected.slice(1))
    assert.match(
      run.stdout,
      /^ {4}unexpected alert from \[surprise\] \(severity "medium", risk score 50\)$/m,
    )
    assert.match(run.stdout, /^PASS .* › this one passes/m)
  })
})

describe('vigil test: malformed test files', () => {
  test('each problem is reported at file:line:col with its code, and the rest still runs', async () => {
    const run = await vigil(['test', `${FIXTURES}/malformed`])
    assert.equal(run.code, 1)
    assert.deepEqual(totals(run.stdout), { passed: 1, failed: 6, skipped: 0 })
    const file = `${FIXTURES}/malformed/bad-keys.test.toml`
    const wanted = [
      `${file}:6:1 ERR_TEST_UNKNOWN_KEY unknown key "alert_count" in case #1`,
      `${file}:10:10 ERR_TEST_TYPE "alerts" must be a whole number, got "one"`,
      `${file}:22:10 ERR_TEST_UNKNOWN_EVENT no fixture event has the id "imaginary" (ids: real)`,
      `${file}:27:11 ERR_TEST_EVENT_JSON invalid json event`,
      `${FIXTURES}/malformed/no-rule.test.toml:1:8 ERR_TEST_RULE_NOT_FOUND no rule in`,
      `${FIXTURES}/malformed/not-toml.test.toml:5:10 ERR_TEST_TOML invalid toml`,
    ]
    for (const line of wanted)
      assert.ok(run.stdout.includes(`    ${line}`), `missing: ${line}\n${run.stdout}`)
    assert.match(run.stdout, /^ {4}5 \| alerts = = 1\n {4} {2}\| {10}\^$/m)
    assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/)
  })

  test('a path that does not exist is a failure, not a crash', async () => {
    const run = await vigil(['test', 'no/such/folder'])
    assert.equal(run.code, 1)
    assert.match(run.stdout, /no\/such\/folder:1:1 ERR_TEST_INPUT cannot read "no\/such\/folder"/)
    assert.deepEqual(totals(run.stdout), { passed: 0, failed: 1, skipped: 0 })
  })
})

describe('vigil test --reporter junit', () => {
  test('--out writes JUnit XML with a suite per file and a failure per failed case', async () => {
    const out = join(work, 'results.xml')
    const run = await vigil([
      'test',
      '--reporter',
      'junit',
      '--out',
      out,
      `${FIXTURES}/failing`,
      `${FIXTURES}/malformed`,
    ])
    assert.equal(run.code, 1)
    assert.deepEqual(totals(run.stdout), { passed: 2, failed: 8, skipped: 0 })
    const root = parseXml(readFileSync(out, 'utf8'))
    assert.equal(root.name, 'testsuites')
    assert.deepEqual([root.attributes.tests, root.attributes.failures], ['10', '8'])
    const suites = root.children.filter((c) => c.name === 'testsuite')
    assert.deepEqual(
      suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures]),
      [
        [`${FIXTURES}/failing/wrong-expectations.test.toml`, '3', '2'],
        [`${FIXTURES}/malformed/bad-keys.test.toml`, '5', '4'],
        [`${FIXTURES}/malformed/no-rule.test.toml`, '1', '1'],
        [`${FIXTURES}/malformed/not-toml.test.toml`, '1', '1'],
      ],
    )
    const first = suites[0]?.children[0]
    assert.equal(first?.attributes.name, 'wrong severity and a missing alert')
    const failure = first?.children.find((c) => c.name === 'failure')
    assert.equal(failure?.attributes.message, 'expected 2 alerts, got 1')
    assert.match(
      failure?.text ?? '',
      /kibana\.alert\.severity\n {2}expected: "high"\n {2}actual: {3}"medium"/,
    )
    const passed = suites[0]?.children[2]
    assert.deepEqual(passed?.children, [])
  })

  test('an --out path that cannot be created fails before the tests run', async () => {
    const out = join(work, 'missing', 'results.xml')
    const run = await vigil(['test', '--reporter', 'junit', '--out', out, `${FIXTURES}/passing`])
    assert.equal(run.code, 1)
    assert.equal(run.stdout, '')
    assert.match(
      run.stderr,
      /ERR_OUTPUT_WRITE cannot create ".*results\.xml": its folder does not exist/,
    )
  })

  test('without --out the XML is all of stdout and the summary goes to stderr', async () => {
    const run = await vigil(['test', '--reporter', 'junit', `${FIXTURES}/passing`])
    assert.equal(run.code, 0)
    const root = parseXml(run.stdout)
    assert.deepEqual([root.attributes.tests, root.attributes.skipped], ['5', '1'])
    const skipped = root.children[0]?.children.find(
      (c) => c.attributes.name === 'a case can be skipped',
    )
    assert.equal(skipped?.children[0]?.name, 'skipped')
    assert.deepEqual(totals(run.stderr), { passed: 4, failed: 0, skipped: 1 })
  })
})

describe('vigil test --init', () => {
  test('writes a starting test that passes, and refuses to overwrite it without --force', async () => {
    for (const name of ['certutil-download', 'password-spray-then-success']) {
      const rule = join(work, `${name}.toml`)
      copyFileSync(join(ROOT, 'examples/rules', `${name}.toml`), rule)
      const first = await vigil(['test', '--init', rule])
      assert.equal(first.code, 0, first.stderr)
      const target = join(work, `${name}.test.toml`)
      assert.ok(existsSync(target))
      const text = readFileSync(target, 'utf8')
      assert.match(text, new RegExp(`^rule = "${name}\\.toml"$`, 'm'))
      assert.match(text, /^alerts = 0$/m)
      const run = await vigil(['test', target])
      assert.equal(run.code, 0, run.stdout)
      assert.deepEqual(totals(run.stdout), { passed: 2, failed: 0, skipped: 0 })
      const again = await vigil(['test', '--init', rule])
      assert.equal(again.code, 1)
      assert.match(again.stderr, /ERR_TEST_INIT_EXISTS .* pass --force to overwrite it/)
      assert.equal((await vigil(['test', '--init', rule, '--force'])).code, 0)
    }
  })
})

describe('vigil diff', () => {
  const rulesA = `${FIXTURES}/passing/shell-from-worker.toml`
  const events = `${FIXTURES}/diff-events.ndjson`

  test('two rule folders: alerts added and removed per rule, with their events', async () => {
    const run = await vigil([
      'diff',
      '--now',
      '2026-06-01T12:00:00Z',
      '--rules',
      rulesA,
      '--rules-b',
      `${FIXTURES}/diff-b`,
      events,
    ])
    assert.equal(run.code, 0, run.stderr)
    const lines = run.stdout.trimEnd().split('\n')
    assert.equal(
      lines[0],
      'Web Worker Started a Shell (5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b10): +1 -1',
    )
    assert.match(lines[1] ?? '', /^ {2}\+ \[diff-events\.ndjson:3\] medium .*pwsh\.exe/)
    assert.match(lines[2] ?? '', /^ {2}- \[diff-events\.ndjson:2\] critical .*powershell\.exe/)
    assert.equal(lines[3], '1 alert added, 1 removed in 1 rule (0 unchanged) over 4 events')
  })

  test('with and without an exceptions file, as json', async () => {
    const run = await vigil([
      'diff',
      '--format',
      'json',
      '--rules',
      rulesA,
      '--exceptions-b',
      `${FIXTURES}/passing/web-exceptions.ndjson`,
      events,
    ])
    assert.equal(run.code, 0, run.stderr)
    const result = JSON.parse(run.stdout) as {
      rules: { added: unknown[]; removed: { events: string[] }[] }[]
    }
    assert.equal(result.rules.length, 1)
    assert.deepEqual(result.rules[0]?.added, [])
    assert.deepEqual(
      result.rules[0]?.removed.map((r) => r.events),
      [['diff-events.ndjson:4']],
    )
  })

  test('an input that does not exist is refused before the rules are loaded', async () => {
    const gone = `${FIXTURES}/no-such-events.ndjson`
    const rules = ['--rules', rulesA, '--rules-b', 'test/fixtures/rules/toml']
    const run = await vigil(['diff', ...rules, gone])
    assert.equal(run.code, 1)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, /no-such-events\.ndjson:1:1 ERR_INPUT_READ cannot read/)
    assert.doesNotMatch(run.stderr, /ERR_DETECT_UNSUPPORTED_RULE/)
  })

  test('comparing a set with itself needs --rules-b or --exceptions-b', async () => {
    const run = await vigil(['diff', '--rules', rulesA, events])
    assert.equal(run.code, 2)
  })
})

interface XmlNode {
  readonly name: string
  readonly attributes: Record<string, string>
  readonly children: XmlNode[]
  text: string
}

// a strict reader for the XML the reporter writes: it rejects unbalanced or stray markup
function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '')
  const stack: XmlNode[] = [{ name: '#document', attributes: {}, children: [], text: '' }]
  const tag = /<(\/?)([A-Za-z]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const top = stack[stack.length - 1]!
    if (m[5] !== undefined) {
      top.text += unescape(m[5])
      continue
    }

    if (m[1] === '/') {
      assert.equal(top.name, m[2], 'unbalanced closing tag')
      stack.pop()
      continue
    }

    const attributes: Record<string, string> = {}
    for (const a of (m[3] ?? '').matchAll(/([a-z]+)="([^"]*)"/g))
      attributes[a[1]!] = unescape(a[2]!)
    const node: XmlNode = { name: m[2]!, attributes, children: [], text: '' }
    top.children.push(node)
    if (m[4] !== '/') stack.push(node)
  }

  assert.equal(tag.lastIndex === 0 ? body.length : tag.lastIndex, body.length, 'stray markup')
  assert.equal(stack.length, 1, 'unclosed element')
  const [root] = stack[0]!.children
  assert.ok(root)

  return root
}

function unescape(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#10;', '\n')
    .replaceAll('&amp;', '&')
}
