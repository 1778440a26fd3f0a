import { execFile, spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { fileURLToPath } from 'node:url'

/** The repository root: the CLI runs from here, so relative paths in tests are the repo's. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin', 'vigil.js')

// the CLI's rule cache goes to a folder of this test file's own, not the user's cache
process.env.VIGIL_CACHE_DIR ??= scratchFolder('vigil-e2e-cache-').path

/** What one CLI run gave. */
export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs `bin/vigil.js` with `args` (and `input` on standard input) in a child process; `env` is
 * added to this process's environment.
 */
export function runVigil(
  args: readonly string[],
  input?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return runNode([BIN, ...args], input, env)
}

/** Runs node with `nodeArgs` (a script and its arguments) from the repository root. */
export function runNode(
  nodeArgs: readonly string[],
  input?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      nodeArgs,
      { cwd: ROOT, maxBuffer: 1 << 26, env: { ...process.env, ...env } },
      (cause, stdout, stderr) => {
        const code = cause === null ? 0 : typeof cause.code === 'number' ? cause.code : 1
        resolve({ code, stdout, stderr })
      },
    )
    child.stdin?.end(input ?? '')
  })
}

/**
 * Runs `bin/vigil.js` with `args`, its stdout written to the file `outPath` (for output too big
 * to hold as a string); resolves to the exit code and stderr.
 */
export function runVigilToFile(
  args: readonly string[],
  outPath: string,
): Promise<{ readonly code: number; readonly stderr: string }> {
  const out = openSync(outPath, 'w')
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', out, 'pipe'],
  })
  closeSync(out)
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (text: string) => {
    stderr += text
  })

  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stderr })
    })
  })
}

/** A temporary folder removed after the test file: `write` puts a fixture in it. */
export function scratchFolder(prefix: string): {
  readonly path: string
  write(name: string, text: string): string
} {
  const path = mkdtempSync(join(tmpdir(), prefix))
  after(() => {
    rmSync(path, { recursive: true, force: true })
  })

  return {
    path,
    write: (name, text) => {
      const file = join(path, name)
      writeFileSync(file, text)

      return file
    },
  }
}
