import { spawnSync } from 'node:child_process'
import { scriptArgs } from './paths.ts'

/**
 * Runs one case of a benchmark script in a fresh Node process (so each case has its own heap and
 * peak RSS) and returns the JSON object it prints last, or null after saying why it did not run.
 */
export function runCaseChild(script: string, name: string, args: readonly string[] = []): unknown {
  const run = spawnSync(process.execPath, [...scriptArgs(script), '--case', name, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  const line = run.stdout.trim().split('\n').pop() ?? ''
  if (run.status !== 0 || !line.startsWith('{')) {
    const reason = run.stderr.trim().split('\n').slice(0, 3).join(' / ')
    console.log(`case ${name} did not run: ${reason}`)

    return null
  }

  return JSON.parse(line) as unknown
}
