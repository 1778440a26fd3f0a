import type { Diagnostic } from '../syntax/index.ts'
import type { Rule } from './model.ts'

/** What every loader returns: the rules it could build and the diagnostics for the rest. */
export interface LoadResult {
  readonly rules: readonly Rule[]
  readonly diagnostics: readonly Diagnostic[]
}
