import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MISSING, toEngineEvent } from '../engine/index.ts'
import type { EqlResults } from '../engine/index.ts'
import { ES_SINK, NDJSON_SINK, SINKS, TABLE_SINK, toEsResponse } from './index.ts'
import type { SinkContext } from './index.ts'

const CONTEXT: SinkContext = {
  tookMs: 12.4,
  timestampField: '@timestamp',
  categoryField: 'event.category',
}

const PROCESS = {
  '@timestamp': '2026-11-02T10:00:00.000Z',
  event: { category: ['process'] },
  host: { id: 'h-1', name: 'web-01' },
  user: { name: 'alice' },
  process: { name: 'cmd.exe', command_line: 'cmd.exe /c whoami' },
}
const NETWORK = {
  '@timestamp': '2026-11-02T10:00:05.000Z',
  event: { category: 'network' },
  host: { id: 'h-1', name: 'web-01' },
  destination: { ip: '198.51.100.7', port: 443 },
}

const first = toEngineEvent(PROCESS, { ordinal: 0, index: 'logs-a', id: '7' })
const second = toEngineEvent(NETWORK, { ordinal: 1, index: 'logs-b', id: '8' })
const EVENTS: EqlResults = { kind: 'events', events: [first, second], total: 2 }
const SEQUENCES: EqlResults = {
  kind: 'sequences',
  sequences: [{ joinKeys: ['h-1', 443], events: [first, MISSING, second] }],
  total: 1,
}

function text(results: EqlResults, sink = ES_SINK): string {
  return [...sink.render(results, CONTEXT)].join('')
}

describe('es sink', () => {
  test('writes one object shaped like an _eql/search response for events', () => {
    const out = text(EVENTS)
    assert.ok(out.endsWith('}\n'))
    assert.equal(out.trimEnd().split('\n').length, 1)
    const response = JSON.parse(out) as Record<string, unknown>
    assert.deepEqual(Object.keys(response), [
      'is_partial',
      'is_running',
      'took',
      'timed_out',
      'hits',
    ])
    assert.equal(response.is_partial, false)
    assert.equal(response.is_running, false)
    assert.equal(response.took, 12)
    assert.equal(response.timed_out, false)
    assert.deepEqual(response.hits, {
      total: { value: 2, relation: 'eq' },
      events: [
        { _index: 'logs-a', _id: '7', _source: PROCESS },
        { _index: 'logs-b', _id: '8', _source: NETWORK },
      ],
    })
  })

  test('writes sequences with join_keys and missing events', () => {
    const hits = (JSON.parse(text(SEQUENCES)) as { hits: Record<string, unknown> }).hits
    assert.deepEqual(Object.keys(hits), ['total', 'sequences'])
    assert.deepEqual(hits.total, { value: 1, relation: 'eq' })
    assert.deepEqual(hits.sequences, [
      {
        join_keys: ['h-1', 443],
        events: [
          { _index: 'logs-a', _id: '7', _source: PROCESS },
          { _index: '', _id: '', missing: true },
          { _index: 'logs-b', _id: '8', _source: NETWORK },
        ],
      },
    ])
  })

  test('counts returned hits in total, not matches before size', () => {
    const limited: EqlResults = { kind: 'events', events: [second], total: 2 }
    assert.deepEqual(toEsResponse(limited, 0).hits, {
      total: { value: 1, relation: 'eq' },
      events: [{ _index: 'logs-b', _id: '8', _source: NETWORK }],
    })
  })

  test('writes an empty result with zero hits', () => {
    const empty: EqlResults = { kind: 'events', events: [], total: 0 }
    assert.deepEqual(toEsResponse(empty, 1).hits, {
      total: { value: 0, relation: 'eq' },
      events: [],
    })
  })
})

describe('ndjson sink', () => {
  test('writes one _source per line for events', () => {
    assert.equal(
      text(EVENTS, NDJSON_SINK),
      `${JSON.stringify(PROCESS)}\n${JSON.stringify(NETWORK)}\n`,
    )
  })

  test('writes one object per sequence with join_keys and events', () => {
    const line = JSON.parse(text(SEQUENCES, NDJSON_SINK)) as unknown
    assert.deepEqual(line, {
      join_keys: ['h-1', 443],
      events: [PROCESS, { missing: true }, NETWORK],
    })
  })
})

describe('table sink', () => {
  test('writes a header and one row per event with key fields', () => {
    const lines = text(EVENTS, TABLE_SINK).trimEnd().split('\n')
    assert.equal(lines.length, 3)
    assert.match(lines[0] ?? '', /^timestamp\s+category\s+host\s+user\s+process\s+details$/)
    assert.match(
      lines[1] ?? '',
      /^2026-11-02T10:00:00\.000Z\s+process\s+web-01\s+alice\s+cmd\.exe\s+cmd\.exe \/c whoami$/,
    )
    assert.match(
      lines[2] ?? '',
      /^2026-11-02T10:00:05\.000Z\s+network\s+web-01\s+198\.51\.100\.7:443$/,
    )
  })

  test('groups sequences under their join keys and marks missing events', () => {
    const out = text(SEQUENCES, TABLE_SINK)
    assert.match(out, /^sequence 1 {2}join_keys: \["h-1",443\]\n/)
    assert.match(out, /\n {2}\(missing event\)\n/)
    assert.equal(out.split('\n').filter((l) => l.startsWith('  2026')).length, 2)
  })

  test('writes nothing for no results', () => {
    assert.equal(text({ kind: 'events', events: [], total: 0 }, TABLE_SINK), '')
  })
})

describe('sink registry', () => {
  test('names each sink by its format', () => {
    for (const [format, sink] of Object.entries(SINKS)) assert.equal(sink.format, format)
  })
})
