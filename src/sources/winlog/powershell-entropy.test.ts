import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { scriptBlockStats } from './powershell-entropy.ts'

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${String(actual)} is not ${String(expected)}`)
}

// expected values computed apart, in Python, from the pipeline's description of the statistics
const SIGNATURE_LINE = '# MIIbDQYJKoZIhvcNAQcCoIIa/jCCGvoCAQExCzAJBgUrDgMCGgUAMGkGCisGAQQB'

describe('scriptBlockStats', () => {
  const cases: [string, string, readonly number[] | undefined][] = [
    [
      'a pipeline of two commands',
      'Get-Process | Sort-Object CPU',
      [3.952302977662386, 0.8135690488757454, 0.6108678871211505, 29, 17],
    ],
    [
      'the text before a signature block, its line break kept',
      `Write-Host "hi"\n# SIG # Begin signature block\n${SIGNATURE_LINE}\n# SIG # End signature block`,
      [3.6249999999999996, 0.9062499999999999, 0.48412291827592735, 16, 13],
    ],
    ['a decomposed accent, counted once in NFC', 'cafe\u0301', [2, 1, 0, 4, 4]],
    ['one repeated character: no entropy', 'aaaa', [0, 0, 0, 4, 1]],
    ['a piece of a signature block', `}\n${SIGNATURE_LINE}\n# more`, undefined],
    ['a signature block alone', `# SIG # Begin signature block\n${SIGNATURE_LINE}`, undefined],
    ['an empty text', '', undefined],
  ]
  for (const [title, script, expected] of cases) {
    test(title, () => {
      const stats = scriptBlockStats(script)
      if (expected === undefined) {
        assert.equal(stats, undefined)

        return
      }

      // logarithms may differ in the last binary digit between runtimes
      const [bits = 0, normalized = 0, stdev = 0, length, unique] = expected
      assert.ok(stats !== undefined)
      assertClose(stats.script_block_entropy_bits, bits)
      assertClose(stats.script_block_entropy_normalized, normalized)
      assertClose(stats.script_block_surprisal_stdev, stdev)
      assert.equal(stats.script_block_length, length)
      assert.equal(stats.script_block_unique_symbols, unique)
    })
  }

  test('keeps a marker with nothing after it in the text', () => {
    const stats = scriptBlockStats('x# SIG # Begin signature block')
    assert.equal(stats?.script_block_length, 30)
  })
})
