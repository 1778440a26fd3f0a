import { TextDecoder } from 'node:util'

/**
 * Decodes the bytes of an XML file to text: UTF-8 (with or without BOM), or UTF-16 LE/BE as
 * Windows tools write it, detected from the BOM or from the zero bytes around `<`. The BOM is
 * dropped; invalid sequences become U+FFFD.
 */
export async function* decodeXmlBytes(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined
  let head: Uint8Array = new Uint8Array(0)
  for await (const chunk of bytes) {
    if (decoder !== undefined) {
      const text = decoder.decode(chunk, { stream: true })
      if (text !== '') yield text
      continue
    }
    head = concatBytes(head, chunk)
    if (head.length < 4) continue
    decoder = new TextDecoder(detectEncoding(head))
    yield decoder.decode(head, { stream: true })
  }
  const rest =
    decoder === undefined ? new TextDecoder(detectEncoding(head)).decode(head) : decoder.decode()
  if (rest !== '') yield rest
}

function detectEncoding(head: Uint8Array): string {
  const [a, b, c, d] = head
  if (a === 0xff && b === 0xfe) return 'utf-16le'
  if (a === 0xfe && b === 0xff) return 'utf-16be'
  if (a !== 0 && b === 0 && (head.length < 4 || d === 0)) return 'utf-16le'
  if (a === 0 && b !== 0 && (head.length < 4 || c === 0)) return 'utf-16be'

  return 'utf-8'
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)

  return out
}
