import { createRunner, isMissingEvent, toEngineEvent } from '../../../src/engine/index.ts'
import type { EngineEvent, EqlResults, RunnerOptions } from '../../../src/engine/index.ts'
import type { Dataset, SuiteCase } from './corpus.ts'
import type { QueryPipeline } from './pipeline.ts'

/** What one case produced and whether it matches the expectation. */
export interface CaseOutcome {
  readonly isPass: boolean
  readonly ids: readonly number[]
  readonly joinKeys: readonly string[]
  /** Set when the query did not parse or compile. */
  readonly error: string | null
}

/** How the data is fed: file order, or a seeded shuffle (the engine must not care). */
export type FeedOrder =
  { readonly kind: 'file' } | { readonly kind: 'shuffled'; readonly seed: number }

const HARNESS_SIZE = 50

/** Runs one case of a suite over its dataset through parser, compiler and engine. */
export function runCase(
  pipeline: QueryPipeline,
  dataset: Dataset,
  testCase: SuiteCase,
  order: FeedOrder = { kind: 'file' },
): CaseOutcome {
  const compiled = pipeline.compile(testCase.query)
  if (!compiled.ok) return { isPass: false, ids: [], joinKeys: [], error: compiled.message }

  const options: RunnerOptions = {
    size: testCase.size ?? HARNESS_SIZE,
    resultPosition: 'tail',
    ...(testCase.maxSamplesPerKey === null ? {} : { maxSamplesPerKey: testCase.maxSamplesPerKey }),
  }
  const runner = createRunner(compiled.plan, options)
  for (const event of feed(dataset, order)) runner.push(event)

  const results = runner.finish()
  const ids = resultIds(results, dataset.idField)
  const joinKeys = resultJoinKeys(results)
  const isIdsOk = testCase.expected.some((alternative) => sameList(alternative, ids))
  const isKeysOk = testCase.joinKeys === null || sameList(testCase.joinKeys, joinKeys)

  return { isPass: isIdsOk && isKeysOk, ids, joinKeys, error: null }
}

function feed(dataset: Dataset, order: FeedOrder): EngineEvent[] {
  const events = dataset.events.map((event, position) => ({ event, position }))
  const arranged = order.kind === 'file' ? events : seededShuffle(events, order.seed)

  return arranged.map(({ event, position }, arrival) =>
    toEngineEvent(event.source, {
      // with no tiebreaker the input order is the hit order, so keep the file position
      ordinal: dataset.tiebreakerField === null ? position : arrival,
      tiebreakerField: dataset.tiebreakerField,
      index: event.index,
    }),
  )
}

function resultIds(results: EqlResults, idField: string): number[] {
  const idOf = (event: EngineEvent): number => Number(event.source[idField])
  if (results.kind === 'events') return results.events.map(idOf)

  return results.sequences.flatMap((sequence) =>
    sequence.events.map((event) => (isMissingEvent(event) ? -1 : idOf(event))),
  )
}

function resultJoinKeys(results: EqlResults): string[] {
  if (results.kind === 'events') return []

  return results.sequences.flatMap((sequence) =>
    sequence.joinKeys.map((value) => (value === null ? 'null' : String(value))),
  )
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}

function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let state = seed >>> 0
  for (let i = out.length - 1; i > 0; i--) {
    // xorshift32: repeatable, good enough to interleave test data
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    const j = state % (i + 1)
    const swap = out[i] as T
    out[i] = out[j] as T
    out[j] = swap
  }

  return out
}
