import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { serializeXml } from '../xml/serialize.ts'
import { ChunkContext } from './chunk-context.ts'
import {
  ChunkBuilder,
  SAMPLE_FILETIME,
  buildFile,
  readAll,
  stringValue,
} from './evtx-builder.test.ts'
import type { StreamWriter } from './evtx-builder.test.ts'
import { NO_DEPENDENCY, templateElement } from './template.ts'
import type { TemplateElement } from './template.ts'
import { TemplateCache } from './template-cache.ts'

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

const xmlOf = (file: Uint8Array, shareTemplates = true): string[] =>
  readAll(file, { shareTemplates }).events.map((e) => serializeXml(e))

// where the builder puts the definition of a chunk's first record: record header (24 bytes),
// fragment header (4), then the instance token's 10 bytes
const FIRST_DEFINITION = 512 + 24 + 4 + 10

function contextOf(bytes: Uint8Array): ChunkContext {
  const ctx = new ChunkContext()
  ctx.load(bytes, 4096)

  return ctx
}

const someTemplate = (name: string): TemplateElement => templateElement(name, NO_DEPENDENCY, [], [])

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

describe('templates shared across files', () => {
  // each case reads the first file, then the second, in one process: the second must read as it
  // does alone with a cache of its own
  const cases: [string, Uint8Array, Uint8Array][] = [
    [
      'the same definition',
      buildFile([chunk([7, eventWith('Data'), 'one'])]),
      buildFile([chunk([7, eventWith('Data'), 'two'])]),
    ],
    [
      'the same GUID with another body',
      buildFile([chunk([9, eventWith('Data'), 'one'])]),
      buildFile([chunk([9, eventWith('Dat2'), 'two'])]),
    ],
    [
      'the same bytes with names that read otherwise',
      buildFile([chunk([1, valueIn('Cccc'), 'c'], [7, eventWith('Cccc'), 'one'])]),
      buildFile([chunk([2, valueIn('Dddd'), 'd'], [7, eventWith('Dddd'), 'two'])]),
    ],
  ]
  for (const [name, first, second] of cases) {
    test(`reads a file after another with ${name} as it reads alone`, () => {
      const alone = xmlOf(second, false)
      xmlOf(first)
      assert.deepEqual(xmlOf(second), alone)
      assert.deepEqual(xmlOf(first), xmlOf(first, false))
    })
  }

  test('finds a definition added from another chunk with equal bytes', () => {
    const cache = new TemplateCache()
    const template = someTemplate('A')
    cache.add(contextOf(chunk([7, eventWith('Data'), 'one'])), FIRST_DEFINITION, [], template)
    const other = contextOf(chunk([7, eventWith('Data'), 'two']))
    assert.equal(cache.find(other, FIRST_DEFINITION), template)
  })

  test('forgets the oldest definitions when full', () => {
    const first = contextOf(chunk([7, eventWith('Data'), 'one']))
    const second = contextOf(chunk([8, eventWith('Data'), 'two']))
    // room for exactly one of the two equal-sized bodies
    const cache = new TemplateCache(first.view.getUint32(FIRST_DEFINITION + 20, true))
    const a = someTemplate('A')
    const b = someTemplate('B')
    cache.add(first, FIRST_DEFINITION, [], a)
    assert.equal(cache.find(first, FIRST_DEFINITION), a)
    cache.add(second, FIRST_DEFINITION, [], b)
    assert.equal(cache.find(second, FIRST_DEFINITION), b)
    assert.equal(cache.find(first, FIRST_DEFINITION), undefined)
  })

  test('keeps no definition larger than the whole cache', () => {
    const ctx = contextOf(chunk([7, eventWith('Data'), 'one']))
    const cache = new TemplateCache(ctx.view.getUint32(FIRST_DEFINITION + 20, true) - 1)
    cache.add(ctx, FIRST_DEFINITION, [], someTemplate('A'))
    assert.equal(cache.find(ctx, FIRST_DEFINITION), undefined)
  })
})
