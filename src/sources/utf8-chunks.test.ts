import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { Utf8ChunkDecoder } from './utf8-chunks.ts'

// what a streaming TextDecoder gives for the same chunks: the reference behaviour
function reference(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false })

  return chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode()
}

function ours(chunks: readonly Uint8Array[]): string {
  const decoder = new Utf8ChunkDecoder()

  return chunks.map((c) => decoder.decode(c)).join('') + decoder.flush()
}

function cut(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size))

  return chunks
}

function random(seed: number): () => number {
  let state = seed >>> 0

  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0

    return state / 2 ** 32
  }
}

describe('Utf8ChunkDecoder', () => {
  const texts = ['plain ascii', 'caf\u00e9 \u20ac \u{1f600} \u4e2d', '\ufeffbom first', '\ufeff']
  for (const text of texts) {
    for (const size of [1, 2, 3, 5, 64]) {
      test(`${JSON.stringify(text)} in ${String(size)}-byte chunks decodes as TextDecoder does`, () => {
        const chunks = cut(new TextEncoder().encode(text), size)
        assert.equal(ours(chunks), reference(chunks))
      })
    }
  }

  for (let seed = 1; seed <= 30; seed++) {
    test(`random bytes, valid and not, agree with TextDecoder (seed ${String(seed)})`, () => {
      const next = random(seed)
      const pieces = [0x41, 0x80, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xed]
      const bytes = Uint8Array.from({ length: 200 }, () => pieces[Math.floor(next() * 13)] ?? 0)
      for (const size of [1, 2, 3, 4, 7, 256]) {
        const chunks = cut(bytes, size)
        assert.equal(ours(chunks), reference(chunks), `chunks of ${String(size)}`)
      }
    })
  }
})
