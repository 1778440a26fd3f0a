import type { EcsEvent } from '../ecs/index.ts'
import type { SampleQuery } from '../eql/index.ts'
import type { GeneratedCase, GeneratedCases } from './cases.ts'
import type { EqlCaseSettings } from './eql-event.ts'
import { filterFormula } from './eql-filter.ts'
import { buildEvent } from './event.ts'
import { nearMisses } from './solve.ts'
import type { StepSolutions, StepSpec } from './steps.ts'
import { keyOf, passesStep, solveSteps, withOtherKey } from './steps.ts'
import { dottedEvent } from './variants.ts'

/** Cases for a sample: one event per filter sharing the join keys, and near misses. */
export function sampleCases(query: SampleQuery, settings: EqlCaseSettings): GeneratedCases {
  const specs: StepSpec[] = query.filters.map((f) => ({
    formula: filterFormula(f.filter, settings.categoryField),
    keyFields: [...query.joinKeys, ...f.joinKeys].map((k) => k.path),
    isMissing: false,
    span: f.span,
  }))
  const solved = solveSteps(specs, settings.random)
  const events = solved.solutions.map((s) => buildEvent(s?.values ?? new Map()))
  const positives: GeneratedCase[] = [
    { events, description: `${String(specs.length)} filters with shared keys` },
    {
      events: [...events].reverse().map((e) => dottedEvent(e)),
      description: 'reversed, dotted keys',
    },
  ]
  const negatives = [
    ...keyMisses(specs, solved, events, settings),
    ...filterMisses(specs, solved, events, settings),
  ]

  return {
    positives: positives.filter((c) => sampleExists(specs, c.events)),
    negatives: negatives
      .filter((c) => !sampleExists(specs, c.events))
      .slice(0, settings.maxNegatives),
  }
}

function keyMisses(
  specs: readonly StepSpec[],
  solved: StepSolutions,
  events: readonly EcsEvent[],
  settings: EqlCaseSettings,
): GeneratedCase[] {
  const last = specs[specs.length - 1]
  const other = last === undefined ? null : withOtherKey(last, solved.keyValues, 0, settings.random)
  if (other === null) return []

  return [
    {
      events: [...events.slice(0, -1), buildEvent(other)],
      description: 'join keys differ in the last filter',
    },
  ]
}

function filterMisses(
  specs: readonly StepSpec[],
  solved: StepSolutions,
  events: readonly EcsEvent[],
  settings: EqlCaseSettings,
): GeneratedCase[] {
  return specs.flatMap((spec, i) => {
    const solution = solved.solutions[i]
    if (solution === null || solution === undefined) return []
    const miss = nearMisses(spec.formula, solution, settings.random, new Set(spec.keyFields))[0]
    if (miss === undefined) return []
    const replaced = events.map((e, j) => (j === i ? buildEvent(miss.values) : e))

    return [{ events: replaced, description: `filter ${String(i + 1)} ${miss.description}` }]
  })
}

function sampleExists(specs: readonly StepSpec[], events: readonly EcsEvent[]): boolean {
  const search = (i: number, used: Set<number>, key: string | null): boolean => {
    const spec = specs[i]
    if (spec === undefined) return true

    return events.some((event, j) => {
      if (used.has(j) || !passesStep(spec, event)) return false
      const k = keyOf(spec, event)
      if (key !== null && k !== key) return false

      return search(i + 1, new Set([...used, j]), k)
    })
  }

  return search(0, new Set(), null)
}
