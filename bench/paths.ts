import { fileURLToPath } from 'node:url'

/**
 * Where the benchmarks find the repository, the shared corpus and their own data, whether they
 * run from bench/ through tsx or compiled into .bench/build/bench/ (what `npm run bench` does).
 */
const HERE = new URL('.', import.meta.url)
const IS_BUILT = HERE.pathname.endsWith('/.bench/build/bench/')

/** The repository root, as a folder URL. */
export const REPO_URL = new URL(IS_BUILT ? '../../../' : '../', HERE)

/** A path inside the repository. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, REPO_URL))
}

/** The arguments that run a benchmark script: compiled JavaScript as it is, TypeScript by tsx. */
export function scriptArgs(script: string): string[] {
  return script.endsWith('.ts') ? ['--import', 'tsx', script] : [script]
}

/** A sibling script of the caller, compiled or not like the caller (`self`: its import.meta.url). */
export function siblingScript(self: string, name: string): string {
  const extension = self.endsWith('.ts') ? '.ts' : '.js'

  return fileURLToPath(new URL(`./${name}${extension}`, self))
}
