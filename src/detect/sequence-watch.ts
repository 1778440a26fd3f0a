import type { EcsEvent } from '../ecs/index.ts'
import type { SequenceEvaluator } from '../engine/index.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { Offered } from './offered.ts'

/** A sequence rule's first candidates, tested in full before it may pick a sentinel step. */
const WARM_UP = 128

/** Piled events no rule took that are tested before the watch judges whether to keep them. */
const UNTAKEN_SAMPLE = 256

/** The share of them that must be kept (they passed a step) for the others to be kept untested. */
const MIN_KEPT_SHARE = 0.9

/** While untaken events are kept untested, those of every this-many-th batch are still tested. */
const SAMPLED_BATCH_EVERY = 8

/**
 * The pile limit of a hunt whose inputs can be read again: far above the piles of the rules that
 * meet their sentinel on real logs (a few hundred events over the whole EVTX corpus), far below
 * the events a busy log gives a broad step (every process start of a host).
 */
export const MAX_PILE = 4096

/**
 * Spares a sequence rule the tests of its steps while it cannot complete. Most sequence rules
 * over most logs never see an event for one of their positive steps, and then nothing they hold
 * is ever used (the runner drops it all at the end). After its first {@link WARM_UP} candidates,
 * a rule that has not yet met some positive step watches that step alone (the sentinel): each
 * later candidate is tested against the sentinel only, and waits in a pile when it fails it.
 * The first event that passes the sentinel ends the watch: the pile is tested in full, as every
 * event is from then on. A rule still watching at the end completes nothing, so its pile is
 * dropped untested.
 *
 * The pile never keeps an event alive on its own for long: after each batch, the piled events no
 * rule took are tested at once and kept only if they match, as they would have been. When nearly
 * all of them match anyway (at least {@link MIN_KEPT_SHARE} of {@link UNTAKEN_SAMPLE}), the test
 * and the candidate it makes buy nothing but work: the watch then keeps them in the pile,
 * untested, as it keeps the events other rules took. The untaken events of every
 * {@link SAMPLED_BATCH_EVERY}th batch are still tested, and once fewer of a sample match, testing
 * resumes: so the pile holds at most a few batches of events that no step would have kept.
 *
 * A watch given a pile limit (the hunt's inputs can be read again) lets go of its pile once it
 * reaches the limit, and piles nothing from then on: memory no longer follows the events the rule
 * waits on. Should its sentinel pass after that, the rule cannot be finished from what it kept,
 * and the hunt runs it again by itself over the same inputs (see `Hunt.rerun`).
 */
export class SequenceWatch {
  readonly rule: CompiledRule
  readonly #sequence: SequenceEvaluator
  #tested = 0
  #seen = 0
  /** The bit of the step watched; 0 while warming up and once the watch is over. */
  #sentinel = 0
  #isOver = false
  #pile: Offered[] = []
  /** Where the pile's entries of the current batch start. */
  #batchStart = 0
  /** Whether untaken piled events stay in the pile untested (see the class comment). */
  #keepsUntaken = false
  #batches = 0
  #sampleTested = 0
  #sampleKept = 0
  /** Piled events past which the pile is let go; null: the pile is never let go. */
  readonly #pileLimit: number | null
  #hasDropped = false

  constructor(rule: CompiledRule, sequence: SequenceEvaluator, pileLimit: number | null = null) {
    this.rule = rule
    this.#sequence = sequence
    this.#pileLimit = pileLimit
  }

  /**
   * Whether the pile was let go at its limit: the rule then lacks events it may need, and must be
   * run again if its sentinel passes.
   */
  get hasDropped(): boolean {
    return this.#hasDropped
  }

  /** Whether candidates are tested against the sentinel alone. */
  get isWatching(): boolean {
    return this.#sentinel !== 0
  }

  /** The step mask bit of the sentinel step (0 when not watching): every piled event fails it. */
  get sentinel(): number {
    return this.#sentinel
  }

  /**
   * The positive steps no candidate of this watch passed, as far as it knows: while watching, the
   * sentinel; before that, the steps its fully tested candidates never met (every step when it
   * had none); none once the watch is over.
   */
  get absentSteps(): number {
    if (this.#sentinel !== 0) return this.#sentinel
    if (this.#isOver) return 0

    return this.#sequence.positiveBits & ~this.#seen
  }

  /** Notes the step mask of a candidate tested in full; ends the warm-up after enough. */
  noteTested(mask: number): void {
    if (this.#isOver) return

    this.#seen |= mask
    if (++this.#tested < WARM_UP) return

    const unmet = this.#sequence.positiveBits & ~this.#seen
    // every positive step met already: the rule may complete, so it is never watched
    if (unmet === 0) this.#isOver = true
    else this.#sentinel = unmet & -unmet
  }

  /** Whether the sentinel step passes for the document. */
  passes(source: EcsEvent): boolean {
    return this.#sequence.passesStep(this.#sentinel, source)
  }

  /**
   * Piles a candidate that failed the sentinel; true when it is the batch's first. At the pile
   * limit the whole pile is let go instead, and nothing is piled from then on (false).
   */
  hold(offered: Offered): boolean {
    if (this.#hasDropped) return false
    if (this.#pileLimit !== null && this.#pile.length >= this.#pileLimit) {
      this.#pile = []
      this.#batchStart = 0
      this.#hasDropped = true

      return false
    }

    this.#pile.push(offered)

    return this.#pile.length - this.#batchStart === 1
  }

  /** Ends the watch (the sentinel passed): returns the pile, to be tested in full. */
  release(): Offered[] {
    const pile = this.#pile
    this.#pile = []
    this.#batchStart = 0
    this.#sentinel = 0
    this.#isOver = true

    return pile
  }

  /**
   * At a batch's end, first: when the watch keeps its untaken events untested (see the class
   * comment) and this batch is not sampled, marks them held, so that other watches keep them
   * too, and returns true; {@link takeUntaken} is then not called.
   */
  keepUntaken(): boolean {
    if (!this.#keepsUntaken || ++this.#batches % SAMPLED_BATCH_EVERY === 0) return false

    for (let i = this.#batchStart; i < this.#pile.length; i++) {
      const offered = this.#pile[i]
      if (offered !== undefined && offered.hit === null) offered.isHeld = true
    }

    this.#batchStart = this.#pile.length

    return true
  }

  /**
   * At a batch's end: takes the batch's piled events that no rule took and no watch holds (they
   * would be let go otherwise) out of the pile, to be tested now; the others stay.
   */
  takeUntaken(): Offered[] {
    const untaken: Offered[] = []
    let kept = this.#batchStart
    for (let i = this.#batchStart; i < this.#pile.length; i++) {
      const offered = this.#pile[i]
      if (offered === undefined) continue

      if (offered.hit === null && !offered.isHeld) untaken.push(offered)
      else this.#pile[kept++] = offered
    }

    this.#pile.length = kept
    this.#batchStart = kept

    return untaken
  }

  /**
   * Notes how many of the untaken events {@link takeUntaken} gave were tested and how many of
   * them the rule kept; each full sample decides whether the next untaken events are kept
   * untested.
   */
  noteUntaken(tested: number, kept: number): void {
    this.#sampleTested += tested
    this.#sampleKept += kept
    if (this.#sampleTested < UNTAKEN_SAMPLE) return

    this.#keepsUntaken = this.#sampleKept >= this.#sampleTested * MIN_KEPT_SHARE
    this.#sampleTested = 0
    this.#sampleKept = 0
  }
}

/**
 * A watch for every sequence rule whose steps can be told apart, by rule position; `pileLimit`
 * as for {@link SequenceWatch}.
 */
export function sequenceWatches(
  rules: readonly CompiledRule[],
  size: number,
  pileLimit: number | null,
): (SequenceWatch | undefined)[] {
  const watches = new Array<SequenceWatch | undefined>(size).fill(undefined)
  for (const rule of rules) {
    if (rule.sequence?.canMask === true) {
      watches[rule.position] = new SequenceWatch(rule, rule.sequence, pileLimit)
    }
  }

  return watches
}
