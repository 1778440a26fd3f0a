import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'smol-toml'
import { compileEql, planFilters } from '../../../src/compile/index.ts'
import type { LinePrefilter, QueryPlan } from '../../../src/compile/index.ts'
import { compileKql } from '../../../src/compile/kql/index.ts'
import type { EcsEvent } from '../../../src/ecs/index.ts'
import { parseEql } from '../../../src/eql/index.ts'
import { createRunner, toEngineEvent } from '../../../src/engine/index.ts'
import { GENERATE_DEFAULTS, generateEvents, seedOf } from '../../../src/generate/index.ts'
import type { GenerateInput, GeneratedCases } from '../../../src/generate/index.ts'
import { parseKql } from '../../../src/kql/index.ts'
import type { Diagnostic } from '../../../src/syntax/index.ts'

/** One query of the rule library: an EQL or KQL rule query, or a threat-match rule's threat query. */
export interface LibraryQuery {
  /** the rule file relative to the corpus root, with `#threat_query` for threat queries */
  readonly id: string
  readonly language: 'eql' | 'kuery'
  readonly text: string
}

/** Why a query is not checked or failed; `pass` when every case behaved. */
export type CheckStatus =
  | 'pass'
  | 'parse-error'
  | 'compile-error'
  | 'unsupported'
  | 'contradiction'
  | 'no-negative'
  | 'positive-miss'
  | 'negative-match'
  | 'prefilter-miss'

/** The outcome for one query. */
export interface CheckOutcome {
  readonly status: CheckStatus
  readonly detail: string
  readonly positives: number
  readonly negatives: number
}

interface RuleDoc {
  readonly rule?: {
    readonly type?: string
    readonly language?: string
    readonly query?: unknown
    readonly threat_query?: unknown
    readonly threat_language?: string
  }
}

/** Every EQL and KQL query of the detection-rules corpus at `root`. */
export function loadLibrary(root: string): LibraryQuery[] {
  const files = ['rules', 'rules_building_block'].flatMap((sub) =>
    readdirSync(join(root, sub), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.toml'))
      .map((name) => join(root, sub, name)),
  )

  return files
    .sort()
    .flatMap((file) =>
      queriesOf(relative(root, file), parse(readFileSync(file, 'utf8')) as RuleDoc),
    )
}

function queriesOf(id: string, doc: RuleDoc): LibraryQuery[] {
  const rule = doc.rule
  if (rule === undefined) return []
  const out: LibraryQuery[] = []
  const language = rule.language === 'eql' ? 'eql' : rule.language === 'kuery' ? 'kuery' : null
  if (language !== null && typeof rule.query === 'string')
    out.push({ id, language, text: rule.query })
  if (typeof rule.threat_query === 'string' && (rule.threat_language ?? 'kuery') === 'kuery') {
    out.push({ id: `${id}#threat_query`, language: 'kuery', text: rule.threat_query })
  }

  return out
}

function describe(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ')
}

/** Generates the cases of one query and runs them through the real compiler and engine. */
export function checkQuery(query: LibraryQuery): CheckOutcome {
  const prepared = prepare(query)
  if ('status' in prepared) return prepared

  const generated = generateEvents(prepared.input, { seed: seedOf(query.id) })
  if (!generated.ok) {
    const first = generated.diagnostics[0]
    const status = first?.code === 'ERR_GEN_CONTRADICTION' ? 'contradiction' : 'unsupported'

    return outcome(status, describe(generated.diagnostics))
  }

  return runCases(generated.value, prepared)
}

type Matcher = (events: readonly EcsEvent[]) => boolean

/** What a query is checked with: its events' generator input, its matcher and its prefilter. */
interface Prepared {
  readonly input: GenerateInput
  readonly matches: Matcher
  readonly prefilter: LinePrefilter | null
  /** Whether an event passes some filter of the query (so its line must pass the prefilter). */
  readonly isFiltered: (event: EcsEvent) => boolean
}

function prepare(query: LibraryQuery): Prepared | CheckOutcome {
  if (query.language === 'kuery') {
    const parsed = parseKql(query.text)
    if (!parsed.ok) return outcome('parse-error', describe(parsed.diagnostics))
    const compiled = compileKql(parsed.value, { now: GENERATE_DEFAULTS.now })
    if (!compiled.ok) return outcome('compile-error', describe(compiled.diagnostics))
    const predicate = compiled.value.matches

    return {
      input: { language: 'kuery', query: parsed.value },
      matches: (events) => events.length === 1 && events.every(predicate),
      prefilter: compiled.value.prefilter,
      isFiltered: predicate,
    }
  }

  const parsed = parseEql(query.text)
  if (!parsed.ok) return outcome('parse-error', describe(parsed.diagnostics))
  const compiled = compileEql(parsed.value)
  if (!compiled.ok) return outcome('compile-error', describe(compiled.diagnostics))

  return {
    input: { language: 'eql', query: parsed.value },
    matches: planMatcher(compiled.value.plan),
    prefilter: compiled.value.prefilter,
    isFiltered: anyFilterOf(compiled.value.plan),
  }
}

function anyFilterOf(plan: QueryPlan): (event: EcsEvent) => boolean {
  const filters = planFilters(plan)

  return (event) => filters.some((filter) => filter.matches(event))
}

/** Event queries through the filter predicate; sequences and samples through the engine. */
function planMatcher(plan: QueryPlan): Matcher {
  if (plan.kind === 'event')
    return (events) => events.length === 1 && events.every(plan.filter.matches)

  return (events) => {
    const runner = createRunner(plan)
    events.forEach((event, ordinal) => {
      runner.push(toEngineEvent(event, { ordinal }))
    })
    const results = runner.finish()

    return results.total > 0
  }
}

function runCases(cases: GeneratedCases, prepared: Prepared): CheckOutcome {
  const { matches, prefilter, isFiltered } = prepared
  const counts = { positives: cases.positives.length, negatives: cases.negatives.length }
  for (const c of cases.positives) {
    if (!matches(c.events))
      return { status: 'positive-miss', detail: JSON.stringify(c.events), ...counts }

    // an event some filter of the query accepts may be part of a match: its line must pass
    const lines = c.events.filter(isFiltered).map((event) => JSON.stringify(event))
    const rejected = lines.find((line) => prefilter?.(line) === false)
    if (rejected !== undefined) return { status: 'prefilter-miss', detail: rejected, ...counts }
  }

  for (const c of cases.negatives) {
    if (matches(c.events))
      return {
        status: 'negative-match',
        detail: `${c.description}: ${JSON.stringify(c.events)}`,
        ...counts,
      }
  }

  if (cases.negatives.length === 0)
    return { status: 'no-negative', detail: 'no near miss found', ...counts }

  return { status: 'pass', detail: '', ...counts }
}

function outcome(status: CheckStatus, detail: string): CheckOutcome {
  return { status, detail, positives: 0, negatives: 0 }
}
