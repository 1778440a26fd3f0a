import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { loadTomlRule } from './load-toml.ts'
import { positionOf, readFixture } from './test-fixtures.ts'
import { validateRulesReport } from './validate.ts'

function loadFixture(name: string): ReturnType<typeof loadTomlRule> & { text: string } {
  const { path, text } = readFixture(`toml/${name}`)

  return { ...loadTomlRule(path, text), text }
}

describe('toml loader', () => {
  test('loads an eql rule with kibana defaults and threat blocks', () => {
    const { rules, diagnostics } = loadFixture('eql-sequence.toml')
    assert.deepEqual(diagnostics, [])
    const rule = rules[0]
    assert.ok(rule?.type === 'eql')
    assert.equal(rule.rule_id, '0b9c6d0e-1111-4a2b-9c3d-000000000001')
    assert.equal(rule.language, 'eql')
    assert.equal(rule.risk_score, 47)
    assert.equal(rule.severity, 'medium')
    assert.deepEqual(rule.index, ['logs-endpoint.events.*'])
    assert.equal(rule.from, 'now-9m')
    assert.equal(rule.interval, '5m')
    assert.equal(rule.to, 'now')
    assert.equal(rule.max_signals, 100)
    assert.equal(rule.enabled, true)
    assert.equal(rule.version, 1)
    assert.equal(rule.timestamp_override, 'event.ingested')
    assert.ok(rule.query.startsWith('sequence by process.entity_id'))
    assert.equal(rule.provenance.format, 'toml')
    assert.equal(rule.provenance.maturity, 'production')
  })

  test('reads threat tactics, techniques and subtechniques', () => {
    const rule = loadFixture('eql-sequence.toml').rules[0]
    assert.equal(rule?.threat.length, 2)
    const [execution, c2] = rule.threat
    assert.equal(execution?.framework, 'MITRE ATT&CK')
    assert.deepEqual(execution?.tactic, {
      id: 'TA0002',
      name: 'Execution',
      reference: 'https://attack.mitre.org/tactics/TA0002/',
    })
    assert.equal(execution?.technique[0]?.id, 'T1059')
    assert.deepEqual(
      execution?.technique[0]?.subtechnique.map((s) => s.id),
      ['T1059.004'],
    )
    assert.equal(c2?.tactic.id, 'TA0011')
    assert.deepEqual(c2?.technique, [])
  })

  test('records field positions and the query origin after the opening quotes', () => {
    const { rules, text } = loadFixture('eql-sequence.toml')
    const provenance = rules[0]?.provenance
    assert.deepEqual(
      {
        line: provenance?.positions.get('risk_score')?.start.line,
        column: provenance?.positions.get('risk_score')?.start.column,
      },
      positionOf(text, 15, '47'),
    )
    // the newline right after ''' is not part of the string
    assert.equal(provenance?.query?.start.line, 22)
    assert.equal(provenance.query?.start.column, 1)
    assert.deepEqual(provenance.ignored, ['transform'])
    assert.deepEqual(provenance.metadata?.integration, ['endpoint'])
  })

  // spans are worked out on first read; a hunt worker gets its rules by structured clone
  test('keeps field positions and the query origin in a structured clone', () => {
    const { rules } = loadFixture('eql-sequence.toml')
    const copy = structuredClone(rules[0]?.provenance)
    assert.equal(copy?.positions.get('risk_score')?.start.line, 15)
    assert.equal(copy?.query?.start.line, 22)
    assert.deepEqual(copy?.positions, rules[0]?.provenance.positions)
    assert.equal('threatQuery' in (copy ?? {}), false)
  })

  test('turns detection-rules new_terms into the api fields', () => {
    const { rules, diagnostics } = loadFixture('new-terms.toml')
    assert.deepEqual(diagnostics, [])
    const rule = rules[0]
    assert.ok(rule?.type === 'new_terms')
    assert.deepEqual(rule.new_terms_fields, ['user.name', 'source.geo.country_name'])
    assert.equal(rule.history_window_start, 'now-7d')
    assert.equal(rule.language, 'kuery')
    assert.equal(rule.interval, '15m')
    assert.equal(rule.max_signals, 1000)
    assert.equal(rule.query, 'event.dataset:okta.system and event.action:"user.session.start"\n')
  })

  test('reads threshold fields and cardinality', () => {
    const rule = loadFixture('threshold.toml').rules[0]
    assert.ok(rule?.type === 'threshold')
    assert.deepEqual(rule.threshold, {
      field: ['user.name'],
      value: 20,
      cardinality: [{ field: 'source.ip', value: 5 }],
    })
  })

  const FILE_ERRORS = [
    ['broken-syntax.toml', 'ERR_RULE_TOML_SYNTAX', 5, 'Unterminated', 'invalid toml'],
    [
      'wrong-type.toml',
      'ERR_RULE_FIELD_TYPE',
      12,
      '"high"',
      '"risk_score" must be an integer, got string "high"',
    ],
    ['unknown-type.toml', 'ERR_RULE_UNKNOWN_TYPE', 14, '"sigma"', 'unknown rule type "sigma"'],
    ['missing-name.toml', 'ERR_RULE_MISSING_FIELD', 6, '[rule]', 'missing required field "name"'],
  ] as const

  for (const [file, code, line, needle, message] of FILE_ERRORS) {
    test(`reports ${code} in ${file} at its line and column`, () => {
      const { rules, diagnostics, text } = loadFixture(file)
      assert.deepEqual(rules, [])
      assert.equal(diagnostics.length, 1)
      const [d] = diagnostics
      assert.equal(d?.code, code)
      assert.equal(d.severity, 'error')
      assert.ok(d.source?.endsWith(file))
      assert.ok(d.message.includes(message), d.message)
      const expected = positionOf(text, line, needle)
      // an unterminated string is reported where the line ends
      const column =
        code === 'ERR_RULE_TOML_SYNTAX' ? expected.column + needle.length : expected.column
      assert.deepEqual({ line: d.span.start.line, column: d.span.start.column }, { line, column })
    })
  }
})

const HEAD = `[metadata]\nmaturity = "production"\n\n[rule]\nauthor = ["t"]\ndescription = "d"\nname = "n"\nrisk_score = 21\nrule_id = "r"\nseverity = "low"\n`

const INLINE_ERRORS: readonly (readonly [
  title: string,
  body: string,
  code: string,
  needle: string,
])[] = [
  [
    'a bad interval',
    'type = "query"\ninterval = "5 minutes"\n',
    'ERR_RULE_BAD_INTERVAL',
    '"5 minutes"',
  ],
  [
    'bad date math in from',
    'type = "query"\nfrom = "now-9x"\n',
    'ERR_RULE_BAD_DATE_MATH',
    '"now-9x"',
  ],
  ['a severity outside the enum', 'type = "query"\n', 'ERR_RULE_FIELD_VALUE', '"urgent"'],
  ['risk_score above 100', 'type = "query"\n', 'ERR_RULE_FIELD_VALUE', '101'],
  ['max_signals of zero', 'type = "query"\nmax_signals = 0\n', 'ERR_RULE_FIELD_VALUE', '0'],
  [
    'an eql rule written in kuery',
    'type = "eql"\nlanguage = "kuery"\nquery = "x"\n',
    'ERR_RULE_LANGUAGE_MISMATCH',
    '"kuery"',
  ],
  [
    'a threat block without tactic',
    'type = "query"\n\n[[rule.threat]]\nframework = "MITRE ATT&CK"\n',
    'ERR_RULE_MISSING_FIELD',
    '[[rule.threat]]',
  ],
  [
    'a technique id that is a number',
    'type = "query"\n[[rule.threat]]\nframework = "M"\n[[rule.threat.technique]]\nid = 1059\nname = "n"\nreference = "r"\n[rule.threat.tactic]\nid = "TA1"\nname = "n"\nreference = "r"\n',
    'ERR_RULE_FIELD_TYPE',
    '1059',
  ],
  [
    'new terms without history',
    'type = "new_terms"\nquery = "a:b"\n[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["a"]\n',
    'ERR_RULE_MISSING_FIELD',
    '[rule]',
  ],
  ['a tag that is a number', 'type = "query"\ntags = ["a", 2]\n', 'ERR_RULE_FIELD_TYPE', '2]'],
]

describe('toml loader diagnostics', () => {
  for (const [title, body, code, needle] of INLINE_ERRORS) {
    test(`points at ${title}`, () => {
      let text = HEAD + body
      if (title.startsWith('a severity'))
        text = text.replace('severity = "low"', 'severity = "urgent"')

      if (title.startsWith('risk_score')) text = text.replace('risk_score = 21', 'risk_score = 101')
      const { rules, diagnostics } = loadTomlRule('inline.toml', text)
      assert.deepEqual(rules, [])
      const d = diagnostics.find((x) => x.code === code)
      assert.ok(d, JSON.stringify(diagnostics.map((x) => x.code)))
      const lineText = text.split('\n')[d.span.start.line - 1] ?? ''
      assert.equal(lineText.indexOf(needle) + 1, d.span.start.column, `${lineText} / ${d.message}`)
      assert.ok(lineText.includes(needle))
    })
  }

  test('warns about unknown fields and still loads the rule', () => {
    const { rules, diagnostics } = loadTomlRule(
      'inline.toml',
      `${HEAD}type = "query"\nquery = "a:b"\ncolour = "red"\n`,
    )
    assert.equal(rules.length, 1)
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.span.start.line]),
      [['ERR_RULE_UNKNOWN_FIELD', 'warning', 13]],
    )
  })

  test('warns about an unknown top-level table', () => {
    const { rules, diagnostics } = loadTomlRule(
      'inline.toml',
      `${HEAD}type = "query"\n\n[extra]\nx = 1\n`,
    )
    assert.equal(rules.length, 1)
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.span.start.line, d.span.start.column]),
      [['ERR_RULE_UNKNOWN_FIELD', 'unknown table "extra" is ignored', 13, 1]],
    )
  })

  test('reports a file without a rule table', () => {
    const { diagnostics } = loadTomlRule('inline.toml', '[metadata]\nmaturity = "production"\n')
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [['ERR_RULE_MISSING_FIELD', 'missing the [rule] table']],
    )
  })

  test('defaults a kuery rule without query to the empty query', () => {
    const rule = loadTomlRule('inline.toml', `${HEAD}type = "query"\n`).rules[0]
    assert.ok(rule?.type === 'query')
    assert.equal(rule.query, '')
    assert.equal(rule.language, 'kuery')
  })
})

describe('toml loader with windows line endings', () => {
  test('keeps field and query positions on crlf files', () => {
    const { path, text } = readFixture('toml/bad-eql-query.toml')
    const crlf = text.replaceAll('\n', '\r\n')
    const { rules, diagnostics } = loadTomlRule(path, crlf)
    assert.deepEqual(diagnostics, [])
    const report = validateRulesReport(rules)
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column]),
      [['ERR_EQL_UNEXPECTED_TOKEN', 17, positionOf(text, 17, 'and').column]],
    )
    assert.equal(rules[0]?.provenance.positions.get('risk_score')?.start.line, 11)
  })
})
