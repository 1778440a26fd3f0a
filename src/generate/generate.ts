import type { Query } from '../eql/index.ts'
import type { KqlNode } from '../kql/index.ts'
import { error, fail, ok } from '../syntax/index.ts'
import type { Result } from '../syntax/index.ts'
import type { GenerateOptions, GeneratedCases } from './cases.ts'
import { GENERATE_DEFAULTS } from './cases.ts'
import type { EqlCaseSettings } from './eql-event.ts'
import { contradiction, eventQueryCases } from './eql-event.ts'
import { sampleCases } from './eql-sample.ts'
import { sequenceCases } from './eql-sequence.ts'
import { GenerationError } from './errors.ts'
import { buildEvent } from './event.ts'
import { kqlFormula } from './kql-atoms.ts'
import { Random } from './random.ts'
import { nearMisses, solveFormula } from './solve.ts'
import { positiveVariants } from './variants.ts'

/** A parsed query to generate events for. */
export type GenerateInput =
  | { readonly language: 'eql'; readonly query: Query }
  | { readonly language: 'kuery'; readonly query: KqlNode }

/**
 * Generates events a query must match and near misses it must not, by solving its condition
 * as constraints on field values. Fails with `ERR_GEN_UNSUPPORTED` (a construct the solver
 * does not handle, at its span) or `ERR_GEN_CONTRADICTION` (no values found).
 */
export function generateEvents(
  input: GenerateInput,
  options: GenerateOptions = {},
): Result<GeneratedCases> {
  try {
    return ok(
      input.language === 'eql' ? eqlCases(input.query, options) : kqlCases(input.query, options),
    )
  } catch (caught) {
    if (caught instanceof GenerationError)
      return fail([error(caught.code, caught.message, caught.span)])
    throw caught
  }
}

function eqlCases(query: Query, options: GenerateOptions): GeneratedCases {
  const settings: EqlCaseSettings = {
    random: new Random(options.seed ?? GENERATE_DEFAULTS.seed),
    categoryField: options.categoryField ?? GENERATE_DEFAULTS.categoryField,
    maxNegatives: options.maxNegatives ?? GENERATE_DEFAULTS.maxNegatives,
  }

  switch (query.kind) {
    case 'EventQuery':
      return eventQueryCases(query, settings)
    case 'SequenceQuery':
      return sequenceCases(query, settings)
    case 'SampleQuery':
      return sampleCases(query, settings)
  }
}

function kqlCases(node: KqlNode, options: GenerateOptions): GeneratedCases {
  const random = new Random(options.seed ?? GENERATE_DEFAULTS.seed)
  const formula = kqlFormula(node, { now: options.now ?? GENERATE_DEFAULTS.now })
  const solution = solveFormula(formula, random)
  if (solution === null) throw contradiction(node.span)

  const negatives = nearMisses(formula, solution, random, new Set())
    .slice(0, options.maxNegatives ?? GENERATE_DEFAULTS.maxNegatives)
    .map((m) => ({ events: [buildEvent(m.values)], description: m.description }))

  return {
    positives: [
      { events: [buildEvent(solution.values)], description: 'matches every condition' },
      ...positiveVariants(formula, solution.values),
    ],
    negatives,
  }
}
