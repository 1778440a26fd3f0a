import { closeSync, openSync, readSync } from 'node:fs'

const CHUNK = 4 * 1024 * 1024

/**
 * The physical floor of docs/dependencies.md: 4 MiB `readSync` chunks, one UTF-8 decode per
 * chunk, `indexOf('\n')` and `JSON.parse` of each line, nothing else. Returns the events parsed.
 * The reader's own chunk size (256 KiB) is measured too; the faster of the two is the floor.
 */
export function parseFloor(path: string, chunkSize = CHUNK): number {
  const fd = openSync(path, 'r')
  const buffer = Buffer.allocUnsafe(chunkSize)
  const decoder = new TextDecoder()
  let carry = ''
  let events = 0
  let sink = 0
  for (;;) {
    const read = readSync(fd, buffer, 0, chunkSize, null)
    if (read === 0) break

    const text = carry + decoder.decode(buffer.subarray(0, read), { stream: true })
    let start = 0
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (end > start) {
        const value = JSON.parse(text.slice(start, end)) as Record<string, unknown>
        // touch the result so the parse cannot be optimised away
        if (value['@timestamp'] !== undefined) sink++
        events++
      }

      start = end + 1
    }

    carry = text.slice(start)
  }

  closeSync(fd)
  if (carry.trim() !== '') events++

  return sink >= 0 ? events : -1
}
