import type { LineNeeds, LinePrefilter, Predicate, QueryPlan } from '../compile/index.ts'
import type { SequenceEvaluator } from '../engine/index.ts'
import { querySpanInFile } from '../rules/index.ts'
import type { EqlRule, QueryRule, Rule } from '../rules/index.ts'
import { EMPTY_SPAN, error, fail, ok } from '../syntax/index.ts'
import type { Diagnostic, Result } from '../syntax/index.ts'
import { compileRuleExceptions } from './exception-filter.ts'
import type { ExceptionLists } from './exception-list.ts'
import { NO_EXCEPTIONS } from './exception-list.ts'
import { ruleUuid } from './ids.ts'
import { compileIndexPatterns } from './index-pattern.ts'
import type { IndexMatcher } from './index-pattern.ts'
import { LeafBuilder } from './kql-leaf.ts'
import { allOf, not } from './predicates.ts'
import { compileEqlQuery, compileKqlQuery, SAMPLE } from './query-part.ts'
import type { KnownQueries } from './query-part.ts'
import { compileRuleFilters } from './rule-filters.ts'
import type { KeySet } from './rule-keys.ts'

/** A rule type and language Vigil runs. */
export type RunnableRule = EqlRule | QueryRule

/** One rule, compiled once for the whole hunt. */
export interface CompiledRule {
  readonly rule: RunnableRule
  /** Stands in for the rule's saved-object id (see {@link ruleUuid}). */
  readonly uuid: string
  /** Position in the hunt's rule list: output order and tie-break. */
  readonly position: number
  readonly shape: 'event' | 'sequence'
  /** The EQL plan; null for KQL rules. */
  readonly plan: QueryPlan | null
  /** Event rules: the whole query. Sequences: some step (or `until`) matches. */
  readonly matches: Predicate
  /**
   * Sequences: tests the steps and reads their join keys in one go, in place of `matches`, so
   * the runner gets them with the event instead of testing the steps again. Null otherwise.
   */
  readonly sequence: SequenceEvaluator | null
  /** Rule filters hold and no exception item matches. */
  readonly gate: Predicate
  /** The categories an event must have to match, or null for any (see `planCategories`). */
  readonly categories: readonly string[] | null
  readonly categoryField: string
  /** Key sets the event must hold one of in full (see `KeySet`); empty: any event may match. */
  readonly indexKeys: readonly KeySet[]
  readonly indexMatches: IndexMatcher
  readonly prefilter: LinePrefilter | null
  /** What the prefilter tests, as data, to combine the prefilters of a hunt; null with it. */
  readonly lineNeeds: LineNeeds | null
  /** Exception items not applied because they need value-list contents. */
  readonly skippedListItems: number
}

/** What compiling needs besides the rule. */
export interface CompileRuleOptions {
  /** The run's start in epoch ms: `now` of date math in queries and filters, item expiry. */
  readonly now: number
  readonly exceptions?: ExceptionLists
  /** Queries known to compile, whose closures may wait until they are needed. */
  readonly known?: KnownQueries | undefined
}

/**
 * Compiles a rule for the hunt: EQL (single events and sequences) and KQL query rules run;
 * other types, Lucene, EQL samples, and queries or filters Elasticsearch would reject fail with
 * diagnostics (ERR_DETECT_UNSUPPORTED_RULE and the query's own codes).
 */
export function compileRule(
  rule: Rule,
  position: number,
  options: CompileRuleOptions,
): Result<CompiledRule> {
  const source = rule.provenance.path
  if (!isRunnable(rule)) return fail([unsupported(unsupportedText(rule), rule)])

  const leaves = new LeafBuilder(options.now, source)
  const query =
    rule.type === 'eql'
      ? compileEqlQuery(rule, options.known)
      : compileKqlQuery(rule, options.now, options.known)
  if (query === SAMPLE) return fail([unsupported('vigil does not run eql sample rules yet', rule)])
  if (!query.ok) return fail(query.diagnostics.map((d) => inFile(d, rule)))

  const filters = compileRuleFilters(rule.filters, leaves, source)
  const exceptions = compileRuleExceptions(
    rule.exceptions_list,
    options.exceptions ?? NO_EXCEPTIONS,
    leaves,
    options.now,
  )
  if (leaves.diagnostics.some((d) => d.severity === 'error')) return fail(leaves.diagnostics)

  const gate = exceptions.matches === null ? filters : allOf([filters, not(exceptions.matches)])

  const { planOf, ...part } = query.value
  let uuid: string | undefined

  return ok(
    {
      rule,
      // a uuid v5 costs a hash: made for the rules that raise alerts, when they do
      get uuid() {
        return (uuid ??= ruleUuid(rule.rule_id))
      },
      position,
      get plan() {
        return planOf()
      },
      ...part,
      gate,
      indexMatches: compileIndexPatterns(rule.index),
      skippedListItems: exceptions.skippedListItems,
    },
    query.diagnostics,
  )
}

function unsupportedText(rule: Rule): string {
  const language = 'language' in rule && rule.type === 'query' ? ` in ${rule.language}` : ''

  return `vigil does not run ${rule.type} rules${language} yet`
}

function isRunnable(rule: Rule): rule is RunnableRule {
  return rule.type === 'eql' || (rule.type === 'query' && rule.language === 'kuery')
}

function unsupported(message: string, rule: Rule): Diagnostic {
  const span = rule.provenance.positions.get('type') ?? EMPTY_SPAN

  return error('ERR_DETECT_UNSUPPORTED_RULE', message, span, rule.provenance.path)
}

// query diagnostics are measured in the query text; move them to where it sits in the file
function inFile(diagnostic: Diagnostic, rule: Rule): Diagnostic {
  const origin = rule.provenance.query
  if (origin === undefined || diagnostic.source !== rule.provenance.path) return diagnostic

  return { ...diagnostic, span: querySpanInFile(diagnostic.span, origin) }
}
