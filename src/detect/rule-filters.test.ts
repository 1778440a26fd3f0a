import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EcsEvent } from '../ecs/index.ts'
import { LeafBuilder } from './kql-leaf.ts'
import { compileRuleFilters } from './rule-filters.ts'
import { TEST_NOW } from './test-support.ts'

const EVENT: EcsEvent = {
  process: {
    name: 'powershell.exe',
    executable: 'C:\\Program Files\\WindowsPowerShell\\Modules\\x\\y.psm1',
  },
  destination: { port: 443 },
  file: { path: 'c:\\program files\\windowspowershell\\modules\\x\\y.psm1' },
  message: 'Suspicious Activity detected',
}

const filter = (query: unknown, meta: Record<string, unknown> = {}) => ({ meta, query })

const CASES: readonly [string, readonly unknown[], boolean][] = [
  ['no filters', [], true],
  ['phrase', [filter({ match_phrase: { 'process.name': 'powershell.exe' } })], true],
  ['phrase, other value', [filter({ match_phrase: { 'process.name': 'cmd.exe' } })], false],
  [
    'negated phrase',
    [filter({ match_phrase: { 'process.name': 'powershell.exe' } }, { negate: true })],
    false,
  ],
  [
    'disabled filter is dropped',
    [filter({ match_phrase: { 'process.name': 'cmd.exe' } }, { disabled: true })],
    true,
  ],
  [
    'phrases',
    [
      filter({
        bool: {
          should: [
            { match_phrase: { 'process.name': 'a' } },
            { match_phrase: { 'process.name': 'powershell.exe' } },
          ],
          minimum_should_match: 1,
        },
      }),
    ],
    true,
  ],
  ['exists', [filter({ exists: { field: 'destination.port' } })], true],
  [
    'negated exists on a missing field',
    [filter({ exists: { field: 'dll.name' } }, { negate: true })],
    true,
  ],
  ['legacy top-level exists', [{ meta: {}, exists: { field: 'dll.name' } }], false],
  ['range', [filter({ range: { 'destination.port': { gte: 400, lt: 500 } } })], true],
  ['range outside', [filter({ range: { 'destination.port': { gt: 443 } } })], false],
  ['term', [filter({ term: { 'destination.port': 443 } })], true],
  ['terms', [filter({ terms: { 'process.name': ['x', 'powershell.exe'] } })], true],
  ['match on text is analysed', [filter({ match: { message: 'activity' } })], true],
  [
    'legacy match with type phrase',
    [filter({ match: { 'process.name': { query: 'powershell.exe', type: 'phrase' } } })],
    true,
  ],
  [
    'wildcard with case_insensitive and ?',
    [
      filter(
        {
          wildcard: {
            'file.path': {
              value: '?:\\\\Program Files\\\\WindowsPowerShell\\\\Modules\\\\*.ps?1',
              case_insensitive: true,
            },
          },
        },
        { negate: true },
      ),
    ],
    false,
  ],
  [
    'wildcard is case-sensitive by default',
    [filter({ wildcard: { 'file.path': { value: 'C:*' } } })],
    false,
  ],
  [
    'bool must_not',
    [filter({ bool: { must_not: [{ match_phrase: { 'process.name': 'powershell.exe' } }] } })],
    false,
  ],
  [
    'bool filter and should with minimum 0',
    [
      filter({
        bool: {
          filter: [{ exists: { field: 'message' } }],
          should: [{ match_phrase: { 'process.name': 'x' } }],
        },
      }),
    ],
    true,
  ],
  [
    'combined OR',
    [
      {
        meta: {
          type: 'combined',
          relation: 'OR',
          params: [
            filter({ match_phrase: { 'process.name': 'x' } }),
            filter({ exists: { field: 'message' } }),
          ],
        },
      },
    ],
    true,
  ],
  [
    'combined AND',
    [
      {
        meta: {
          type: 'combined',
          relation: 'AND',
          params: [
            filter({ match_phrase: { 'process.name': 'x' } }),
            filter({ exists: { field: 'message' } }),
          ],
        },
      },
    ],
    false,
  ],
  ['match_all', [filter({ match_all: {} })], true],
  [
    'filters are ANDed',
    [filter({ exists: { field: 'message' } }), filter({ exists: { field: 'dll.name' } })],
    false,
  ],
]

describe('rule filters', () => {
  for (const [name, filters, expected] of CASES) {
    test(`${name}: ${JSON.stringify(filters)} keeps the event: ${String(expected)}`, () => {
      const leaves = new LeafBuilder(TEST_NOW)
      const matches = compileRuleFilters(filters, leaves)
      assert.deepEqual(leaves.diagnostics, [])
      assert.equal(matches(EVENT), expected)
    })
  }

  test('unknown query types are refused with ERR_DETECT_UNSUPPORTED_DSL', () => {
    const leaves = new LeafBuilder(TEST_NOW, 'rule.toml')
    compileRuleFilters(
      [filter({ geo_distance: { distance: '1km', 'source.geo.location': [0, 0] } })],
      leaves,
      'rule.toml',
    )
    assert.deepEqual(
      leaves.diagnostics.map((d) => [d.code, d.source]),
      [['ERR_DETECT_UNSUPPORTED_DSL', 'rule.toml']],
    )
  })
})
