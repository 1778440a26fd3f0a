import type { EcsEvent } from '../ecs/index.ts'
import type { SequenceEvaluator } from '../engine/index.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { Offered } from './offered.ts'

/** A sequence rule's first candidates, tested in full before it may pick a sentinel step. */
const WARM_UP = 128

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
 * The pile never keeps an event alive on its own: after each batch, the piled events no rule
 * took are tested at once and kept only if they match, as they would have been.
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

  constructor(rule: CompiledRule, sequence: SequenceEvaluator) {
    this.rule = rule
    this.#sequence = sequence
  }

  /** Whether candidates are tested against the sentinel alone. */
  get isWatching(): boolean {
    return this.#sentinel !== 0
  }

  /** The step mask bit of the sentinel step (0 when not watching): every piled event fails it. */
  get sentinel(): number {
    return this.#sentinel
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

  /** Piles a candidate that failed the sentinel; true when it is the batch's first. */
  hold(offered: Offered): boolean {
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
   * At a batch's end: takes the batch's piled events that no rule took (they would be let go
   * otherwise) out of the pile, to be tested now; the others stay.
   */
  takeUntaken(): Offered[] {
    const untaken: Offered[] = []
    let kept = this.#batchStart
    for (let i = this.#batchStart; i < this.#pile.length; i++) {
      const offered = this.#pile[i]
      if (offered === undefined) continue

      if (offered.hit === null) untaken.push(offered)
      else this.#pile[kept++] = offered
    }

    this.#pile.length = kept
    this.#batchStart = kept

    return untaken
  }
}

/** A watch for every sequence rule whose steps can be told apart, by rule position. */
export function sequenceWatches(
  rules: readonly CompiledRule[],
  size: number,
): (SequenceWatch | undefined)[] {
  const watches = new Array<SequenceWatch | undefined>(size).fill(undefined)
  for (const rule of rules) {
    if (rule.sequence?.canMask === true) {
      watches[rule.position] = new SequenceWatch(rule, rule.sequence)
    }
  }

  return watches
}
