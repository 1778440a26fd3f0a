import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { loadRules } from './load-rules.ts'
import { loadTomlRule } from './load-toml.ts'
import {
  countValidation,
  renderValidationJson,
  renderValidationTable,
} from './render-validation.ts'
import { fixturePath, positionOf, readFixture } from './test-fixtures.ts'
import { validateRules, validateRulesReport } from './validate.ts'

const HEAD = `[rule]\nauthor = ["t"]\ndescription = "d"\nname = "n"\nrisk_score = 21\nrule_id = "r"\nseverity = "low"\n`

function validateToml(body: string): ReturnType<typeof validateRules>[number] {
  const { rules, diagnostics } = loadTomlRule('inline.toml', HEAD + body)
  assert.deepEqual(diagnostics, [])

  return validateRules(rules)[0] ?? assert.fail('no row')
}

describe('validateRules', () => {
  const QUERY_ERRORS = [
    ['toml/bad-eql-query.toml', 'ERR_EQL_UNEXPECTED_TOKEN', 17, '== and', 3],
    ['toml/bad-kql-query.toml', 'ERR_KQL_UNCLOSED_PAREN', 17, '(cmd', 0],
    ['json/bad-query.ndjson', 'ERR_KQL_UNCLOSED_PAREN', 1, '(root', 0],
    ['pages/bad-eql-query.md', 'ERR_EQL_UNTERMINATED_STRING', 15, '"cmd.exe', 0],
  ] as const

  for (const [file, code, line, needle, shift] of QUERY_ERRORS) {
    test(`points the ${code} of ${file} into the file`, async () => {
      const { text } = readFixture(file)
      const { rules } = await loadRules([fixturePath(file)])
      const report = validateRulesReport(rules)
      const expected = positionOf(text, line, needle)
      assert.equal(report.rows[0]?.status, 'error')
      assert.equal(report.rows[0].code, code)
      assert.ok(
        report.rows[0].message.startsWith(`${line}:${expected.column + shift} `),
        report.rows[0].message,
      )
      const d = report.diagnostics[0]
      assert.deepEqual(
        { line: d?.span.start.line, column: d?.span.start.column },
        { line, column: expected.column + shift },
      )
      assert.ok(d?.source?.endsWith(file))
    })
  }

  const VERDICTS = [
    [
      'an eql rule that compiles',
      'type = "eql"\nlanguage = "eql"\nquery = "process where process.name == \\"a\\""\n',
      'ok',
      null,
    ],
    ['a kuery rule that compiles', 'type = "query"\nquery = "process.name:a"\n', 'ok', null],
    [
      'a lucene rule',
      'type = "query"\nlanguage = "lucene"\nquery = "process.name:a"\n',
      'unsupported',
      'ERR_RULE_UNSUPPORTED_LUCENE',
    ],
    [
      'an esql rule',
      'type = "esql"\nlanguage = "esql"\nquery = "from logs-* | keep a"\n',
      'unsupported',
      'ERR_RULE_UNSUPPORTED_ESQL',
    ],
    [
      'a machine learning rule',
      'type = "machine_learning"\nanomaly_threshold = 50\nmachine_learning_job_id = "j"\n',
      'unsupported',
      'ERR_RULE_UNSUPPORTED_ML',
    ],
    [
      'a threshold rule whose query compiles',
      'type = "threshold"\nquery = "a:b"\n[rule.threshold]\nfield = []\nvalue = 5\n',
      'unsupported',
      'ERR_RULE_UNSUPPORTED_TYPE',
    ],
    [
      'a threshold rule whose query is broken',
      'type = "threshold"\nquery = "a:(b"\n[rule.threshold]\nfield = []\nvalue = 5\n',
      'error',
      'ERR_KQL_UNCLOSED_PAREN',
    ],
    [
      'a threat match rule with a broken indicator query',
      'type = "threat_match"\nquery = "a:b"\nthreat_index = ["ti"]\nthreat_query = "x:(y"\n[[rule.threat_mapping]]\n[[rule.threat_mapping.entries]]\nfield = "a"\ntype = "mapping"\nvalue = "b"\n',
      'error',
      'ERR_KQL_UNCLOSED_PAREN',
    ],
  ] as const

  for (const [title, body, status, code] of VERDICTS) {
    test(`rates ${title} ${status}`, () => {
      const row = validateToml(body)
      assert.equal(row.status, status)
      assert.equal(row.code, code)
      assert.equal(row.message === '', status === 'ok')
    })
  }

  test('points an indicator query error into the threat_query string', () => {
    const body =
      'type = "threat_match"\nquery = "a:b"\nthreat_index = ["ti"]\nthreat_query = "x:(y"\n[[rule.threat_mapping]]\n[[rule.threat_mapping.entries]]\nfield = "a"\ntype = "mapping"\nvalue = "b"\n'
    const { rules } = loadTomlRule('inline.toml', HEAD + body)
    const report = validateRulesReport(rules)
    const d = report.diagnostics[0]
    assert.deepEqual([d?.span.start.line, d?.span.start.column], [11, 'threat_query = "x:('.length])
    assert.ok(report.rows[0]?.message.startsWith('11:19 threat_query: '))
  })

  test('fills language from the rule and null for machine learning', () => {
    assert.equal(validateToml('type = "query"\nquery = "a:b"\n').language, 'kuery')
    assert.equal(
      validateToml(
        'type = "machine_learning"\nanomaly_threshold = 1\nmachine_learning_job_id = ["j"]\n',
      ).language,
      null,
    )
  })
})

describe('validation output', () => {
  test('renders json with exactly the row keys', async () => {
    const { rules } = await loadRules([fixturePath('toml')])
    const parsed = JSON.parse(renderValidationJson(validateRules(rules))) as Record<
      string,
      unknown
    >[]
    assert.equal(parsed.length, rules.length)
    for (const row of parsed)
      assert.deepEqual(Object.keys(row), [
        'path',
        'rule_id',
        'name',
        'type',
        'language',
        'status',
        'code',
        'message',
      ])
  })

  test('renders a table that ends with per-type counts', async () => {
    const { rules } = await loadRules([fixturePath('toml')])
    const rows = validateRules(rules)
    const lines = renderValidationTable(rows).split('\n')
    assert.ok(lines[0]?.startsWith('STATUS'))
    assert.match(lines.at(-1) ?? '', /^total\s+6\s+2\s+2\s+2$/)
    assert.deepEqual(countValidation(rows).get('query'), { ok: 1, unsupported: 0, error: 1 })
  })
})
