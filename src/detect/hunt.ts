import { cacheReadsOf, getFieldValue } from '../ecs/index.ts'
import { parseTimestamp } from '../engine/index.ts'
import { descendsFromRule } from './ancestry.ts'
import type { Candidate } from './candidate.ts'
import { stepMaskOf, windowTimeOf } from './candidate.ts'
import type { CompiledRule } from './compile-rule.ts'
import { engineFor, EventHit, NOTHING_OFFERED } from './offered.ts'
import type { HuntEvent, Offered } from './offered.ts'
import { RuleBatch } from './rule-batch.ts'
import { RuleIndex } from './rule-index.ts'
import { ruleResult } from './rule-result.ts'
import type { TimeSpan } from './rule-result.ts'
import { MAX_PILE, sequenceWatches } from './sequence-watch.ts'
import { resultOf } from './hunt-result.ts'
import type { HuntResult, RuleResult } from './hunt-result.ts'
import type { SequenceWatch } from './sequence-watch.ts'
import type { HuntOptions } from './hunt-options.ts'
import { absorbHarvest, harvestOf, watchReportsOf } from './shard.ts'
import type { Harvest, WatchReport, WatchVerdicts } from './shard.ts'

/**
 * Events whose candidate rules wait to be tested together (see {@link RuleBatch}); measured on the
 * bench events, 256 gave most of the gain and 2,048 little more, while every waiting event stays
 * in memory (and in the young generation) until its batch runs.
 */
const BATCH_EVENTS = 512

export type { HuntEvent } from './offered.ts'
export type { HuntOptions } from './hunt-options.ts'
export type { HuntResult, RuleOutcome, RuleResult } from './hunt-result.ts'
export { mergeInOrder, mergeResults, outcomeOf, resultOf } from './hunt-result.ts'

/**
 * Runs many rules over one stream of events in a single pass: each event is offered once, and
 * only to the rules whose categories and index patterns it fits; matches are kept per rule and
 * turned into alerts at the end, in one search (default) or per scheduled execution (replay).
 */
export class Hunt {
  readonly #rules: readonly CompiledRule[]
  readonly #index: RuleIndex
  readonly #options: HuntOptions
  readonly #candidates: Candidate[][]
  readonly #batch: RuleBatch<Offered>
  /** Per rule position: the watch of a sequence rule (see {@link SequenceWatch}). */
  readonly #watches: (SequenceWatch | undefined)[]
  /** The watches that piled events in the current batch. */
  readonly #piling: SequenceWatch[] = []
  /** The rules to run again (see {@link rerun}), and a mark per rule position. */
  readonly #rerun: CompiledRule[] = []
  readonly #isRerun: Uint8Array
  #batchEvents = 0
  #ordinal = 0
  /** Candidates came from other shards too: each rule's are put back in input order at the end. */
  #isMerged = false
  #offered: Offered = NOTHING_OFFERED
  #matches = 0
  #tested = 0
  #first = Number.POSITIVE_INFINITY
  #last = Number.NEGATIVE_INFINITY

  constructor(rules: readonly CompiledRule[], options: HuntOptions) {
    this.#rules = rules
    this.#index = new RuleIndex(rules)
    this.#options = options
    // indexed by position: a worker's share of the rules keeps the positions of the whole list
    const size = rules.reduce((most, rule) => Math.max(most, rule.position + 1), 0)
    this.#candidates = Array.from({ length: size }, () => [])
    this.#batch = new RuleBatch(size)
    this.#isRerun = new Uint8Array(size)
    // a replay tests every step: its windows are laid out from the times of all the candidates
    const pileLimit = options.rereadable === true ? MAX_PILE : null
    this.#watches = sequenceWatches(options.mode === 'all' ? rules : [], size, pileLimit)
  }

  /**
   * The sequence rules this pass cannot finish: each let go of events it held (see
   * {@link HuntOptions.rereadable}) and then met the rare step it waited on. They are left out of
   * the results; a hunt of these rules alone over the same inputs gives theirs. The events still
   * waiting in the batch are tested first, as they may add one.
   */
  get rerun(): readonly CompiledRule[] {
    this.#testBatch()

    return this.#rerun
  }

  /**
   * Events matched by some rule so far (an estimate of alerts, before de-duplication); the
   * events of the batch not yet tested are not counted.
   */
  get matches(): number {
    return this.#matches
  }

  /** Rule tests so far: one per event and rule the index could not rule out. */
  get rulesTested(): number {
    return this.#tested
  }

  /**
   * Offers one event to every rule it may match. The rule index picks its candidate rules now;
   * they test it with the rest of its batch, at the latest when the hunt finishes.
   */
  push(event: HuntEvent): void {
    // the index reads many fields of this event, some of them more than once: read each once
    cacheReadsOf(event.source)
    try {
      this.#offer(event)
    } finally {
      cacheReadsOf(null)
    }

    if (++this.#batchEvents >= BATCH_EVENTS) this.#testBatch()
  }

  #offer(event: HuntEvent): void {
    const baseTime = parseTimestamp(firstOf(getFieldValue(event.source, '@timestamp')))
    this.#track(baseTime)
    const ordinal = this.#ordinal++
    this.#offered = { event, ordinal, baseTime, hit: null, engine: null, isHeld: false }
    this.#index.forCandidates(event.source, this.#wait)
    this.#offered = NOTHING_OFFERED
  }

  // one rule the index could not rule out for the event on offer (a field, not a closure made
  // per event: the index calls it for every candidate rule)
  readonly #wait = (rule: CompiledRule): void => {
    this.#tested++
    this.#batch.add(rule, this.#offered)
  }

  #testBatch(): void {
    this.#batchEvents = 0
    this.#batch.drain(this.#consider)
    // the watches that keep their untaken events go first: the others then keep those too
    const testing = this.#piling.filter((watch) => !watch.keepUntaken())
    for (const watch of testing) this.#testUntaken(watch)

    this.#piling.length = 0
  }

  // the watch's piled events of the batch that no rule took, tested now unless it keeps them
  #testUntaken(watch: SequenceWatch): void {
    const untaken = watch.takeUntaken()
    if (untaken.length === 0) return

    const candidates = this.#candidates[watch.rule.position] ?? []
    const before = candidates.length
    for (const offered of untaken) this.#test(watch.rule, offered, watch.sentinel)
    watch.noteUntaken(untaken.length, candidates.length - before)
  }

  // one rule's test of one event of the batch (a field, not a closure made per batch); a watched
  // sequence rule tests its sentinel step first
  readonly #consider = (rule: CompiledRule, offered: Offered): void => {
    if (this.#isRerun[rule.position] === 1) return

    const watch = this.#watches[rule.position]
    if (watch === undefined) {
      this.#test(rule, offered, 0)

      return
    }

    if (watch.isWatching) {
      if (!rule.indexMatches(offered.event.index)) return
      if (!watch.passes(offered.event.source)) {
        if (watch.hold(offered)) this.#piling.push(watch)

        return
      }

      if (watch.hasDropped) {
        this.#markRerun(rule)

        return
      }

      const failed = watch.sentinel
      for (const held of watch.release()) this.#test(rule, held, failed)
    }

    watch.noteTested(this.#test(rule, offered, 0))
  }

  // the rule is done with in this pass: what it kept is let go
  #markRerun(rule: CompiledRule): void {
    this.#isRerun[rule.position] = 1
    this.#rerun.push(rule)
    this.#candidates[rule.position] = []
    this.#watches[rule.position] = undefined
  }

  // tests the rule's query, filters and window on the event and keeps it as a candidate when
  // they pass; returns the step mask (0 when the query does not match). `failedStep`: the bit of
  // a sequence step the event is known to fail (0 for none)
  #test(rule: CompiledRule, offered: Offered, failedStep: number): number {
    const { event, baseTime } = offered
    const { source } = event
    if (!rule.indexMatches(event.index)) return 0

    const stepMask = stepMaskOf(rule, source, failedStep)
    if (stepMask === 0 || !rule.gate(source)) return stepMask

    const windowTime = windowTimeOf(rule.rule, source, baseTime)
    if (!this.#isInRange(windowTime) || descendsFromRule(source, rule.uuid)) return stepMask

    this.#track(windowTime)
    offered.hit ??= new EventHit(event)
    this.#candidates[rule.position]?.push({
      hit: offered.hit,
      windowTime,
      baseTime,
      ordinal: offered.ordinal,
      engine: rule.plan === null ? null : engineFor(rule, offered),
      stepMask,
    })
    this.#matches++

    return stepMask
  }

  /**
   * Where the ordinals of the next events start. A shard of a hunt over threads numbers its events
   * by their place in the whole input, so that merged candidates keep the input's order.
   */
  seek(ordinal: number): void {
    this.#ordinal = ordinal
  }

  /** What each watched sequence rule knows it never met, once every event read is tested. */
  watchReports(): WatchReport[] {
    this.#testBatch()

    return watchReportsOf(this.#watches, this.#rerun)
  }

  /**
   * Applies the verdicts on every shard's watches (see `judgeWatches`): a dead rule lets go of
   * what it kept, a rerun rule is left to {@link rerun}, and every other watch still watching
   * tests its pile in full, as a single pass would have once its sentinel passed.
   */
  settle(verdicts: WatchVerdicts): void {
    const dead = new Set(verdicts.dead)
    const rerun = new Set(verdicts.rerun)
    this.#watches.forEach((watch, position) => {
      if (watch === undefined) return

      if (dead.has(position)) {
        this.#candidates[position] = []
        this.#watches[position] = undefined
      } else if (rerun.has(position) || watch.hasDropped) this.#markRerun(watch.rule)
      else if (watch.isWatching) {
        const failed = watch.sentinel
        for (const held of watch.release()) this.#test(watch.rule, held, failed)
      }
    })
  }

  /** Hands over every candidate as plain data (see `Harvest`), and lets go of them. */
  harvest(): Harvest {
    this.#testBatch()
    const harvest = harvestOf(this.#candidates, this.#span(), this.#matches)
    for (let position = 0; position < this.#candidates.length; position++)
      this.#candidates[position] = []

    return harvest
  }

  /** Takes in another shard's candidates, and the event times it saw. */
  absorb(harvest: Harvest): void {
    this.#testBatch()
    const byPosition = new Map(this.#rules.map((rule) => [rule.position, rule]))
    absorbHarvest(harvest, byPosition, this.#candidates)
    this.#first = Math.min(this.#first, harvest.first)
    this.#last = Math.max(this.#last, harvest.last)
    this.#matches += harvest.matches
    this.#isMerged = true
  }

  /** Builds the alerts of every rule (but those of {@link rerun}). */
  finish(): HuntResult {
    return resultOf(this.finishEach())
  }

  /** The first and last event times seen (in range), which lay out replayed executions. */
  get span(): TimeSpan {
    this.#testBatch()

    return this.#span()
  }

  /**
   * Builds the alerts of each rule apart, in rule order (what a worker hands back). Workers that
   * each hold a share of the rules pass the span of the whole input, so replays line up. Each
   * rule lets go of its candidates once its alerts are built, so the events no rule still needs
   * can be collected while the next rules' alerts are made: a hunt finishes once.
   */
  finishEach(span?: TimeSpan): RuleResult[] {
    return [...this.eachResult(span)]
  }

  /**
   * {@link finishEach} one rule at a time: a rule's alerts are built when its result is asked
   * for, so a caller that writes them and lets go holds one rule's alerts at a time.
   */
  *eachResult(span?: TimeSpan): Generator<RuleResult> {
    this.#testBatch()
    const { mode, now } = this.#options
    const context = { mode, now, seen: this.#span(), laidOut: span ?? this.#span() }
    for (const rule of this.#rules) {
      if (this.#isRerun[rule.position] === 1) continue

      const candidates = this.#candidates[rule.position] ?? []
      if (this.#isMerged) candidates.sort((a, b) => a.ordinal - b.ordinal)
      this.#candidates[rule.position] = []
      this.#watches[rule.position] = undefined
      yield ruleResult(rule, candidates, context)
    }
  }

  #span(): TimeSpan {
    return { first: this.#first, last: this.#last }
  }

  #track(time: number): void {
    if (Number.isNaN(time) || !this.#isInRange(time)) return
    if (time < this.#first) this.#first = time
    if (time > this.#last) this.#last = time
  }

  #isInRange(time: number): boolean {
    const { since, until } = this.#options
    if (since === undefined && until === undefined) return true
    if (Number.isNaN(time)) return false

    return (since === undefined || time >= since) && (until === undefined || time <= until)
  }
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value
}
