import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EcsEvent } from '../ecs/index.ts'
import { compileRuleExceptions } from './exception-filter.ts'
import { parseExceptionExport } from './exception-list.ts'
import { LeafBuilder } from './kql-leaf.ts'
import { TEST_NOW } from './test-support.ts'

const REF = [
  { id: 'l-1', list_id: 'my-list', type: 'detection', namespace_type: 'single' },
] as const

function exportOf(items: readonly Record<string, unknown>[]): string {
  const list = {
    id: 'l-1',
    list_id: 'my-list',
    name: 'List',
    type: 'detection',
    namespace_type: 'single',
  }
  const lines = [
    list,
    ...items.map((item, i) => ({
      item_id: `i${String(i)}`,
      list_id: 'my-list',
      name: 'x',
      type: 'simple',
      namespace_type: 'single',
      os_types: [],
      ...item,
    })),
  ]

  return [
    ...lines,
    { exported_exception_list_count: 1, exported_exception_list_item_count: items.length },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n')
}

function suppresses(items: readonly Record<string, unknown>[], event: EcsEvent): boolean {
  const parsed = parseExceptionExport(exportOf(items), 'ex.ndjson')
  assert.deepEqual(parsed.diagnostics, [])
  const leaves = new LeafBuilder(TEST_NOW)
  const compiled = compileRuleExceptions(REF, parsed.value, leaves, TEST_NOW)
  assert.deepEqual(leaves.diagnostics, [])

  return compiled.matches?.(event) ?? false
}

const entry = (e: Record<string, unknown>) => ({ entries: [e] })
const svchost = {
  process: { name: 'svchost.exe', args: ['-k', 'netsvcs'] },
  host: { os: { type: 'windows', name: 'Windows 11' } },
}

const CASES: readonly [string, readonly Record<string, unknown>[], EcsEvent, boolean][] = [
  [
    'is',
    [entry({ field: 'process.name', type: 'match', operator: 'included', value: 'svchost.exe' })],
    svchost,
    true,
  ],
  [
    'is, case differs',
    [entry({ field: 'process.name', type: 'match', operator: 'included', value: 'SVCHOST.EXE' })],
    svchost,
    false,
  ],
  [
    'is not',
    [entry({ field: 'process.name', type: 'match', operator: 'excluded', value: 'svchost.exe' })],
    svchost,
    false,
  ],
  [
    'is not, other value',
    [entry({ field: 'process.name', type: 'match', operator: 'excluded', value: 'cmd.exe' })],
    svchost,
    true,
  ],
  [
    'is one of',
    [
      entry({
        field: 'process.name',
        type: 'match_any',
        operator: 'included',
        value: ['a.exe', 'svchost.exe'],
      }),
    ],
    svchost,
    true,
  ],
  [
    'is not one of',
    [
      entry({
        field: 'process.name',
        type: 'match_any',
        operator: 'excluded',
        value: ['a.exe', 'svchost.exe'],
      }),
    ],
    svchost,
    false,
  ],
  [
    'matches',
    [entry({ field: 'process.name', type: 'wildcard', operator: 'included', value: 'svc*.e?e' })],
    svchost,
    true,
  ],
  [
    'matches is case-sensitive',
    [entry({ field: 'process.name', type: 'wildcard', operator: 'included', value: 'SVC*' })],
    svchost,
    false,
  ],
  [
    'does not match',
    [entry({ field: 'process.name', type: 'wildcard', operator: 'excluded', value: 'svc*' })],
    svchost,
    false,
  ],
  [
    'matches with a backslash escape',
    [
      entry({
        field: 'file.path',
        type: 'wildcard',
        operator: 'included',
        value: 'C:\\Windows\\*',
      }),
    ],
    { file: { path: 'C:\\Windows\\x.exe' } },
    false,
  ],
  [
    'matches the literal C:Windows*',
    [
      entry({
        field: 'file.path',
        type: 'wildcard',
        operator: 'included',
        value: 'C:\\Windows\\*',
      }),
    ],
    { file: { path: 'C:Windows*' } },
    true,
  ],
  [
    'exists',
    [entry({ field: 'process.args', type: 'exists', operator: 'included' })],
    svchost,
    true,
  ],
  [
    'does not exist',
    [entry({ field: 'process.args', type: 'exists', operator: 'excluded' })],
    svchost,
    false,
  ],
  [
    'does not exist, field absent',
    [entry({ field: 'dll.name', type: 'exists', operator: 'excluded' })],
    svchost,
    true,
  ],
  [
    'entries are ANDed',
    [
      {
        entries: [
          { field: 'process.name', type: 'match', operator: 'included', value: 'svchost.exe' },
          { field: 'process.args', type: 'match', operator: 'included', value: 'other' },
        ],
      },
    ],
    svchost,
    false,
  ],
  [
    'items are ORed',
    [
      entry({ field: 'process.name', type: 'match', operator: 'included', value: 'no' }),
      entry({ field: 'process.args', type: 'match', operator: 'included', value: 'netsvcs' }),
    ],
    svchost,
    true,
  ],
  [
    'os_types windows on a windows host',
    [
      {
        ...entry({
          field: 'process.name',
          type: 'match',
          operator: 'included',
          value: 'svchost.exe',
        }),
        os_types: ['windows'],
      },
    ],
    svchost,
    true,
  ],
  [
    'os_types linux on a windows host',
    [
      {
        ...entry({
          field: 'process.name',
          type: 'match',
          operator: 'included',
          value: 'svchost.exe',
        }),
        os_types: ['linux'],
      },
    ],
    svchost,
    false,
  ],
  [
    'os_types and no host.os fields',
    [
      {
        ...entry({
          field: 'process.name',
          type: 'match',
          operator: 'included',
          value: 'svchost.exe',
        }),
        os_types: ['windows'],
      },
    ],
    { process: { name: 'svchost.exe' } },
    false,
  ],
  [
    'os_types by lowercased host.os.name',
    [{ ...entry({ field: 'a', type: 'exists', operator: 'included' }), os_types: ['windows'] }],
    { a: 1, host: { os: { name: 'Windows' } } },
    true,
  ],
  [
    'nested',
    [
      entry({
        field: 'parent',
        type: 'nested',
        entries: [{ field: 'name', type: 'match', operator: 'included', value: 'x' }],
      }),
    ],
    { parent: { name: 'x' } },
    true,
  ],
  [
    'nested, other value',
    [
      entry({
        field: 'parent',
        type: 'nested',
        entries: [{ field: 'name', type: 'match', operator: 'included', value: 'x' }],
      }),
    ],
    { parent: { name: 'y' } },
    false,
  ],
  [
    'list entries are skipped',
    [
      entry({
        field: 'process.name',
        type: 'list',
        operator: 'included',
        list: { id: 'names', type: 'keyword' },
      }),
    ],
    svchost,
    false,
  ],
  [
    'expired items are dropped',
    [
      {
        ...entry({
          field: 'process.name',
          type: 'match',
          operator: 'included',
          value: 'svchost.exe',
        }),
        expire_time: '2020-01-01T00:00:00Z',
      },
    ],
    svchost,
    false,
  ],
  [
    'number values compare as text',
    [entry({ field: 'destination.port', type: 'match', operator: 'included', value: '443' })],
    { destination: { port: 443 } },
    true,
  ],
]

describe('exception items', () => {
  for (const [name, items, event, expected] of CASES) {
    test(`${name} (${JSON.stringify(event)}) suppresses: ${String(expected)}`, () => {
      assert.equal(suppresses(items, event), expected)
    })
  }

  test('items of other lists do not apply', () => {
    const parsed = parseExceptionExport(
      exportOf([entry({ field: 'process.name', type: 'exists', operator: 'included' })]),
      'ex.ndjson',
    )
    const other = [{ ...REF[0], list_id: 'other' }]
    assert.equal(
      compileRuleExceptions(other, parsed.value, new LeafBuilder(TEST_NOW), TEST_NOW).matches,
      null,
    )
  })

  test('value-list items are counted as skipped', () => {
    const parsed = parseExceptionExport(
      exportOf([
        entry({ field: 'a', type: 'list', operator: 'included', list: { id: 'l', type: 'ip' } }),
      ]),
      'ex.ndjson',
    )
    assert.equal(
      compileRuleExceptions(REF, parsed.value, new LeafBuilder(TEST_NOW), TEST_NOW)
        .skippedListItems,
      1,
    )
  })

  test('bad lines are reported with their line and the rest still load', () => {
    const text = `{"list_id":"my-list","id":"l-1"}\nnot json\n{"list_id":"my-list","entries":[{"type":"weird","field":"f"}]}\n{"list_id":"my-list","item_id":"ok","entries":[]}`
    const parsed = parseExceptionExport(text, 'ex.ndjson')
    assert.deepEqual(
      parsed.diagnostics.map((d) => [d.code, d.span.start.line, d.source]),
      [
        ['ERR_DETECT_EXCEPTION_JSON', 2, 'ex.ndjson'],
        ['ERR_DETECT_EXCEPTION_ITEM', 3, 'ex.ndjson'],
      ],
    )
    assert.equal(parsed.value.items.length, 1)
    assert.equal(parsed.value.lists.length, 1)
  })
})
