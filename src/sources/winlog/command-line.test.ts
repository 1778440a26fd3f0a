import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { splitCommandLine, splitCommandLineSimple } from './command-line.ts'

describe('splitCommandLine', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['   \t ', []],
    ['cmd.exe', ['cmd.exe']],
    ['cmd.exe /c whoami', ['cmd.exe', '/c', 'whoami']],
    ['  leading and   inner\tspaces  ', ['leading', 'and', 'inner', 'spaces']],
    ['"C:\\Program Files\\x.exe" -a', ['C:\\Program Files\\x.exe', '-a']],
    ['"C:\\Users\\IEUser\\x.exe" ', ['C:\\Users\\IEUser\\x.exe']],
    ['a"b c"d', ['ab cd']],
    ['""', ['']],
    ['a "" b', ['a', '', 'b']],
    ['"a""b"', ['a"b']],
    ['"a""b c"', ['a"b', 'c']],
    ['"unterminated arg', ['unterminated arg']],
    ['\\"quoted\\"', ['"quoted"']],
    ['a\\\\"b c"', ['a\\b c']],
    ['a\\\\\\"b', ['a\\"b']],
    ['a\\\\\\\\"b"', ['a\\\\b']],
    ['C:\\dir\\ end', ['C:\\dir\\', 'end']],
    ['"C:\\dir\\\\" next', ['C:\\dir\\', 'next']],
    ['"C:\\dir\\" next', ['C:\\dir" next']],
    ['trailing\\\\', ['trailing\\\\']],
    ['line\nbreak', ['line\nbreak']],
    ['naïve 日本語 "é f"', ['naïve', '日本語', 'é f']],
    ['powershell -enc "SQBFAFgA" ; echo', ['powershell', '-enc', 'SQBFAFgA', ';', 'echo']],
  ]
  for (const [commandLine, expected] of cases) {
    test(`splits ${JSON.stringify(commandLine)}`, () => {
      assert.deepEqual(splitCommandLine(commandLine), expected)
    })
  }
})

describe('splitCommandLineSimple', () => {
  const cases: [string, string[]][] = [
    ['cmd.exe /c whoami', ['cmd.exe', '/c', 'whoami']],
    ['"C:\\Program Files\\x.exe" -a', ['"C:\\Program Files\\x.exe"', '-a']],
    ['a  b', ['a', '', 'b']],
    ['a ', ['a', '']],
    ['x\ty\nz', ['x', 'y', 'z']],
    ['"open quote x', ['"open quote x']],
    ['a\u3000b\u00a0c', ['a', 'b\u00a0c']],
  ]
  for (const [commandLine, expected] of cases) {
    test(`splits ${JSON.stringify(commandLine)} keeping quotes`, () => {
      assert.deepEqual(splitCommandLineSimple(commandLine), expected)
    })
  }
})
