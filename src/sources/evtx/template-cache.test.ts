import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { serializeXml } from '../xml/serialize.ts'
import {
  ChunkBuilder,
  SAMPLE_FILETIME,
  buildFile,
  readAll,
  stringValue,
} from './evtx-builder.test.ts'
import type { StreamWriter } from './evtx-builder.test.ts'

// <name>%0</name>, written as a template body
const valueIn =
  (name: string) =>
  (t: StreamWriter): void => {
    t.element(name, { inTemplate: true, content: (c) => c.substitution(0, 0x01) })
  }

// <Event><name>%0</name></Event>
const eventWith =
  (name: string) =>
  (t: StreamWriter): void => {
    t.element('Event', {
      inTemplate: true,
      content: (e) => {
        valueIn(name)(e)
      },
    })
  }

function chunk(...records: [number, (t: StreamWriter) => void, string][]): Uint8Array {
  const builder = new ChunkBuilder()
  for (const [n, [id, body, value]] of records.entries()) {
    builder.record(n + 1, SAMPLE_FILETIME, (w) => {
      w.template(id, body, [stringValue(value)])
    })
  }

  return builder.finish()
}

const xmlOf = (file: Uint8Array): string[] => readAll(file).events.map((e) => serializeXml(e))

describe('templates shared across chunks', () => {
  test('reuses a template whose copy sits elsewhere in a later chunk, with the same result', () => {
    const file = buildFile([
      chunk([7, eventWith('Data'), 'one']),
      chunk([8, eventWith('Other'), 'x'], [7, eventWith('Data'), 'two']),
    ])
    assert.deepEqual(xmlOf(file), [
      '<Event><Data>one</Data></Event>',
      '<Event><Other>x</Other></Event>',
      '<Event><Data>two</Data></Event>',
    ])
  })

  test('compiles a reused GUID with another body on its own', () => {
    const file = buildFile([
      chunk([7, eventWith('Data'), 'one']),
      chunk([7, eventWith('Dat2'), 'two']),
    ])
    assert.deepEqual(xmlOf(file), [
      '<Event><Data>one</Data></Event>',
      '<Event><Dat2>two</Dat2></Event>',
    ])
  })

  test('compiles a copy whose bytes match but whose names read otherwise', () => {
    // the same layout in both chunks: the second template's names point back at the first
    // template's, at the same offsets, where the two chunks store different names
    const file = buildFile([
      chunk([1, valueIn('Aaaa'), 'a'], [7, eventWith('Aaaa'), 'one']),
      chunk([2, valueIn('Bbbb'), 'b'], [7, eventWith('Bbbb'), 'two']),
    ])
    assert.deepEqual(xmlOf(file), [
      '<Aaaa>a</Aaaa>',
      '<Event><Aaaa>one</Aaaa></Event>',
      '<Bbbb>b</Bbbb>',
      '<Event><Bbbb>two</Bbbb></Event>',
    ])
  })

  test('compiles a copy whose name moved from inline to a reference', () => {
    const file = buildFile([
      chunk([7, eventWith('Data'), 'one']),
      chunk([1, valueIn('Data'), 'd'], [7, eventWith('Data'), 'two']),
    ])
    assert.deepEqual(xmlOf(file), [
      '<Event><Data>one</Data></Event>',
      '<Data>d</Data>',
      '<Event><Data>two</Data></Event>',
    ])
  })
})
