import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * `npm run bench`: runs each benchmark file in a fresh Node process, so one benchmark's heap and
 * peak RSS never leak into the next. bench/evtx.bench.ts belongs to the EVTX reader and runs when
 * it is there.
 */
const BENCHMARKS = ['eql.bench.ts', 'evtx.bench.ts', 'hunt.bench.ts']

let failures = 0
for (const name of BENCHMARKS) {
  const path = fileURLToPath(new URL(name, import.meta.url))
  if (!existsSync(path)) {
    console.log(`skipping ${name}: not present`)
    continue
  }

  console.log(`\n== ${name}`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', path, ...process.argv.slice(2)], {
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    failures++
    console.log(`${name} failed (exit ${String(run.status ?? run.signal)})`)
  }
}

process.exitCode = failures === 0 ? 0 : 1
