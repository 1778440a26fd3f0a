import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'

import { parse } from 'smol-toml'

import { parseEql } from '../eql/index.ts'
import { compileEql } from './compile-query.ts'
import { corpusPath } from './test-support.ts'

const FILES = ['test_queries.toml', 'additional_test_queries.toml', 'test_queries_date.toml']
const HARNESS_SIZE = 50

interface QaQuery {
  readonly name: string
  readonly query: string
  readonly expected_event_ids: readonly number[]
}

type QaEvent = Record<string, unknown> & { '@timestamp': number; serial_event_id: number }

// the QA data loader derives @timestamp from the Windows FILETIME (beyond 2^53: read as text)
function loadEvents(dir: string): QaEvent[] {
  const text = readFileSync(join(dir, 'test_data.json'), 'utf8').replace(
    /"timestamp": (\d+)/g,
    '"timestamp": "$1"',
  )
  const events = (JSON.parse(text) as Record<string, unknown>[]).map((event) => {
    const filetime = BigInt(event.timestamp as string)

    return { ...event, '@timestamp': Number(filetime / 10_000n - 11_644_473_600_000n) } as QaEvent
  })

  return events.sort(
    (a, b) => a['@timestamp'] - b['@timestamp'] || a.serial_event_id - b.serial_event_id,
  )
}

describe('elasticsearch QA event queries (filters and pipes only)', () => {
  const dir = corpusPath('eql/elastic-elasticsearch/resources')
  if (dir === null) {
    test('qa event queries', (t) => {
      t.skip('shared corpus not found: ../shared/corpus is absent')
    })

    return
  }

  const events = loadEvents(dir)
  for (const file of FILES) {
    const { queries } = parse(readFileSync(join(dir, file), 'utf8')) as unknown as {
      queries: QaQuery[]
    }
    for (const qa of queries) {
      const parsed = parseEql(qa.query)
      // sequences and samples need the engine; they are covered by its conformance suite
      if (parsed.ok && parsed.value.kind !== 'EventQuery') continue

      test(`${file} ${qa.name} returns ${JSON.stringify(qa.expected_event_ids)}`, () => {
        assert.ok(parsed.ok, 'the query parses')

        const compiled = compileEql(parsed.value, { categoryField: 'event_type' })
        assert.ok(compiled.ok, 'the query compiles')

        const { plan } = compiled.value
        assert.equal(plan.kind, 'event')
        if (plan.kind !== 'event') return

        let ids = events.filter((e) => plan.filter.matches(e)).map((e) => e.serial_event_id)
        for (const pipe of plan.pipes)
          ids = pipe.name === 'head' ? ids.slice(0, pipe.count) : ids.slice(-pipe.count)

        assert.deepEqual(ids.slice(-HARNESS_SIZE), qa.expected_event_ids)
      })
    }
  }
})

describe('every elasticsearch QA query that parses also compiles', () => {
  const dir = corpusPath('eql/elastic-elasticsearch/resources')
  if (dir === null) {
    test('qa queries compile', (t) => {
      t.skip('shared corpus not found: ../shared/corpus is absent')
    })

    return
  }

  const files = [
    'test_extra.toml',
    'test_missing_events.toml',
    'test_sample.toml',
    'test_sample_multi.toml',
    ...FILES,
  ]
  for (const file of files) {
    // test_extra.toml writes bare `null` in arrays, which TOML does not allow
    const text = readFileSync(join(dir, file), 'utf8').replace(/(?<=[[ ,])null(?=[\],])/g, '"null"')
    const { queries } = parse(text) as unknown as { queries: QaQuery[] }
    test(`${file}: ${queries.length} queries compile without diagnostics`, () => {
      for (const qa of queries) {
        const parsed = parseEql(qa.query)
        if (!parsed.ok) continue

        const compiled = compileEql(parsed.value)
        assert.deepEqual(compiled.diagnostics, [], `${qa.name}: ${qa.query}`)
      }
    })
  }
})
