import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { shareableBytes } from './discover.ts'
import { buildFile, chunkOf } from './evtx/evtx-builder.test.ts'
import { readInputTasks, readStreamTask } from './input-tasks.ts'
import type { InputTask } from './input-tasks.ts'
import { tempFolder, writeInput } from './test-helpers.ts'

const folder = tempFolder()
const LINES = '{"a":1}\n{"a":2}\n{"a":3}\n'

// each task as kind and file name, a run of pieces of one file as one
function shapesOf(tasks: readonly InputTask[]): string[] {
  return tasks
    .map(shapeOf)
    .filter((shape, k, all) => !shape.startsWith('lines') || shape !== all[k - 1])
}

function shapeOf(task: InputTask): string {
  switch (task.kind) {
    case 'lines':
      return `lines ${basename(task.piece.file)}`
    case 'part':
      return `part ${basename(task.path)}`
    case 'file':
      return `file ${basename(task.target.path)}`
    case 'stream':
      return 'stream'
    case 'failed':
      return `failed ${basename(task.file)} ${task.problem.diagnostic.code}`
    case 'end':
      return `end ${basename(task.file)} ${task.format}`
  }
}

async function tasksOf(paths: readonly string[], stdin = Readable.from([])): Promise<InputTask[]> {
  const tasks: InputTask[] = []
  for await (const task of readInputTasks(paths, { pieceSize: 10, stdin })) tasks.push(task)

  return tasks
}

describe('input tasks', () => {
  test('line-layout inputs are cut into pieces; others go whole; a missing file fails', async () => {
    const inputs = join(folder, 'inputs')
    mkdirSync(inputs)
    writeInput(folder, 'inputs/a.ndjson', LINES)
    writeInput(folder, 'inputs/b.json', '[{"a":1}]')
    writeInput(folder, 'inputs/c.ndjson.gz', gzipSync(LINES))
    writeInput(folder, 'inputs/d.json.gz', gzipSync('[{"a":1}]'))
    writeInput(folder, 'inputs/e.ndjson', '  [{"a":1},\n{"a":2}]\n')
    const missing = join(folder, 'missing.ndjson')
    const tasks = await tasksOf([inputs, missing])
    const firstLines = tasks.map((t) => (t.kind === 'lines' ? t.piece.firstLine : 0))
    assert.deepEqual(firstLines.slice(0, 3), [1, 2, 3])
    assert.deepEqual(shapesOf(tasks), [
      'lines a.ndjson',
      'end a.ndjson ndjson',
      'file b.json',
      'lines c.ndjson.gz',
      'end c.ndjson.gz gzip',
      'file d.json.gz',
      'file e.ndjson',
      'failed missing.ndjson ERR_INPUT_READ',
      'end missing.ndjson ndjson',
    ])
  })

  test('standard input is cut into pieces, or read whole when it holds a JSON array', async () => {
    const lines = await tasksOf(['-'], Readable.from([Buffer.from(LINES)]))
    assert.deepEqual(shapesOf(lines), ['lines <stdin>', 'end <stdin> stdin'])

    const array = await tasksOf(['-'], Readable.from([Buffer.from('[{"a":1},{"a":2}]')]))
    assert.deepEqual(shapesOf(array), ['stream'])
    const stream = array[0]
    if (stream?.kind !== 'stream') return assert.fail('no stream task')

    const read = readStreamTask(stream.chunks, null)
    const events: unknown[] = []
    for (let next = await read.next(); ; next = await read.next()) {
      if (next.done === true) {
        assert.equal(next.value.events, 2)
        break
      }

      for (const item of next.value) if (item.kind === 'event') events.push(item.source)
    }
    assert.deepEqual(events, [{ a: 1 }, { a: 2 }])
  })

  test('a gzip input that breaks off fails after the pieces read before', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `{"n":${String(i * 7919)}}\n`).join('')
    const whole = gzipSync(lines)
    const broken = whole.subarray(0, whole.length / 2)
    const path = writeInput(folder, 'broken.ndjson.gz', broken)
    const shapes = shapesOf(await tasksOf([path]))
    assert.deepEqual(shapes, [
      'lines broken.ndjson.gz',
      'failed broken.ndjson.gz ERR_INPUT_READ',
      'end broken.ndjson.gz gzip',
    ])
  })

  test('the bytes threads can share: NDJSON inputs, and inputs read whole but the largest', async () => {
    const inputs = join(folder, 'sizes')
    mkdirSync(inputs)
    writeInput(folder, 'sizes/a.ndjson', 'x'.repeat(100))
    writeInput(folder, 'sizes/b.evtx', 'x'.repeat(300))
    writeInput(folder, 'sizes/c.xml', 'x'.repeat(200))
    writeInput(folder, 'sizes/d.ndjson.gz', 'x'.repeat(40))
    writeInput(folder, 'sizes/e.json.gz', 'x'.repeat(10))
    // an EVTX file read whole is the largest: one thread reads it alone
    assert.equal(await shareableBytes([inputs], 1000), 100 + 40 + 200 + 10)
    // cut into parts, it counts
    assert.equal(await shareableBytes([inputs], 300), 100 + 40 + 300 + 10)
    assert.equal(await shareableBytes([join(inputs, 'b.evtx')], 1000), 0)
    assert.equal(await shareableBytes([join(inputs, 'missing.ndjson')], 1000), 0)
    assert.equal(await shareableBytes([inputs, '-'], 1000), null)
  })

  test('an EVTX file of the least size or more is cut into parts of whole chunks', async () => {
    const chunks = [chunkOf(1, 2), chunkOf(10, 3), chunkOf(20, 1)].map((chunk) => chunk.finish())
    const log = writeInput(folder, 'three.evtx', buildFile(chunks))
    const split = { least: 0, chunks: 2 }
    const tasks: InputTask[] = []
    for await (const task of readInputTasks([log], {
      pieceSize: 10,
      stdin: Readable.from([]),
      evtxSplit: split,
    }))
      tasks.push(task)
    assert.deepEqual(
      tasks.map((t) => (t.kind === 'part' ? [t.part.first, t.part.count] : shapeOf(t))),
      [[0, 2], [2, 1], 'end three.evtx evtx'],
    )

    const notEvtx = writeInput(folder, 'not.evtx', 'x'.repeat(5000))
    const small = { least: 10 ** 9, chunks: 2 }
    for (const [path, evtxSplit] of [
      [notEvtx, split],
      [log, small],
    ] as const) {
      const whole: InputTask[] = []
      for await (const task of readInputTasks([path], {
        pieceSize: 10,
        stdin: Readable.from([]),
        evtxSplit,
      }))
        whole.push(task)
      assert.deepEqual(shapesOf(whole), [`file ${basename(path)}`])
    }
  })
})
