import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TextBytes } from './text-bytes.ts'

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

describe('TextBytes', () => {
  const cases: [name: string, texts: string[]][] = [
    ['nothing', []],
    ['an empty line', ['']],
    ['ASCII', ['{"a":1}', '{"b":"two"}']],
    ['two- and three-byte characters', ['Grüße', '日本語のテキスト', '€']],
    ['a surrogate pair', ['\ud83d\ude00 face']],
    ['a lone surrogate, which becomes U+FFFD', ['a\ud800b', '\udc00']],
    ['lines far past the first buffer', Array.from({ length: 50 }, (_, i) => 'x€'.repeat(i * 7))],
  ]

  for (const [name, texts] of cases) {
    test(`${name}: the bytes are the lines' UTF-8, each with a newline`, () => {
      const lines = new TextBytes(16)
      for (const text of texts) lines.addLine(text)

      assert.equal(lines.lines, texts.length)
      const expected = Buffer.from(texts.map((t) => `${t}\n`).join(''), 'utf8')
      assert.deepEqual(Buffer.from(lines.take()), expected)
    })
  }

  test('pieces without newlines run on, and a piece longer than the buffer still fits', () => {
    const text = new TextBytes(4)
    text.add('ab')
    text.add('€'.repeat(10))
    text.addLine('')

    assert.equal(text.lines, 1)
    assert.equal(text.size, 2 + 30 + 1)
    assert.equal(decode(text.take()), `ab${'€'.repeat(10)}\n`)
  })

  test('take starts anew and leaves the taken bytes as they were', () => {
    const lines = new TextBytes(8)
    lines.addLine('first')
    const first = lines.take()
    lines.addLine('second')

    assert.equal(lines.lines, 1)
    assert.equal(decode(first), 'first\n')
    assert.equal(decode(lines.take()), 'second\n')
    assert.equal(decode(lines.take()), '')
  })

  test('a taken buffer is its own, so it can be moved to another thread', () => {
    const lines = new TextBytes(64)
    lines.addLine('moved')
    const taken = lines.take()
    const { port1, port2 } = new MessageChannel()
    port1.postMessage(taken, [taken.buffer as ArrayBuffer])
    port1.close()
    port2.close()

    assert.equal(taken.byteLength, 0)
  })
})
