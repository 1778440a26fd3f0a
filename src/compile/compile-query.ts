import type {
  EventFilter,
  Pipe,
  Query,
  SampleQuery,
  SequenceQuery,
  SequenceStep,
} from '../eql/ast.ts'
import type { Result } from '../syntax/index.ts'
import { fail, ok } from '../syntax/index.ts'
import type { CompileContext } from './context.ts'
import { createContext } from './context.ts'
import { compileValueReader } from '../ecs/index.ts'
import { keywordText } from './field.ts'
import { compileJoinKeys } from './join-keys.ts'
import type {
  CompiledQuery,
  CompileOptions,
  FilterPlan,
  PipePlan,
  Predicate,
  QueryPlan,
  SequenceStepPlan,
} from './plan.ts'
import { compilePredicate } from './predicate.ts'
import { linePrefilterOf, prefilterNeeds } from './prefilter.ts'

/**
 * Compiles a parsed EQL query into closures the engine runs per event, with Elasticsearch's
 * semantics, plus a raw-line prefilter. Problems in the query (bad regex, date or ip literals,
 * function arguments) come back as diagnostics with their spans.
 */
export function compileEql(query: Query, options: CompileOptions = {}): Result<CompiledQuery> {
  const context = createContext(options.categoryField, options.source)
  const plan = compilePlan(query, context)
  if (context.diagnostics.length > 0) return fail(context.diagnostics)

  const isCategoryOverridden =
    options.categoryField !== undefined && options.categoryField !== 'event.category'
  const lineNeeds = prefilterNeeds(query, { useCategory: !isCategoryOverridden })
  const prefilter = lineNeeds === null ? null : linePrefilterOf(lineNeeds)

  return ok({ plan, prefilter, lineNeeds })
}

function compilePlan(query: Query, context: CompileContext): QueryPlan {
  switch (query.kind) {
    case 'EventQuery':
      return {
        kind: 'event',
        filter: compileFilter(query.filter, context),
        pipes: query.pipes.map(pipePlan),
      }
    case 'SequenceQuery':
      return compileSequence(query, context)
    case 'SampleQuery':
      return compileSample(query, context)
  }
}

function pipePlan(pipe: Pipe): PipePlan {
  return { name: pipe.name, count: pipe.count }
}

/** Compiles `category where condition` into one predicate: category test first. */
export function compileFilter(filter: EventFilter, context: CompileContext): FilterPlan {
  const condition = compilePredicate(filter.condition, context)
  if (filter.category === null) return { category: null, matches: condition }

  const category = filter.category
  const read = compileValueReader(context.categoryField)
  // runs first on every event: the raw read skips coercing values that are already strings
  const isCategory = (value: unknown): boolean =>
    value === category || (typeof value !== 'string' && keywordText(value) === category)
  const hasCategory: Predicate = (event) => {
    const value = read(event)
    if (value === category) return true
    if (!Array.isArray(value)) return value !== undefined && isCategory(value)

    for (const item of value as readonly unknown[]) if (isCategory(item)) return true

    return false
  }

  return { category, matches: (event) => hasCategory(event) && condition(event) }
}

function compileSequence(query: SequenceQuery, context: CompileContext): QueryPlan {
  const steps: SequenceStepPlan[] = []
  for (const step of query.steps) {
    const plan = compileStep(step, query, context)
    // `with runs=N` is N identical consecutive steps
    for (let i = 0; i < Math.max(1, step.runs); i++) steps.push(plan)
  }

  const until = query.until === null ? null : compileStep(query.until, query, context)

  return {
    kind: 'sequence',
    steps,
    until: until === null ? null : { filter: until.filter, keys: until.keys },
    maxspanMs: query.maxspan?.milliseconds ?? null,
    keyCount: query.joinKeys.length + (query.steps[0]?.joinKeys.length ?? 0),
    pipes: query.pipes.map(pipePlan),
  }
}

function compileStep(
  step: SequenceStep,
  query: SequenceQuery,
  context: CompileContext,
): SequenceStepPlan {
  return {
    filter: compileFilter(step.filter, context),
    keys: compileJoinKeys([...query.joinKeys, ...step.joinKeys]),
    isMissing: step.isMissing,
  }
}

function compileSample(query: SampleQuery, context: CompileContext): QueryPlan {
  const filters = query.filters.map((f) => ({
    filter: compileFilter(f.filter, context),
    keys: compileJoinKeys([...query.joinKeys, ...f.joinKeys]),
  }))

  return {
    kind: 'sample',
    filters,
    keyCount: query.joinKeys.length + (query.filters[0]?.joinKeys.length ?? 0),
  }
}
