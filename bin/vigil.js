#!/usr/bin/env node
// the launcher: runs the compiled CLI from dist/ when it is at least as new as every source file
// (`npm ci` builds it in `prepare`), otherwise the TypeScript sources through tsx, so an edited
// checkout never runs stale code. A command that holds its matches is first relaunched with a
// larger heap limit when the machine has the memory (see heap-limit.js)
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { getHeapStatistics } from 'node:v8'
import { heapLimitArgs, RELAUNCHED_ENV } from './heap-limit.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = `${root}dist/cli/start.js`
const heapArgs = heapLimitArgs({
  command: process.argv[2],
  args: process.argv.slice(3),
  execArgv: process.execArgv,
  nodeOptions: process.env.NODE_OPTIONS,
  totalBytes: totalmem(),
  limitBytes: getHeapStatistics().heap_size_limit,
  isRelaunched: process.env[RELAUNCHED_ENV] === '1',
})

if (heapArgs !== null) {
  relaunch(heapArgs)
} else if (isFresh(built, `${root}src`)) {
  await import(built)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/start.ts')
}

// runs this launcher again in a child with the same arguments, streams and exit status; the
// signals that end a run are passed on (a terminal's Ctrl-C reaches the child twice: harmless)
function relaunch(nodeArgs) {
  const args = [...process.execArgv, ...nodeArgs, fileURLToPath(import.meta.url)]
  const child = spawn(process.execPath, [...args, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('error', (cause) => {
    process.stderr.write(`vigil: could not start node again: ${cause.message}\n`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1)

    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  })
}

function isFresh(file, sources) {
  if (!existsSync(file)) return false

  return newestUnder(sources) <= statSync(file).mtimeMs
}

function newestUnder(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    const time = entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs
    if (time > newest) newest = time
  }

  return newest
}
