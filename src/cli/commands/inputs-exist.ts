import { missingInputs } from '../../sources/index.ts'
import type { Logger } from '../logger.ts'
import { renderInputProblem } from '../render-problem.ts'

/**
 * Whether a command that loads rules has an input to read: when every named input is missing,
 * their problems are printed and the command stops before loading any rule (else the readers
 * report the missing ones as they come to them).
 */
export async function someInputExists(paths: readonly string[], log: Logger): Promise<boolean> {
  const missing = await missingInputs(paths)
  if (missing.length < paths.length) return true

  for (const problem of missing) log.error(renderInputProblem(problem))
  log.error('vigil: none of the inputs can be read; nothing to do')

  return false
}
