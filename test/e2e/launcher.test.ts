import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { totalmem } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { getHeapStatistics } from 'node:v8'
import { heapLimitArgs, RELAUNCHED_ENV } from '../../bin/heap-limit.js'
import type { LauncherRun } from '../../bin/heap-limit.js'
import { ROOT, scratchFolder } from './cli-runner.ts'

const GIB = 2 ** 30
const DEFAULT_LIMIT = 4 * GIB
const BIG_MACHINE: LauncherRun = {
  command: 'hunt',
  args: ['--rules', 'rules', 'logs'],
  execArgv: [],
  nodeOptions: undefined,
  totalBytes: 24 * GIB,
  limitBytes: DEFAULT_LIMIT,
  isRelaunched: false,
}

describe('the launcher heap limit', () => {
  const cases: [name: string, run: Partial<LauncherRun>, expected: string[] | null][] = [
    ['a hunt on a 24 GiB machine gets three quarters of it', {}, ['--max-old-space-size=18432']],
    ['a query holds its matches too', { command: 'query' }, ['--max-old-space-size=18432']],
    ['so does a diff', { command: 'diff' }, ['--max-old-space-size=18432']],
    ['a conversion streams: no relaunch', { command: 'convert' }, null],
    ['no command: no relaunch', { command: undefined }, null],
    ['a command asked for its help: no relaunch', { args: ['--help'] }, null],
    ['also -h, after other options', { args: ['--rules', 'rules', '-h'] }, null],
    ['a --help after -- is an operand', { args: ['--', '--help'] }, ['--max-old-space-size=18432']],
    ['the relaunched process never relaunches', { isRelaunched: true }, null],
    ['a limit in node arguments is kept', { execArgv: ['--max-old-space-size=900'] }, null],
    ['also spelt with underscores', { execArgv: ['--max_old_space_size=900'] }, null],
    ['a limit in NODE_OPTIONS is kept', { nodeOptions: '--x --max-old-space-size=900' }, null],
    [
      'other NODE_OPTIONS do not count',
      { nodeOptions: '--enable-source-maps' },
      ['--max-old-space-size=18432'],
    ],
    ['a machine whose share is not well above the default', { totalBytes: 6 * GIB }, null],
    [
      'just enough: 1.25 times the default',
      { totalBytes: (DEFAULT_LIMIT * 1.25) / 0.75 },
      ['--max-old-space-size=5120'],
    ],
  ]

  for (const [name, run, expected] of cases) {
    test(name, () => {
      assert.deepEqual(heapLimitArgs({ ...BIG_MACHINE, ...run }), expected)
    })
  }
})

interface LoggedRun {
  readonly code: number
  readonly stdout: string
  /** Per node process the run started: whether it was the relaunched one, and its heap limit. */
  readonly processes: readonly { readonly isRelaunched: boolean; readonly limit: number }[]
}

// a preloaded module that notes each node process's heap limit and pid in a log, and the
// environment that loads it
function heapLogging(nodeOptions: string): { log: string; env: NodeJS.ProcessEnv } {
  const folder = scratchFolder('vigil-heap-')
  const log = join(folder.path, 'heap.log')
  const preload = folder.write(
    'note-heap.mjs',
    [
      "import { appendFileSync } from 'node:fs'",
      "import { getHeapStatistics } from 'node:v8'",
      `appendFileSync(${JSON.stringify(log)}, \`\${process.env.${RELAUNCHED_ENV} ?? '0'} \${getHeapStatistics().heap_size_limit} \${process.pid}\\n\`)`,
    ].join('\n'),
  )
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: `${nodeOptions} --import=${pathToFileURL(preload).href}`.trim(),
    // as if started by hand, also when the tests themselves run in a relaunched process
    [RELAUNCHED_ENV]: '0',
  }

  return { log, env }
}

function loggedProcesses(log: string): { isRelaunched: boolean; limit: number; pid: number }[] {
  if (!existsSync(log)) return []

  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [flag, limit, pid] = line.split(' ')

      return { isRelaunched: flag === '1', limit: Number(limit), pid: Number(pid) }
    })
}

// runs bin/vigil.js, noting each node process it starts
function runLogged(args: readonly string[], nodeOptions = ''): Promise<LoggedRun> {
  const { log, env } = heapLogging(nodeOptions)

  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'vigil.js'), ...args],
      { cwd: ROOT, env },
      (cause, stdout) => {
        const code = cause === null ? 0 : typeof cause.code === 'number' ? cause.code : 1
        resolve({ code, stdout, processes: loggedProcesses(log) })
      },
    )
  })
}

const HUNT = ['hunt', '--rules', 'examples/rules', '--format', 'ndjson', 'examples/events']
const WANTED_LIMIT = totalmem() * 0.75
const isBigMachine = WANTED_LIMIT >= getHeapStatistics().heap_size_limit * 1.25

describe('bin/vigil.js relaunches a hunt with a larger heap', () => {
  test('the hunt runs once, in the relaunched process, with its alerts and exit code', async (t) => {
    if (!isBigMachine) {
      t.skip('this machine has too little memory for a larger heap limit')

      return
    }

    const run = await runLogged([...HUNT, '--fail-on-alert'])

    assert.equal(run.code, 3)
    assert.equal(run.stdout.trim().split('\n').length, 10)
    assert.deepEqual(
      run.processes.map((p) => p.isRelaunched),
      [false, true],
    )
    const relaunched = run.processes[1]?.limit ?? 0
    assert.ok(relaunched >= WANTED_LIMIT * 0.95, `heap limit ${String(relaunched)}`)
  })

  test('an exit status of 1 comes through too', async (t) => {
    if (!isBigMachine) {
      t.skip('this machine has too little memory for a larger heap limit')

      return
    }

    const run = await runLogged(['hunt', '--rules', 'examples/rules', 'no/such/input.ndjson'])

    assert.equal(run.code, 1)
    assert.equal(run.processes.length, 2)
  })

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // a signal not passed on leaves the hunt waiting for ever: the timeout fails it instead
    test(
      `a ${signal} to the launcher ends the relaunched hunt, and the launcher by the same signal`,
      { timeout: 30_000 },
      async (t) => {
        if (!isBigMachine) {
          t.skip('this machine has too little memory for a larger heap limit')

          return
        }

        const { log, env } = heapLogging('')
        // a hunt of standard input waits for its end, which never comes
        const child = spawn(
          process.execPath,
          [join(ROOT, 'bin', 'vigil.js'), 'hunt', '--rules', 'examples/rules', '-'],
          {
            cwd: ROOT,
            env,
            stdio: ['pipe', 'ignore', 'ignore'],
          },
        )
        const exited = new Promise<NodeJS.Signals | null>((resolve) => {
          child.on('exit', (_code, signal) => {
            resolve(signal)
          })
        })
        while (loggedProcesses(log).length < 2) await sleep(50)
        const relaunched = loggedProcesses(log)[1]?.pid ?? 0
        child.kill(signal)

        assert.equal(await exited, signal)
        assert.throws(() => process.kill(relaunched, 0), { code: 'ESRCH' })
      },
    )
  }

  test('help is printed by the first process, which starts no other', async () => {
    const run = await runLogged(['hunt', '--help'])

    assert.equal(run.code, 0)
    assert.match(run.stdout, /^Usage: vigil hunt /)
    assert.equal(run.processes.length, 1)
  })

  test('a limit the user set is kept, in one process', async () => {
    const run = await runLogged(HUNT, '--max-old-space-size=700')

    assert.equal(run.code, 0)
    assert.equal(run.stdout.trim().split('\n').length, 10)
    assert.equal(run.processes.length, 1)
    assert.ok(Math.abs((run.processes[0]?.limit ?? 0) / 2 ** 20 - 700) < 64)
  })

  test('a conversion runs in one process', async () => {
    const run = await runLogged(['convert', 'no/such/file.evtx'])

    assert.equal(run.code, 1)
    assert.equal(run.processes.length, 1)
  })
})
