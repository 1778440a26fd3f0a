import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, test } from 'node:test'
import { isBulkActionLine } from './event-decoder.ts'
import { cutPieces, decodePiece, shiftProblem } from './line-pieces.ts'
import type { LinePiece } from './line-pieces.ts'
import { readAll, tempFolder, writeInput } from './test-helpers.ts'
import type { InputItem } from './types.ts'

const folder = tempFolder()

function chunksOf(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size))

  return Readable.from(chunks) as AsyncIterable<Uint8Array>
}

async function piecesOf(text: string, chunk: number, size: number): Promise<LinePiece[]> {
  const pieces: LinePiece[] = []
  for await (const piece of cutPieces(chunksOf(Buffer.from(text), chunk), 'f.ndjson', size))
    pieces.push(piece)

  return pieces
}

// the items of every piece, their problems placed in the file as the ledger places them
function decodeAll(pieces: readonly LinePiece[]): InputItem[] {
  let chars = 0
  const items: InputItem[] = []
  for (const piece of pieces) {
    const decoded = decodePiece(piece, null)
    for (const item of decoded.items)
      items.push(item.kind === 'problem' ? shiftProblem(item, chars) : item)
    chars += decoded.chars
  }

  return items
}

// what a reader of the whole file gives, apart from the file's name
function comparable(items: readonly InputItem[]): unknown[] {
  return items.map((item) =>
    item.kind === 'event'
      ? ['event', item.line, item.source, item.index, item.id]
      : [
          'problem',
          item.diagnostic.code,
          item.diagnostic.span,
          item.diagnostic.message,
          item.lineText,
        ],
  )
}

const BULK_ACTION = '{"index":{"_index":"logs-x","_id":"b1"}}'
const TEXTS: [name: string, text: string][] = [
  ['plain lines', '{"a":1}\n{"a":2}\n{"a":3}\n'],
  ['crlf, blank lines and no last newline', '\r\n{"a":1}\r\n\r\n  \n{"a":"x"}\r\n{"a":2}'],
  ['a byte order mark and wide characters', '\ufeff{"a":"é€😀"}\n{"b":"日本"}\n{"c":3}\n'],
  ['malformed lines', '{"a":1}\n{"a":\n{"a":2}\nnot json\n[1]\n{"a":3}\n'],
  [
    'bulk pairs and search hits',
    `${BULK_ACTION}\n{"a":1}\n{"delete":{"_id":"x"}}\n${BULK_ACTION}\n{"a":2}\n{"_index":"i","_id":"h","_source":{"a":3}}\n${BULK_ACTION}\n{"index":{"looks":"like an action"}}\n{"a":4}\n`,
  ],
  ['an action line with nothing after it', `{"a":1}\n${BULK_ACTION}\n`],
]

describe('pieces of a line-layout input', () => {
  for (const [name, text] of TEXTS) {
    for (const [chunk, size] of [
      [1, 1],
      [3, 8],
      [5, 20],
      [64, 30],
      [1 << 16, 1 << 16],
    ] as const) {
      test(`${name}: ${String(size)}-byte pieces decode to what the reader reads`, async () => {
        const path = writeInput(folder, `${name.replaceAll(/\W+/g, '-')}.ndjson`, text)
        const whole = await readAll([path])
        const pieces = await piecesOf(text, chunk, size)
        assert.deepEqual(comparable(decodeAll(pieces)), comparable(whole.items))
      })
    }
  }

  test('pieces hold every byte once, end at line ends and start at their line numbers', async () => {
    const text = Array.from(
      { length: 40 },
      (_, i) => `{"n":${String(i)},"pad":"${'x'.repeat(i % 7)}"}`,
    ).join('\n')
    const pieces = await piecesOf(text, 13, 50)
    assert.ok(pieces.length > 5)
    assert.equal(Buffer.concat(pieces.map((p) => p.bytes)).toString(), text)
    let line = 1
    for (const [k, piece] of pieces.entries()) {
      assert.equal(piece.firstLine, line)
      assert.equal(piece.isFileStart, k === 0)
      const body = Buffer.from(piece.bytes).toString()
      if (k < pieces.length - 1) assert.ok(body.endsWith('\n'))
      line += body.split('\n').length - 1
    }
  })

  test('no piece but the last ends on a bulk action line', async () => {
    const pairs = Array.from({ length: 30 }, (_, i) => `${BULK_ACTION}\n{"n":${String(i)}}`).join(
      '\n',
    )
    const pieces = await piecesOf(`${pairs}\n`, 7, 45)
    assert.ok(pieces.length > 10)
    for (const piece of pieces.slice(0, -1)) {
      const lines = Buffer.from(piece.bytes).toString().split('\n')
      assert.ok(!isBulkActionLine(lines.at(-2) ?? ''), Buffer.from(piece.bytes).toString())
    }
  })

  test('a line longer than a piece makes a longer piece, whole', async () => {
    const long = `{"a":"${'y'.repeat(500)}"}`
    const pieces = await piecesOf(`{"a":1}\n${long}\n{"a":2}\n`, 64, 32)
    const holding = pieces.find((p) => Buffer.from(p.bytes).toString().startsWith(long))
    assert.equal(holding?.firstLine, 2)
  })

  test('the prefilter skips lines, counted, but never an action line', () => {
    const text = `${BULK_ACTION}\n{"keep":1}\n{"drop":1}\n`
    const piece = { file: 'f', bytes: Buffer.from(text), firstLine: 1, isFileStart: true }
    const decoded = decodePiece(piece, (line) => line.includes('keep'))
    assert.equal(decoded.skipped, 1)
    assert.deepEqual(
      decoded.items.map((i) => (i.kind === 'event' ? [i.line, i.id] : null)),
      [[2, 'b1']],
    )
  })
})
