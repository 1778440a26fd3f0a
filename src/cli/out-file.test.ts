import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { renderDiagnostic } from '../syntax/index.ts'
import { OutFile } from './out-file.ts'

const dir = mkdtempSync(join(tmpdir(), 'vigil-out-file-'))
after(() => {
  rmSync(dir, { recursive: true, force: true })
})

function opened(path: string): OutFile {
  const file = OutFile.open(path)
  if (!(file instanceof OutFile)) assert.fail(renderDiagnostic(file))

  return file
}

describe('OutFile.open', () => {
  const cases = [
    {
      name: 'a missing folder',
      path: join(dir, 'no', 'such', 'x.ndjson'),
      says: /its folder does not exist \(ENOENT\)/,
    },
    { name: 'a folder', path: dir, says: /it is a folder \(EISDIR\)/ },
    {
      name: 'a file used as a folder',
      path: join(dir, 'plain.txt', 'x'),
      says: /not a folder \(ENOTDIR\)/,
      before: 'plain.txt',
    },
  ]
  for (const { name, path, says, before } of cases) {
    test(`refuses ${name} with ERR_OUTPUT_WRITE`, () => {
      if (before !== undefined) opened(join(dir, before)).close()
      const result = OutFile.open(path)
      assert.ok(!(result instanceof OutFile))
      assert.equal(result.code, 'ERR_OUTPUT_WRITE')
      assert.equal(result.severity, 'error')
      assert.match(result.message, /^cannot create "/)
      assert.match(result.message, says)
      assert.equal(result.source, path)
    })
  }

  test('empties a file that exists', () => {
    const path = join(dir, 'again.txt')
    const first = opened(path)
    first.writeText(['old text that must go'])
    first.close()
    opened(path).close()
    assert.equal(readFileSync(path, 'utf8'), '')
  })
})

describe('OutFile.writeText', () => {
  test('writes every piece in order, whatever its size and characters', () => {
    const path = join(dir, 'pieces.txt')
    const big = 'é€𝄞x'.repeat(400_000) // 2 MiB of UTF-16, more than one write's buffer
    const pieces = ['{"a":1}\n', big, '\n', ...Array.from({ length: 5000 }, (_, i) => `${i},`)]
    const file = opened(path)
    assert.equal(file.writeText(pieces), true)
    assert.equal(file.writeText(['tail']), true)
    assert.equal(file.close(), null)
    assert.equal(readFileSync(path, 'utf8'), `${pieces.join('')}tail`)
  })

  test('closing twice is harmless and writing after close writes nothing', () => {
    const path = join(dir, 'closed.txt')
    const file = opened(path)
    file.writeText(['kept'])
    assert.equal(file.close(), null)
    assert.equal(file.close(), null)
    assert.equal(file.writeText(['lost']), false)
    assert.equal(readFileSync(path, 'utf8'), 'kept')
  })

  test(
    'a full disk stops the writing and says why',
    { skip: !existsSync('/dev/full') && 'no /dev/full here' },
    () => {
      const file = opened('/dev/full')
      assert.equal(file.writeText(['x'.repeat(10)]), false)
      assert.equal(file.writeText(['more']), false)
      const failure = file.close()
      assert.equal(failure?.code, 'ERR_OUTPUT_WRITE')
      assert.match(
        failure?.message ?? '',
        /^cannot write "\/dev\/full": the disk is full \(ENOSPC\)$/,
      )
      assert.equal(file.failure, failure)
    },
  )
})
