import type { CompileOptions } from '../../../src/compile/index.ts'
import { runCase } from './cases.ts'
import type { CaseOutcome, FeedOrder } from './cases.ts'
import { loadCases, loadDataset, SUITES } from './corpus.ts'
import type { Dataset, SuiteCase } from './corpus.ts'
import type { QueryPipeline } from './pipeline.ts'

/** One case's result within its suite. */
export interface CaseReport {
  readonly key: string
  readonly testCase: SuiteCase
  readonly outcome: CaseOutcome
}

/** A suite's results, or why it was skipped. */
export interface SuiteReport {
  readonly file: string
  readonly skipReason: string | null
  readonly cases: readonly CaseReport[]
}

// the harness aliases event.category to event_type in every index mapping
const COMPILE_OPTIONS: CompileOptions = { categoryField: 'event_type' }

/** Runs every suite of the corpus. */
export function runSuites(
  createPipeline: (options: CompileOptions) => QueryPipeline,
  order: FeedOrder = { kind: 'file' },
): SuiteReport[] {
  const datasets = new Map<string, Dataset>()
  const pipeline = createPipeline(COMPILE_OPTIONS)

  return SUITES.map((suite) => {
    if (suite.skipReason !== null)
      return { file: suite.file, skipReason: suite.skipReason, cases: [] }

    let dataset = datasets.get(suite.dataset)
    if (dataset === undefined) {
      dataset = loadDataset(suite.dataset)
      datasets.set(suite.dataset, dataset)
    }

    const data = dataset
    const cases = loadCases(suite.file).map((testCase) => ({
      key: `${suite.file}/${testCase.name}`,
      testCase,
      outcome: runCase(pipeline, data, testCase, order),
    }))

    return { file: suite.file, skipReason: null, cases }
  })
}
