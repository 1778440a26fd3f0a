import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { problemsOf, readAll, sourcesOf, tempFolder, writeInput } from './test-helpers.ts'

const folder = tempFolder()
const CHUNK_SIZES = [1, 2, 5, 1 << 20]

describe('json arrays', () => {
  const cases: [string, string, unknown[]][] = [
    ['a compact array', '[{"a":1},{"a":2}]', [{ a: 1 }, { a: 2 }]],
    ['a pretty array', '[\n  {\n    "a": 1\n  },\n  {\n    "a": 2\n  }\n]\n', [{ a: 1 }, { a: 2 }]],
    ['an empty array', ' [ ] ', []],
    ['brackets inside strings', '[{"a":"]}[{"},{"b":"[["}]', [{ a: ']}[{' }, { b: '[[' }]],
    [
      'escaped quotes and backslashes',
      '[{"a":"x\\"]\\\\"},{"b":"\\\\"}]',
      [{ a: 'x"]\\' }, { b: '\\' }],
    ],
    [
      'nested arrays and objects',
      '[{"a":[[1],{"b":[2]}]},{"c":{}}]',
      [{ a: [[1], { b: [2] }] }, { c: {} }],
    ],
    ['unicode escapes and multi-byte text', '[{"a":"\\u005d","b":"€"}]', [{ a: ']', b: '€' }]],
    ['pretty objects one after another', '{\n "a": 1\n}\n{\n "a": 2\n}\n', [{ a: 1 }, { a: 2 }]],
  ]
  for (const [name, text, expected] of cases) {
    for (const chunkSize of CHUNK_SIZES) {
      test(`reads ${name} with ${String(chunkSize)}-byte chunks`, async () => {
        const path = writeInput(folder, 'array.json', text)
        const { items } = await readAll([path], { chunkSize })
        assert.deepEqual(problemsOf(items), [])
        assert.deepEqual(sourcesOf(items), expected)
      })
    }
  }

  test('numbers elements by the line they start on', async () => {
    const path = writeInput(folder, 'lines.json', '[\n{"a":1},\n\n  {"a":2}]')
    const { items } = await readAll([path], { chunkSize: 2 })
    assert.deepEqual(
      items.map((i) => (i.kind === 'event' ? i.line : 0)),
      [2, 4],
    )
  })

  const faults: [string, string, string[], number][] = [
    ['a malformed element', '[{"a":1},\n  {"a":}]', [':2:8 ERR_INPUT_JSON'], 1],
    ['a missing comma', '[{"a":1} {"a":2}]', [':1:10 ERR_INPUT_JSON'], 2],
    ['an unterminated array', '[{"a":1},{"a":2}', [':1:17 ERR_INPUT_JSON'], 2],
    [
      'a truncated element',
      '[{"a":1},{"a":"x',
      [':1:17 ERR_INPUT_JSON', ':1:17 ERR_INPUT_JSON'],
      1,
    ],
    ['a scalar element', '[{"a":1},42]', [':1:10 ERR_INPUT_NOT_OBJECT'], 1],
  ]
  for (const [name, text, expected, good] of faults) {
    test(`reports ${name} at file:line:column and keeps the rest`, async () => {
      const path = writeInput(folder, 'bad.json', text)
      for (const chunkSize of CHUNK_SIZES) {
        const { items } = await readAll([path], { chunkSize })
        assert.deepEqual(
          problemsOf(items),
          expected.map((e) => `${path}${e}`),
          `chunk ${String(chunkSize)}`,
        )
        assert.equal(sourcesOf(items).length, good)
      }
    })
  }
})

describe('elasticsearch exports', () => {
  test('yields the _source of a search hit with its index and id', async () => {
    const path = writeInput(
      folder,
      'hits.ndjson',
      '{"_index":"logs-1","_id":"abc","_score":1,"_source":{"host":{"name":"h"}}}\n',
    )
    const { items } = await readAll([path])
    const [item] = items
    assert.equal(item?.kind, 'event')
    if (item?.kind !== 'event') return
    assert.deepEqual([item.index, item.id, item.source], ['logs-1', 'abc', { host: { name: 'h' } }])
  })

  test('pairs bulk action lines with their documents', async () => {
    const text = [
      '{"index":{"_index":"a","_id":"1"}}',
      '{"n":1}',
      '{"delete":{"_index":"a","_id":"2"}}',
      '{"create":{"_index":"b"}}',
      '{"n":2}',
      '{"update":{"_index":"c","_id":"3"}}',
      '{"doc":{"n":3}}',
      '{"n":4}',
    ].join('\n')
    const path = writeInput(folder, 'bulk.ndjson', text)
    const { items } = await readAll([path], { chunkSize: 7 })
    const events = items.map((i) =>
      i.kind === 'event' ? [i.index ?? null, i.id ?? null, i.line, i.source] : null,
    )
    assert.deepEqual(events, [
      ['a', '1', 2, { n: 1 }],
      ['b', null, 5, { n: 2 }],
      ['c', '3', 7, { n: 3 }],
      [null, null, 8, { n: 4 }],
    ])
  })

  test('reports a bulk action left without a document', async () => {
    const path = writeInput(folder, 'bulk-end.ndjson', '{"n":1}\n{"index":{"_index":"a"}}\n')
    assert.deepEqual(problemsOf((await readAll([path])).items), [`${path}:2:1 ERR_INPUT_BULK`])
  })

  test('expands a search response into its hits', async () => {
    const response = {
      took: 3,
      hits: {
        total: { value: 2 },
        hits: [
          { _index: 'x', _id: '1', _source: { n: 1 } },
          { _index: 'x', _id: '2', _source: { n: 2 } },
        ],
      },
    }
    const path = writeInput(folder, 'response.json', JSON.stringify(response, null, 2))
    const { items } = await readAll([path])
    assert.deepEqual(
      items.map((i) => (i.kind === 'event' ? i.id : null)),
      ['1', '2'],
    )
  })

  test('expands an eql response with sequences, leaving out missing events', async () => {
    const response = {
      hits: {
        sequences: [
          {
            join_keys: ['h'],
            events: [
              { _index: 'x', _id: '1', _source: { n: 1 } },
              { _index: '', _id: '', missing: true },
            ],
          },
        ],
      },
    }
    const path = writeInput(folder, 'eql.json', JSON.stringify(response))
    assert.deepEqual(sourcesOf((await readAll([path])).items), [{ n: 1 }])
  })
})
