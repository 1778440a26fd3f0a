import type { EventFilter, Query } from '../eql/ast.ts'
import type { LineNeeds } from './line-needs.ts'
import type { LinePrefilter } from './plan.ts'
import type { Conjunction, Requirement } from './prefilter-requirements.ts'
import { categoryRequirement, rarity, requirementsOf } from './prefilter-requirements.ts'

/** What the prefilter may rely on. */
export interface PrefilterOptions {
  /** Whether the category name may be required (only with the default category field). */
  readonly useCategory: boolean
}

/**
 * What the raw-line prefilter of a query requires: a line passes when, for at least one filter
 * of the query (every sequence step, `until` and missing step, every sample filter), it holds
 * all the literals that filter requires. Lines holding a `\u` escape always pass (it can hide
 * any character). Null when some filter requires nothing.
 */
export function prefilterNeeds(query: Query, options: PrefilterOptions): LineNeeds | null {
  const conjunctions: Conjunction[] = []
  for (const filter of filtersOf(query)) {
    const conjunction = filterRequirements(filter, options)
    if (conjunction.length === 0) return null

    conjunctions.push(conjunction)
  }

  return conjunctions.length === 0 ? null : eqlLineNeeds(conjunctions)
}

/** The needs of an EQL query from their conjunctions alone (as a cache keeps them). */
export function eqlLineNeeds(conjunctions: LineNeeds['conjunctions']): LineNeeds {
  return { conjunctions, passesUnchecked: mayHideText }
}

function filtersOf(query: Query): EventFilter[] {
  switch (query.kind) {
    case 'EventQuery':
      return [query.filter]
    case 'SequenceQuery':
      return [...query.steps, ...(query.until === null ? [] : [query.until])].map((s) => s.filter)
    case 'SampleQuery':
      return query.filters.map((f) => f.filter)
  }
}

function filterRequirements(filter: EventFilter, options: PrefilterOptions): Conjunction {
  const requirements: Requirement[] = [...requirementsOf(filter.condition)]
  const category =
    options.useCategory && filter.category !== null ? categoryRequirement(filter.category) : null
  if (category !== null) requirements.push(category)

  // the likeliest to fail first: most lines are rejected by the first test
  return requirements.sort((a, b) => rarity(b) - rarity(a))
}

/** One requirement as the fastest test: a case-insensitive `RegExp` plus sensitive substrings. */
interface RequirementTest {
  readonly sensitive: readonly string[]
  readonly folded: RegExp | null
}

/** The prefilter of one query's needs (see {@link prefilterNeeds}). */
export function linePrefilterOf(needs: LineNeeds): LinePrefilter {
  const compiled = needs.conjunctions.map((conjunction) => conjunction.map(requirementTest))

  return (line) => {
    for (const conjunction of compiled) if (isEverySatisfied(conjunction, line)) return true

    return needs.passesUnchecked(line)
  }
}

// measured on ~1 KB lines: one `i`-flag RegExp over the alternatives is about 4x faster than
// lower-casing the line once and searching it
function requirementTest(requirement: Requirement): RequirementTest {
  const sensitive = requirement.filter((n) => !n.isCaseInsensitive).map((n) => n.text)
  const folded = requirement.filter((n) => n.isCaseInsensitive).map((n) => escapeRegExp(n.text))

  return { sensitive, folded: folded.length === 0 ? null : new RegExp(folded.join('|'), 'i') }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

function isEverySatisfied(conjunction: readonly RequirementTest[], line: string): boolean {
  for (const requirement of conjunction) if (!isSatisfied(requirement, line)) return false

  return true
}

function isSatisfied(requirement: RequirementTest, line: string): boolean {
  for (const text of requirement.sensitive) if (line.includes(text)) return true

  return requirement.folded !== null && requirement.folded.test(line)
}

/**
 * Whether a line may spell a required literal in a way the prefilter does not see: besides `\u`
 * escapes, U+212A (Kelvin sign) and U+0130 lower-case to ASCII `k` / `i`, which an `i`-flag
 * RegExp does not equate; such lines are passed to the full match.
 */
export function mayHideText(line: string): boolean {
  return line.includes('\u212a') || line.includes('\u0130') || hasUnicodeEscape(line)
}

/**
 * Whether the JSON text holds a `\u` escape. Walks the escapes from backslash to backslash (a
 * backslash always starts a two-character escape, so `\\u` is not one): measured faster on
 * Windows-path-heavy lines than searching for the two-character string.
 */
export function hasUnicodeEscape(line: string): boolean {
  for (let at = line.indexOf('\\'); at >= 0; at = line.indexOf('\\', at + 2)) {
    if (line.charCodeAt(at + 1) === 0x75) return true
  }

  return false
}
