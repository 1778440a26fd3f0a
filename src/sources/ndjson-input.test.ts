import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { basename, join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { problemsOf, readAll, sourcesOf, tempFolder, writeInput } from './test-helpers.ts'

const folder = tempFolder()
const CHUNK_SIZES = [1, 2, 3, 7, 64, 1 << 20]

describe('ndjson lines', () => {
  const cases: [string, string, unknown[]][] = [
    ['lf lines', '{"a":1}\n{"a":2}\n', [{ a: 1 }, { a: 2 }]],
    ['crlf lines', '{"a":1}\r\n{"a":2}\r\n', [{ a: 1 }, { a: 2 }]],
    ['a last line without newline', '{"a":1}\n{"a":2}', [{ a: 1 }, { a: 2 }]],
    ['a last crlf line without newline', '{"a":1}\r\n{"a":"x\\r"}\r', [{ a: 1 }, { a: 'x\r' }]],
    ['empty and blank lines', '\n{"a":1}\n\n   \n\t\n{"a":2}\n\n', [{ a: 1 }, { a: 2 }]],
    ['multi-byte characters', '{"a":"é€😀"}\n{"b":"日本"}\n', [{ a: 'é€😀' }, { b: '日本' }]],
    ['a byte order mark', '\ufeff{"a":1}\n', [{ a: 1 }]],
    ['a json array in an ndjson file', '[{"a":1},\n{"a":2}]', [{ a: 1 }, { a: 2 }]],
  ]
  for (const [name, text, expected] of cases) {
    for (const chunkSize of CHUNK_SIZES) {
      test(`reads ${name} with ${String(chunkSize)}-byte chunks`, async () => {
        const path = writeInput(folder, `${name.replaceAll(' ', '-')}.ndjson`, text)
        const { items } = await readAll([path], { chunkSize })
        assert.deepEqual(sourcesOf(items), expected)
        assert.deepEqual(problemsOf(items), [])
      })
    }
  }

  test('numbers events by their line', async () => {
    const path = writeInput(folder, 'lines.ndjson', '\n{"a":1}\r\n\r\n{"a":2}\n')
    const { items } = await readAll([path], { chunkSize: 3 })
    assert.deepEqual(
      items.map((i) => (i.kind === 'event' ? [basename(i.file), i.line] : null)),
      [
        ['lines.ndjson', 2],
        ['lines.ndjson', 4],
      ],
    )
  })
})

describe('malformed lines', () => {
  const cases: [string, string, string[]][] = [
    ['a bad literal', '{"a":1}\n{"a":tru}\n{"a":3}\n', [':2:6 ERR_INPUT_JSON']],
    ['a missing comma', '{"a":1 "b":2}\n', [':1:8 ERR_INPUT_JSON']],
    ['a truncated line', '{"a":1}\n{"a":\n', [':2:6 ERR_INPUT_JSON']],
    ['a bad escape', '{"a":"\\q"}\n', [':1:7 ERR_INPUT_JSON']],
    ['a non-object line', '{"a":1}\n[1,2]\n', [':2:1 ERR_INPUT_NOT_OBJECT']],
    [
      'two bad lines in crlf',
      'x\r\n{"a":1}\r\n{"a":}\r\n',
      [':1:1 ERR_INPUT_JSON', ':3:6 ERR_INPUT_JSON'],
    ],
  ]
  for (const [name, text, expected] of cases) {
    test(`reports ${name} at file:line:column and keeps reading`, async () => {
      const path = writeInput(folder, 'bad.ndjson', text)
      const { items, summaries } = await readAll([path], { chunkSize: 4 })
      assert.deepEqual(
        problemsOf(items),
        expected.map((e) => `${path}${e}`),
      )
      const good = text.split('\n').filter((l) => /^\{"a":\d\}\r?$/.test(l)).length
      assert.equal(sourcesOf(items).length, good)
      assert.equal(summaries[0]?.problems, expected.length)
      assert.equal(summaries[0]?.events, good)
    })
  }

  test('keeps the offending line for a caret', async () => {
    const path = writeInput(folder, 'caret.ndjson', '{"a":1}\n{"a":tru}\n')
    const { items } = await readAll([path])
    const problem = items.find((i) => i.kind === 'problem')
    assert.equal(problem?.kind === 'problem' ? problem.lineText : null, '{"a":tru}')
  })
})

describe('gzip', () => {
  for (const chunkSize of [5, 1 << 20]) {
    test(`reads gzipped ndjson with ${String(chunkSize)}-byte chunks`, async () => {
      const path = writeInput(folder, 'events.ndjson.gz', gzipSync('{"a":1}\r\n{"a":"é"}'))
      const { items } = await readAll([path], { chunkSize })
      assert.deepEqual(sourcesOf(items), [{ a: 1 }, { a: 'é' }])
    })
  }

  test('reads a gzipped json array', async () => {
    const path = writeInput(folder, 'events.json.gz', gzipSync('[{"a":1},{"a":2}]'))
    assert.deepEqual(sourcesOf((await readAll([path])).items), [{ a: 1 }, { a: 2 }])
  })

  test('reports corrupt gzip data as unreadable', async () => {
    const path = writeInput(folder, 'corrupt.ndjson.gz', Buffer.from('not gzip at all'))
    const { items, summaries } = await readAll([path])
    assert.deepEqual(problemsOf(items), [`${path}:1:1 ERR_INPUT_READ`])
    assert.equal(summaries[0]?.isReadable, false)
  })
})

describe('files and folders', () => {
  test('reports a missing file and reads the next one', async () => {
    const ok = writeInput(folder, 'ok.ndjson', '{"a":1}\n')
    const missing = join(folder, 'missing.ndjson')
    const { items, summaries } = await readAll([missing, ok])
    assert.deepEqual(problemsOf(items), [`${missing}:1:1 ERR_INPUT_READ`])
    assert.deepEqual(sourcesOf(items), [{ a: 1 }])
    assert.deepEqual(
      summaries.map((s) => s.isReadable),
      [false, true],
    )
  })

  test('walks a folder recursively in sorted order, by extension', async () => {
    const root = tempFolder()
    writeInput(root, 'b.ndjson', '{"f":"b"}\n')
    writeInput(root, 'a.jsonl', '{"f":"a"}\n')
    writeInput(root, 'notes.txt', '{"f":"txt"}\n')
    const sub = join(root, 'c')
    spawnSync('mkdir', [sub])
    writeInput(sub, 'd.json', '[{"f":"c/d"}]')
    writeInput(sub, 'e.ndjson.gz', gzipSync('{"f":"c/e"}'))
    const { items } = await readAll([root])
    assert.deepEqual(sourcesOf(items), [{ f: 'a' }, { f: 'b' }, { f: 'c/d' }, { f: 'c/e' }])
  })
})

describe('prefilter', () => {
  test('skips rejected lines before parsing and counts them', async () => {
    const path = writeInput(
      folder,
      'pre.ndjson',
      '{"p":"cmd.exe"}\n{"p":"x"}\nnot json\n{"p":"cmd.exe"}\n',
    )
    const { items, summaries } = await readAll([path], {
      prefilter: (line) => line.includes('cmd'),
    })
    assert.deepEqual(sourcesOf(items), [{ p: 'cmd.exe' }, { p: 'cmd.exe' }])
    assert.deepEqual(problemsOf(items), [])
    assert.equal(summaries[0]?.skipped, 2)
  })

  test('never pairs a bulk action with a document after a skipped one', async () => {
    const text = [
      '{"index":{"_index":"i","_id":"1"}}',
      '{"p":"x"}',
      '{"index":{"_index":"i","_id":"2"}}',
      '{"p":"cmd"}',
    ].join('\n')
    const path = writeInput(folder, 'pre-bulk.ndjson', text)
    const { items } = await readAll([path], { prefilter: (line) => line.includes('cmd') })
    const events = items.flatMap((i) => (i.kind === 'event' ? [[i.id, i.source]] : []))
    assert.deepEqual(events, [['2', { p: 'cmd' }]])
  })
})

describe('stdin', () => {
  test('reads - from standard input in a child process', () => {
    const script = fileURLToPath(new URL('./stdin-child.test-fixture.ts', import.meta.url))
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      input: '{"a":1}\r\n{"a":tru}\n{"a":3}',
      encoding: 'utf8',
    })
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(run.stdout.trim().split('\n'), [
      'event <stdin>:1 {"a":1}',
      'problem <stdin>:2:6 ERR_INPUT_JSON',
      'event <stdin>:3 {"a":3}',
    ])
  })
})
