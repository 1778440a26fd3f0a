import { compileEql } from '../compile/index.ts'
import type { CompiledQuery, Predicate, QueryPlan } from '../compile/index.ts'
import { createRunner, toEngineEvent } from '../engine/index.ts'
import type { EqlResults } from '../engine/index.ts'
import { parseEql } from '../eql/index.ts'
import { readInputBatches } from '../sources/index.ts'
import type { FileSummary, InputProblem } from '../sources/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { fail, ok } from '../syntax/index.ts'
import type { Result } from '../syntax/index.ts'

/** How `vigil query` runs a query (the part without printing, shared with the benchmark). */
export interface QueryRunOptions {
  readonly timestampField: string
  readonly tiebreakerField: string | null
  readonly categoryField: string
  readonly size?: number
  readonly maxSamplesPerKey?: number
  readonly usePrefilter: boolean
  readonly chunkSize?: number
  /** Called for each input problem as it is met (malformed line, unreadable file). */
  readonly onProblem?: (problem: InputProblem) => void
  readonly onFileSummary?: (summary: FileSummary) => void
}

/** What a run returns besides its results. */
export interface QueryRunOutcome {
  readonly results: EqlResults
  readonly summaries: readonly FileSummary[]
  readonly tookMs: number
}

/** Parses and compiles a query; the diagnostics point into the query text named `<query>`. */
export function compileQuery(text: string, categoryField: string): Result<CompiledQuery> {
  const parsed = parseEql(text, { source: '<query>' })
  if (!parsed.ok) return fail(parsed.diagnostics)

  const compiled = compileEql(parsed.value, { categoryField })
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...compiled.diagnostics]

  return compiled.ok ? ok(compiled.value, diagnostics) : fail(diagnostics)
}

/**
 * Streams the inputs through a compiled query. An event that no part of the query can match is
 * counted (it keeps its place in input order) but never turned into an engine event: building
 * one parses its timestamp, which costs more than the filters that reject it.
 */
export async function runCompiledQuery(
  compiled: CompiledQuery,
  paths: readonly string[],
  options: QueryRunOptions,
): Promise<QueryRunOutcome> {
  const started = performance.now()
  const runner = createRunner(compiled.plan, runnerOptions(options))
  const screen = screenOf(compiled.plan)
  const eventOptions = {
    timestampField: options.timestampField,
    tiebreakerField: options.tiebreakerField,
  }
  let ordinal = 0
  const batches = readInputBatches(paths, readOptions(compiled, options))
  let summaries: FileSummary[] = []
  for (;;) {
    const next = await batches.next()
    if (next.done === true) {
      summaries = next.value
      break
    }

    for (const item of next.value) {
      if (item.kind === 'problem') {
        options.onProblem?.(item)
        continue
      }

      const position = ordinal++
      if (!screen(item.source)) continue

      runner.push(
        toEngineEvent(item.source, {
          ...eventOptions,
          ordinal: position,
          // a plain event gets its file as index and its line as id, unique within that file
          id: item.id ?? String(item.line),
          index: item.index ?? item.file,
        }),
      )
    }
  }

  return { results: runner.finish(), summaries, tookMs: performance.now() - started }
}

function runnerOptions(options: QueryRunOptions): { size?: number; maxSamplesPerKey?: number } {
  return {
    ...(options.size === undefined ? {} : { size: options.size }),
    ...(options.maxSamplesPerKey === undefined
      ? {}
      : { maxSamplesPerKey: options.maxSamplesPerKey }),
  }
}

function readOptions(compiled: CompiledQuery, options: QueryRunOptions) {
  return {
    prefilter: options.usePrefilter ? compiled.prefilter : null,
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    ...(options.onFileSummary === undefined ? {} : { onFileSummary: options.onFileSummary }),
  }
}

/** True when some filter of the plan (a step, `until`, a missing step, a sample filter) matches. */
function screenOf(plan: QueryPlan): Predicate {
  const filters: Predicate[] =
    plan.kind === 'event'
      ? [plan.filter.matches]
      : plan.kind === 'sequence'
        ? [
            ...plan.steps.map((s) => s.filter.matches),
            ...(plan.until === null ? [] : [plan.until.filter.matches]),
          ]
        : plan.filters.map((f) => f.filter.matches)
  if (filters.length === 1) return filters[0] ?? (() => true)

  return (event) => filters.some((matches) => matches(event))
}
