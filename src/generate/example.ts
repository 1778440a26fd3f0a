import type { EcsEvent } from '../ecs/index.ts'
import { parseEql } from '../eql/index.ts'
import { parseKql } from '../kql/index.ts'
import { EMPTY_SPAN, error, fail, ok } from '../syntax/index.ts'
import type { Result } from '../syntax/index.ts'
import type { GenerateOptions } from './cases.ts'
import type { GenerateInput } from './generate.ts'
import { generateEvents } from './generate.ts'

const CATEGORY_FLIP = 'event.category set to'

/** One matching and one non-matching example of a rule query, for `vigil test --init`. */
export interface QueryExample {
  /** events the query matches (one per sequence step) */
  readonly positive: readonly EcsEvent[]
  /** a near miss the query does not match */
  readonly negative: readonly EcsEvent[]
  /** what the near miss changed, e.g. `made false: process.name : "*.exe" (process.name set to "benign")` */
  readonly flipped: string
}

/**
 * Parses a rule query and returns one positive and one negative example with a description
 * of the flipped condition. Parse errors come back as the parser's diagnostics; a query with
 * no near miss fails with `ERR_GEN_NO_NEGATIVE`.
 */
export function exampleEvents(
  text: string,
  language: 'eql' | 'kuery',
  options: GenerateOptions = {},
): Result<QueryExample> {
  const input = parseInput(text, language)
  if (!input.ok) return fail(input.diagnostics)

  const cases = generateEvents(input.value, options)
  if (!cases.ok) return fail(cases.diagnostics)

  const positive = cases.value.positives[0]
  // a flipped category says little about the rule: prefer a near miss on its own condition
  const negatives = cases.value.negatives
  const negative = negatives.find((n) => !n.description.includes(CATEGORY_FLIP)) ?? negatives[0]
  if (positive === undefined || negative === undefined) {
    return fail([error('ERR_GEN_NO_NEGATIVE', 'no near miss found for the query', EMPTY_SPAN)])
  }

  return ok({ positive: positive.events, negative: negative.events, flipped: negative.description })
}

function parseInput(text: string, language: 'eql' | 'kuery'): Result<GenerateInput> {
  if (language === 'eql') {
    const parsed = parseEql(text)

    return parsed.ok ? ok({ language, query: parsed.value }) : fail(parsed.diagnostics)
  }

  const parsed = parseKql(text)

  return parsed.ok ? ok({ language, query: parsed.value }) : fail(parsed.diagnostics)
}
