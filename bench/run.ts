import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, rmSync } from 'node:fs'
import { repoPath } from './paths.ts'

/**
 * `npm run bench`: compiles src/ and bench/ into .bench/build/ (tsconfig.bench.json) and runs
 * each compiled benchmark in a fresh Node process, so the figures are those of the JavaScript
 * that `bin/vigil.js` runs (dist/), not of the tsx loader, and one benchmark's heap and peak RSS
 * never leak into the next. bench/evtx.bench.ts belongs to the EVTX reader and runs when it is
 * there.
 */
const BENCHMARKS = ['eql.bench', 'evtx.bench', 'hunt.bench']
const BUILD = repoPath('.bench/build/')

if (!build()) process.exitCode = 1
else process.exitCode = runAll() === 0 ? 0 : 1

function build(): boolean {
  rmSync(BUILD, { recursive: true, force: true })
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const run = spawnSync(process.execPath, [tsc, '-p', repoPath('tsconfig.bench.json')], {
    stdio: 'inherit',
  })
  if (run.status === 0) return true

  console.log(`compiling the benchmarks failed (exit ${String(run.status ?? run.signal)})`)

  return false
}

function runAll(): number {
  let failures = 0
  for (const name of BENCHMARKS) {
    const path = `${BUILD}bench/${name}.js`
    if (!existsSync(repoPath(`bench/${name}.ts`))) {
      console.log(`skipping ${name}.ts: not present`)
      continue
    }

    console.log(`\n== ${name}.ts (compiled)`)
    const run = spawnSync(process.execPath, [path, ...process.argv.slice(2)], { stdio: 'inherit' })
    if (run.status !== 0) {
      failures++
      console.log(`${name}.ts failed (exit ${String(run.status ?? run.signal)})`)
    }
  }

  return failures
}
