import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, test } from 'node:test'
import { writeAll } from './io.ts'

/** A stream that keeps what it is written, slowly enough to make writeAll wait for drains. */
function collector(): { stream: Writable; written: () => Buffer; writes: () => number } {
  const chunks: Buffer[] = []
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      setImmediate(done)
    },
  })

  return { stream, written: () => Buffer.concat(chunks), writes: () => chunks.length }
}

describe('writeAll', () => {
  const cases: [name: string, pieces: string[]][] = [
    ['nothing', []],
    ['one short piece', ['{"a":1}\n']],
    [
      'many pieces past the write size',
      Array.from({ length: 5000 }, (_, i) => `line ${String(i)}\n`),
    ],
    [
      'multi-byte text across writes',
      Array.from({ length: 3000 }, () => 'Grüße 日本 \ud83d\ude00\n'),
    ],
    ['one piece larger than the buffer', ['€'.repeat(300_000), 'tail\n']],
  ]

  for (const [name, pieces] of cases) {
    test(`${name}: the stream gets the UTF-8 of every piece, in order`, async () => {
      const { stream, written, writes } = collector()
      await writeAll(stream, pieces)

      assert.deepEqual(written(), Buffer.from(pieces.join(''), 'utf8'))
      if (pieces.join('').length > 200_000) assert.ok(writes() > 1, 'written in several chunks')
    })
  }

  test('a stream whose reader has gone stops the writing quietly', async () => {
    const { stream } = collector()
    stream.destroy()
    let pulled = 0
    function* pieces(): Generator<string> {
      for (;;) {
        pulled++
        yield 'x'.repeat(70 * 1024)
      }
    }

    await writeAll(stream, pieces())

    assert.equal(pulled, 1)
  })
})
