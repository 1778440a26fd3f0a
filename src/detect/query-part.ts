import { compileEql, eqlLineNeeds, linePrefilterOf } from '../compile/index.ts'
import type { LineNeeds, Predicate, QueryPlan } from '../compile/index.ts'
import { compileKql, kqlLineNeeds, kqlLinePrefilter } from '../compile/kql/index.ts'
import { SequenceEvaluator } from '../engine/index.ts'
import { parseEql } from '../eql/index.ts'
import { parseKql } from '../kql/index.ts'
import type { EqlRule, QueryRule } from '../rules/index.ts'
import { fail, ok, warning } from '../syntax/index.ts'
import type { Diagnostic, Result } from '../syntax/index.ts'
import { kqlCategories, planCategories } from './categories.ts'
import { anyOf } from './predicates.ts'
import type { CompiledRule } from './compile-rule.ts'
import { eqlRuleKeys, kqlRuleKeys } from './rule-keys.ts'
import type { KeySet } from './rule-keys.ts'

/**
 * What a hunt reads from a rule's query before testing any event, all of it data: its
 * categories, index keys, the prefilter's conjunctions (null for no prefilter) and the query's
 * warnings.
 */
export interface QueryFacts {
  readonly categories: readonly string[] | null
  readonly indexKeys: readonly KeySet[]
  readonly conjunctions: LineNeeds['conjunctions'] | null
  readonly warnings: readonly Diagnostic[]
}

/**
 * The facts of the single-event queries an earlier run of this same build compiled without a
 * problem (the CLI keeps them in its rule cache, which any change to the code starts over). Such
 * a query is neither parsed nor compiled when the hunt starts: that waits until its rule is first
 * offered an event, so the rules no event reaches (most of a library, on the logs of one system)
 * cost nothing. Sequence queries are always compiled at once: the hunt needs their steps.
 */
export interface KnownQueries {
  /** The facts of a query this build compiled before; undefined when it did not. */
  factsOf(key: string): QueryFacts | undefined
  /** Notes a query compiled without a problem, with its facts. */
  remember(key: string, facts: QueryFacts): void
}

/** What compiling a rule's query gives; `planOf` gives the EQL plan (null for KQL). */
export type QueryPart = Pick<
  CompiledRule,
  | 'shape'
  | 'matches'
  | 'sequence'
  | 'categories'
  | 'categoryField'
  | 'prefilter'
  | 'lineNeeds'
  | 'indexKeys'
> & { readonly planOf: () => QueryPlan | null }

/** The unsupported EQL `sample` queries: a failure the caller words. */
export const SAMPLE = Symbol('sample')

/**
 * Everything compiling a query reads (the file only names it in diagnostics): the same key
 * compiles the same way in the same build.
 */
export function queryKey(rule: EqlRule | QueryRule, categoryField: string): string {
  const language = rule.type === 'eql' ? 'eql' : rule.language

  return [language, categoryField, rule.provenance.path, rule.query].join('\u0000')
}

/** Parses and compiles an EQL rule's query (see {@link KnownQueries} for when it waits). */
export function compileEqlQuery(
  rule: EqlRule,
  known: KnownQueries | undefined,
): Result<QueryPart> | typeof SAMPLE {
  const categoryField = rule.event_category_override ?? 'event.category'
  const key = queryKey(rule, categoryField)
  const facts = known?.factsOf(key)
  if (facts !== undefined) return ok(deferredEql(rule, categoryField, facts, key), facts.warnings)

  const parsed = parseEql(rule.query, { source: rule.provenance.path })
  if (!parsed.ok) return fail(parsed.diagnostics)

  const compiled = compileEql(parsed.value, { categoryField, source: rule.provenance.path })
  if (!compiled.ok) return fail(compiled.diagnostics)

  const { plan, prefilter, lineNeeds } = compiled.value
  if (plan.kind === 'sample') return SAMPLE

  const part: QueryPart = {
    shape: plan.kind,
    planOf: () => plan,
    matches: plan.kind === 'event' ? plan.filter.matches : sequenceScreen(plan),
    sequence: plan.kind === 'sequence' ? new SequenceEvaluator(plan) : null,
    categories: planCategories(plan),
    categoryField,
    prefilter,
    lineNeeds,
    indexKeys: eqlRuleKeys(parsed.value, categoryField),
  }
  if (plan.kind === 'event') known?.remember(key, factsOfPart(part, compiled.diagnostics))

  return ok(part, compiled.diagnostics)
}

/** Parses and compiles a KQL rule's query (see {@link KnownQueries} for when it waits). */
export function compileKqlQuery(
  rule: QueryRule,
  now: number,
  known: KnownQueries | undefined,
): Result<QueryPart> {
  const source = rule.provenance.path
  const key = queryKey(rule, 'event.category')
  const facts = known?.factsOf(key)
  if (facts !== undefined) {
    const matches = deferred(() => kqlPredicate(rule, { now, source }, key))
    const lineNeeds = facts.conjunctions === null ? null : kqlLineNeeds(facts.conjunctions)

    return ok(kqlPart(matches, lineNeeds, facts), facts.warnings)
  }

  const parsed = parseKql(rule.query, { source, language: rule.language })
  if (!parsed.ok) return fail(parsed.diagnostics)

  const warnings = parsed.diagnostics.map((d) =>
    d.severity === 'warning' ? d : warning(d.code, d.message, d.span, source),
  )
  const compiled = compileKql(parsed.value, { now, source })
  if (!compiled.ok) return fail(compiled.diagnostics)

  const categories = kqlCategories(parsed.value, 'event.category')
  const indexKeys = kqlRuleKeys(parsed.value)
  const part = kqlPart(compiled.value.matches, compiled.value.lineNeeds, {
    categories,
    indexKeys,
  })
  known?.remember(key, factsOfPart(part, warnings))

  return ok(part, warnings)
}

function kqlPart(
  matches: Predicate,
  lineNeeds: LineNeeds | null,
  facts: Pick<QueryFacts, 'categories' | 'indexKeys'>,
): QueryPart {
  return {
    shape: 'event',
    planOf: () => null,
    matches,
    sequence: null,
    categories: facts.categories,
    categoryField: 'event.category',
    prefilter: lineNeeds === null ? null : kqlLinePrefilter(lineNeeds),
    lineNeeds,
    indexKeys: facts.indexKeys,
  }
}

function factsOfPart(part: QueryPart, warnings: readonly Diagnostic[]): QueryFacts {
  return {
    categories: part.categories,
    indexKeys: part.indexKeys,
    conjunctions: part.lineNeeds?.conjunctions ?? null,
    warnings,
  }
}

// a known EQL event query's part: its plan parsed and compiled on first use
function deferredEql(
  rule: EqlRule,
  categoryField: string,
  facts: QueryFacts,
  key: string,
): QueryPart {
  let plan: QueryPlan | undefined
  const planOf = (): QueryPlan => (plan ??= eqlPlan(rule, categoryField, key))
  const lineNeeds = facts.conjunctions === null ? null : eqlLineNeeds(facts.conjunctions)

  return {
    shape: 'event',
    planOf,
    matches: deferred(() => eventFilter(planOf())),
    sequence: null,
    categories: facts.categories,
    categoryField,
    prefilter: lineNeeds === null ? null : linePrefilterOf(lineNeeds),
    lineNeeds,
    indexKeys: facts.indexKeys,
  }
}

// a predicate built the first time it is called
function deferred(build: () => Predicate): Predicate {
  let built: Predicate | undefined

  return (event) => (built ??= build())(event)
}

function eventFilter(plan: QueryPlan): Predicate {
  if (plan.kind !== 'event') throw new Error('a known event query compiled to another plan')

  return plan.filter.matches
}

// a known query compiles as it did before; failing now means the cache is not this build's
function eqlPlan(rule: EqlRule, categoryField: string, key: string): QueryPlan {
  const parsed = parseEql(rule.query, { source: rule.provenance.path })
  const options = { categoryField, source: rule.provenance.path }
  const compiled = parsed.ok ? compileEql(parsed.value, options) : parsed
  if (!compiled.ok) throw new Error(`a query the rule cache knew no longer compiles: ${key}`)

  return compiled.value.plan
}

function kqlPredicate(
  rule: QueryRule,
  options: { readonly now: number; readonly source: string },
  key: string,
): Predicate {
  const parsed = parseKql(rule.query, { source: options.source, language: rule.language })
  const compiled = parsed.ok ? compileKql(parsed.value, options) : parsed
  if (!compiled.ok) throw new Error(`a query the rule cache knew no longer compiles: ${key}`)

  return compiled.value.matches
}

// a sequence's screen: some step (or `until`) matches
function sequenceScreen(plan: Extract<QueryPlan, { kind: 'sequence' }>): Predicate {
  const until = plan.until === null ? [] : [plan.until.filter.matches]

  return anyOf([...plan.steps.map((s) => s.filter.matches), ...until])
}
