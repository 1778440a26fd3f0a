import type { EventQuery } from '../eql/index.ts'
import type { GeneratedCase, GeneratedCases } from './cases.ts'
import { GenerationError } from './errors.ts'
import { buildEvent } from './event.ts'
import { filterFormula } from './eql-filter.ts'
import type { Random } from './random.ts'
import { nearMisses, solveFormula } from './solve.ts'
import { positiveVariants } from './variants.ts'

/** Settings shared by the EQL case builders. */
export interface EqlCaseSettings {
  readonly random: Random
  readonly categoryField: string
  readonly maxNegatives: number
}

/** Cases for a single-event query: one matching event and its near misses. */
export function eventQueryCases(query: EventQuery, settings: EqlCaseSettings): GeneratedCases {
  const formula = filterFormula(query.filter, settings.categoryField)
  const solution = solveFormula(formula, settings.random)
  if (solution === null) throw contradiction(query.filter.span)

  const positive: GeneratedCase = {
    events: [buildEvent(solution.values)],
    description: 'matches every condition',
  }
  const negatives = nearMisses(formula, solution, settings.random, new Set())
    .slice(0, settings.maxNegatives)
    .map((m) => ({ events: [buildEvent(m.values)], description: m.description }))

  return { positives: [positive, ...positiveVariants(formula, solution.values)], negatives }
}

/** The error for a condition no values satisfy (within the solver's budget). */
export function contradiction(span: GenerationError['span']): GenerationError {
  return new GenerationError('ERR_GEN_CONTRADICTION', 'no field values satisfy the condition', span)
}
