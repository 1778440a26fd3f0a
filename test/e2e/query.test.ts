import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url))
const EVENTS = fileURLToPath(new URL('../fixtures/events/', import.meta.url))
const PROCESS_FILE = `${EVENTS}process.ndjson`
const HITS_FILE = `${EVENTS}hits.ndjson`

interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the real CLI in a child process, from a folder outside the repository. */
function vigil(args: readonly string[], input?: string): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
  })

  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

function lines(text: string): unknown[] {
  return text.trim() === ''
    ? []
    : text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown)
}

function processNames(text: string): unknown[] {
  return lines(text).map((event) => (event as { process: { name: string } }).process.name)
}

describe('vigil query', () => {
  test('prints matching events as ndjson and reports the malformed line', () => {
    const query = 'process where process.name : ("CMD.exe", "powershell.exe")'
    const run = vigil(['query', '--no-prefilter', query, EVENTS])
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(processNames(run.stdout), ['cmd.exe', 'powershell.exe'])
    assert.match(
      run.stderr,
      /process\.ndjson:4:104 ERR_INPUT_JSON unexpected 'o', expected ',' or '}'/,
    )
    assert.match(run.stderr, /\n\s+\| +\^\n/)
    assert.match(run.stderr, /1 input problem in 1 file, skipped/)
  })

  test('reports a malformed line the prefilter lets through', () => {
    const run = vigil(['query', 'process where event.type == "start"', PROCESS_FILE])
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(processNames(run.stdout), ['cmd.exe', 'notepad.exe', 'powershell.exe'])
    assert.match(run.stderr, /process\.ndjson:4:104 ERR_INPUT_JSON/)
  })

  test('gives the same results without the prefilter', () => {
    const query = 'process where process.name : ("cmd.exe", "powershell.exe")'
    const on = vigil(['query', query, EVENTS])
    const off = vigil(['query', '--no-prefilter', query, EVENTS])
    assert.equal(off.status, 0, off.stderr)
    assert.equal(off.stdout, on.stdout)
  })

  test('prints a sequence in es format with join_keys', () => {
    const query = 'sequence by host.id with maxspan=1m [process where true] [network where true]'
    const run = vigil([
      'query',
      '--format',
      'es',
      '--tiebreaker-field',
      'event.sequence',
      '--',
      query,
      PROCESS_FILE,
    ])
    assert.equal(run.status, 0, run.stderr)
    const response = JSON.parse(run.stdout) as {
      is_partial: boolean
      timed_out: boolean
      took: number
      hits: {
        total: unknown
        sequences: { join_keys: unknown[]; events: { _index: string; _id: string }[] }[]
      }
    }
    assert.equal(response.is_partial, false)
    assert.equal(response.timed_out, false)
    assert.equal(typeof response.took, 'number')
    assert.deepEqual(response.hits.total, { value: 1, relation: 'eq' })
    const [sequence] = response.hits.sequences
    assert.deepEqual(sequence?.join_keys, ['h-1'])
    assert.deepEqual(
      sequence?.events.map((e) => [e._index, e._id]),
      [
        [PROCESS_FILE, '1'],
        [PROCESS_FILE, '2'],
      ],
    )
  })

  test('keeps the index and id of elasticsearch hits and bulk pairs', () => {
    const query =
      'sequence by host.id [process where process.name == "certutil.exe"] [network where destination.port == 80]'
    const run = vigil(['query', '--format', 'es', query, HITS_FILE])
    assert.equal(run.status, 0, run.stderr)
    const response = JSON.parse(run.stdout) as {
      hits: { sequences: { events: { _index: string; _id: string }[] }[] }
    }
    const ids = response.hits.sequences[0]?.events.map((e) => `${e._index}/${e._id}`)
    assert.deepEqual(ids, ['logs-endpoint-1/a1', 'logs-endpoint-2/b2'])
  })

  test('exits 2 on a query error with a caret under the bad text', () => {
    const run = vigil(['query', 'process where process.name = "cmd.exe"', PROCESS_FILE])
    assert.equal(run.status, 2)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, /^<query>:1:28 ERR_EQL_\w+ /)
    assert.match(run.stderr, /\n1 \| process where process\.name = "cmd\.exe"\n {2}\| {28}\^\n/)
  })

  test('exits 1 when an input cannot be read, after reading the others', () => {
    const run = vigil(['query', 'network where true', `${EVENTS}missing.ndjson`, PROCESS_FILE])
    assert.equal(run.status, 1)
    assert.equal(lines(run.stdout).length, 2)
    assert.match(
      run.stderr,
      /missing\.ndjson:1:1 ERR_INPUT_READ cannot read ".*missing\.ndjson": no such file or folder/,
    )
  })

  test('reads events from stdin with -', () => {
    const input =
      '{"@timestamp":"2026-01-01T00:00:00Z","event":{"category":"process"},"process":{"name":"a"}}\n{"event":{"category":"file"}}\n'
    const run = vigil(['query', 'process where true', '-'], input)
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(processNames(run.stdout), ['a'])
  })

  test('keeps the latest results with --size', () => {
    const run = vigil([
      'query',
      '--size',
      '1',
      '--format',
      'ndjson',
      'process where true',
      PROCESS_FILE,
    ])
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(processNames(run.stdout), ['powershell.exe'])
  })

  test('prints a table when asked', () => {
    const run = vigil(['query', '--format', 'table', 'network where true', PROCESS_FILE])
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /^timestamp\s+category\s+host\s+user\s+process\s+details\n/)
    assert.match(run.stdout, /198\.51\.100\.7:443/)
  })

  const usage: [string, string[], RegExp][] = [
    [
      'an unknown option',
      ['query', '--bogus', 'any where true', PROCESS_FILE],
      /^vigil: unknown option --bogus/,
    ],
    [
      'a bad format',
      ['query', '--format', 'xml', 'any where true', PROCESS_FILE],
      /^vigil: option --format must be one of table, ndjson, es/,
    ],
    ['a missing query', ['query'], /^vigil: missing the EQL query/],
    ['missing inputs', ['query', 'any where true'], /^vigil: missing inputs/],
    ['an unknown command', ['scan'], /^vigil: unknown command "scan"/],
  ]
  for (const [name, args, message] of usage) {
    test(`exits 2 with one line for ${name}`, () => {
      const run = vigil(args)
      assert.equal(run.status, 2)
      assert.match(run.stderr, message)
      assert.equal(run.stderr.trim().split('\n').length, 1)
      assert.equal(run.stdout, '')
    })
  }
})

describe('vigil help and version', () => {
  test('prints the version', () => {
    const run = vigil(['--version'])
    assert.equal(run.status, 0)
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/)
  })

  for (const args of [
    ['--help'],
    ['query', '--help'],
    ['convert', '--help'],
    ['rules', '--help'],
  ]) {
    test(`prints help for ${args.join(' ')}`, () => {
      const run = vigil(args)
      assert.equal(run.status, 0)
      assert.match(run.stdout, /^Usage: vigil/)
    })
  }
})
