import type { EcsEvent } from '../ecs/index.ts'
import type { SequenceQuery, SequenceStep } from '../eql/index.ts'
import type { GeneratedCase, GeneratedCases } from './cases.ts'
import type { EqlCaseSettings } from './eql-event.ts'
import { filterFormula } from './eql-filter.ts'
import { buildEvent } from './event.ts'
import { dottedEvent } from './variants.ts'
import { evaluateFormula } from './formula.ts'
import { nearMisses, solveFormula } from './solve.ts'
import type { StepSolutions, StepSpec } from './steps.ts'
import { keyAssignment, keyOf, passesStep, solveSteps, withOtherKey } from './steps.ts'

const BASE_TIME = Date.UTC(2024, 4, 1, 10, 0, 0)

function stepSpecs(
  query: SequenceQuery,
  step: SequenceStep,
  settings: EqlCaseSettings,
): StepSpec[] {
  const spec: StepSpec = {
    formula: filterFormula(step.filter, settings.categoryField),
    keyFields: [...query.joinKeys, ...step.joinKeys].map((f) => f.path),
    isMissing: step.isMissing,
    span: step.span,
  }

  return Array.from({ length: step.runs }, () => spec)
}

/** A sequence as events: one per positive step, in order, within maxspan, sharing keys. */
interface Timeline {
  readonly specs: readonly StepSpec[]
  readonly events: readonly (EcsEvent | null)[]
  readonly gap: number
  readonly maxspan: number | null
}

/** Cases for a sequence: the matching chain and near misses (a step flipped, keys, time). */
export function sequenceCases(query: SequenceQuery, settings: EqlCaseSettings): GeneratedCases {
  const specs = query.steps.flatMap((s) => stepSpecs(query, s, settings))
  const solved = solveSteps(specs, settings.random)
  const maxspan = query.maxspan?.milliseconds ?? null
  const gap =
    maxspan === null ? 1000 : Math.max(1, Math.min(1000, Math.floor(maxspan / (specs.length + 1))))
  const events = solved.solutions.map((s, i) =>
    s === null ? null : stamp(buildEvent(s.values), i * gap),
  )
  const timeline: Timeline = { specs, events, gap, maxspan }
  const chain = present(events)
  const positives: GeneratedCase[] = [
    { events: chain, description: `${String(specs.length)} steps in order` },
    { events: chain.map((e) => dottedEvent(e)), description: 'steps with dotted keys' },
    { events: withNoise(chain, specs), description: 'steps with unrelated events between them' },
  ]
  const negatives = [
    ...stepMisses(timeline, solved, settings),
    ...keyMiss(timeline, solved, settings),
    ...timeMisses(timeline),
    ...untilMiss(query, timeline, solved, settings),
  ].filter((c) => c.description.startsWith('until') || !chainExists(timeline, c.events))

  return {
    positives: positives.filter((p) => chainExists(timeline, p.events)),
    negatives: negatives.slice(0, settings.maxNegatives),
  }
}

const NOISE: EcsEvent = { event: { category: ['noise'] }, message: 'unrelated event' }

// an unrelated event at the time of each step, pushed after it: it passes no step, so it cannot break the chain
function withNoise(chain: readonly EcsEvent[], specs: readonly StepSpec[]): EcsEvent[] {
  if (specs.some((s) => passesStep(s, NOISE))) return [...chain]

  return chain.flatMap((e) => [e, { ...NOISE, '@timestamp': e['@timestamp'] }])
}

function stamp(event: EcsEvent, offset: number): EcsEvent {
  return { ...event, '@timestamp': new Date(BASE_TIME + offset).toISOString() }
}

function present(events: readonly (EcsEvent | null)[]): EcsEvent[] {
  return events.filter((e): e is EcsEvent => e !== null)
}

// `runs=N` repeats one spec: flipping its first occurrence is enough
function stepMisses(
  timeline: Timeline,
  solved: StepSolutions,
  settings: EqlCaseSettings,
): GeneratedCase[] {
  return timeline.specs.flatMap((spec, i) => {
    const solution = solved.solutions[i]
    if (solution === null || solution === undefined || timeline.specs.indexOf(spec) !== i) return []
    const miss = nearMisses(spec.formula, solution, settings.random, new Set(spec.keyFields))[0]
    if (miss === undefined) return []
    const events = timeline.events.map((e, j) =>
      j === i ? stamp(buildEvent(miss.values), i * timeline.gap) : e,
    )

    return [{ events: present(events), description: `step ${String(i + 1)} ${miss.description}` }]
  })
}

function keyMiss(
  timeline: Timeline,
  solved: StepSolutions,
  settings: EqlCaseSettings,
): GeneratedCase[] {
  const last = lastPresent(timeline)
  const spec = timeline.specs[last]
  if (spec === undefined || spec.keyFields.length === 0) return []

  for (let k = 0; k < spec.keyFields.length; k++) {
    const values = withOtherKey(spec, solved.keyValues, k, settings.random)
    if (values === null) continue
    const events = timeline.events.map((e, j) =>
      j === last ? stamp(buildEvent(values), j * timeline.gap) : e,
    )
    const field = spec.keyFields[k] ?? ''

    return [{ events: present(events), description: `join key ${field} differs in the last step` }]
  }

  return []
}

function lastPresent(timeline: Timeline): number {
  for (let i = timeline.events.length - 1; i >= 0; i--) if (timeline.events[i] !== null) return i

  return -1
}

function timeMisses(timeline: Timeline): GeneratedCase[] {
  const out: GeneratedCase[] = []
  const last = lastPresent(timeline)
  const lastEvent = timeline.events[last]
  if (timeline.maxspan !== null && lastEvent !== null && lastEvent !== undefined) {
    const late = stamp(lastEvent, timeline.maxspan + timeline.gap * (last + 1))
    const events = timeline.events.map((e, j) => (j === last ? late : e))
    out.push({ events: present(events), description: 'the last step falls outside maxspan' })
  }

  const chain = present(timeline.events)
  if (chain.length > 1) {
    const reversed = chain.map((e, i) => stamp(e, (chain.length - 1 - i) * timeline.gap))
    out.push({ events: reversed, description: 'the steps arrive in reverse order' })
  }

  return out
}

function untilMiss(
  query: SequenceQuery,
  timeline: Timeline,
  solved: StepSolutions,
  settings: EqlCaseSettings,
): GeneratedCase[] {
  const until = query.until
  const chain = timeline.events
  const first = chain[0]
  if (until === null || chain.length < 2 || first === null || first === undefined) return []

  const spec = stepSpecs(query, until, settings)[0]
  if (spec === undefined) return []
  const solution = solveFormula(
    spec.formula,
    settings.random,
    keyAssignment(spec, solved.keyValues),
  )
  if (solution === null) return []
  const event = stamp(buildEvent(solution.values), Math.floor(timeline.gap / 2))
  if (timeline.specs.some((s) => evaluateFormula(s.formula, event))) return []
  const events = [first, event, ...chain.slice(1)]

  return [
    {
      events: present(events),
      description: 'until an event ends the sequence after the first step',
    },
  ]
}

/**
 * Whether some events, in time order, fill every positive step with equal keys inside maxspan.
 * For a given first event the earliest fit for each next step is optimal, so a greedy scan from
 * every candidate start decides it.
 */
function chainExists(timeline: Timeline, events: readonly EcsEvent[]): boolean {
  const steps = timeline.specs.filter((s) => !s.isMissing)
  const ordered = [...events].sort((a, b) => time(a) - time(b))
  const cache = new Map<StepSpec, boolean[]>()
  const passes = (spec: StepSpec, i: number): boolean => {
    let row = cache.get(spec)
    if (row === undefined) {
      row = ordered.map((e) => passesStep(spec, e))
      cache.set(spec, row)
    }

    return row[i] === true
  }

  return ordered.some((_e, start) => greedyFrom(timeline, steps, ordered, start, passes))
}

function greedyFrom(
  timeline: Timeline,
  steps: readonly StepSpec[],
  ordered: readonly EcsEvent[],
  start: number,
  passes: (spec: StepSpec, i: number) => boolean,
): boolean {
  const first = steps[0]
  const startEvent = ordered[start]
  if (first === undefined || startEvent === undefined || !passes(first, start)) return false

  const key = keyOf(first, startEvent)
  const begin = time(startEvent)
  let at = start
  for (const spec of steps.slice(1)) {
    let next = at + 1
    while (next < ordered.length && !fits(spec, ordered[next], next)) next++
    if (next >= ordered.length) return false
    at = next
  }

  return true

  function fits(spec: StepSpec, event: EcsEvent | undefined, i: number): boolean {
    if (event === undefined || !passes(spec, i) || keyOf(spec, event) !== key) return false

    return timeline.maxspan === null || time(event) - begin <= timeline.maxspan
  }
}

function time(event: EcsEvent): number {
  return Date.parse(String(event['@timestamp']))
}
