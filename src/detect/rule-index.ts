import { compileValueReader, mayHoldRoot } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'
import { Bucket, PARTITION_FIELD } from './rule-bucket.ts'
import type { Partition, Slot } from './rule-bucket.ts'
import { LoweredReads } from './lowered-reads.ts'
import type { CompiledRule } from './compile-rule.ts'

export { PARTITION_FIELD } from './rule-bucket.ts'

const IGNORE = (): void => undefined

/**
 * Finds the rules an event can match without testing every rule. Rules that require event
 * categories are filed under each category (per category field, for event_category_override);
 * inside a category, each key set of a rule (`RuleKey`s: field values, lowercased, wildcard
 * patterns' literal prefixes, suffixes or infixes, fields that must be present) is filed under
 * its most selective key, and an event that holds that key meets the rule once it holds the
 * set's other keys too. Key sets that need some values of the operating system's type are filed
 * apart under each value (see {@link PARTITION_FIELD}). Only the fields of filed keys are read
 * from every event. An event meets the rules of its categories it holds the keys of, plus the
 * rules with neither, so the cost follows the rules that could match.
 */
export class RuleIndex {
  readonly #reads = new LoweredReads()
  readonly #partitionValues = this.#reads.field(PARTITION_FIELD)
  readonly #any: Bucket
  readonly #groups: { read: ValueReader; byCategory: Map<string, Bucket> }[] = []
  /** Per rule: the generation (event number, from the lowered reads) it was last visited in. */
  readonly #visited: Uint32Array
  /** The visitor and event being indexed (forCandidates is not re-entered). */
  #visit: (rule: CompiledRule) => void = IGNORE
  #event: EcsEvent = {}

  constructor(rules: readonly CompiledRule[]) {
    let size = 0
    for (const rule of rules) size = Math.max(size, rule.position + 1)

    this.#visited = new Uint32Array(size)
    this.#any = new Bucket(
      rules.filter((rule) => rule.categories === null),
      this.#reads,
    )
    for (const [field, byCategory] of rulesByCategory(rules)) {
      const buckets = new Map<string, Bucket>()
      for (const [category, filed] of byCategory)
        buckets.set(category, new Bucket(filed, this.#reads))
      this.#groups.push({ read: compileValueReader(field), byCategory: buckets })
    }
  }

  /** Calls `visit` once for every rule the event may match. */
  forCandidates(event: EcsEvent, visit: (rule: CompiledRule) => void): void {
    if (this.#reads.advance()) this.#visited.fill(0)
    this.#visit = visit
    this.#event = event
    this.#visitBucket(this.#any, event)
    for (const group of this.#groups) {
      const value = group.read(event)
      if (value === undefined) continue

      if (!Array.isArray(value)) {
        this.#visitCategory(group.byCategory, value, event)

        continue
      }

      for (const category of value) this.#visitCategory(group.byCategory, category, event)
    }

    this.#visit = IGNORE
    this.#event = {}
  }

  #visitCategory(byCategory: Map<string, Bucket>, category: unknown, event: EcsEvent): void {
    const bucket = typeof category === 'string' ? byCategory.get(category) : undefined
    if (bucket !== undefined) this.#visitBucket(bucket, event)
  }

  // the partitions of the event's values of the partition field, or the bucket's rest
  #visitBucket(bucket: Bucket, event: EcsEvent): void {
    let isVisited = false
    if (bucket.byValue.size > 0) {
      for (const text of this.#partitionValues.texts(event)) {
        const partition = bucket.byValue.get(text)
        if (partition === undefined) continue

        this.#visitPartition(partition, event)
        isVisited = true
      }
    }

    if (!isVisited) this.#visitPartition(bucket.rest, event)
  }

  // runs for every field the partition indexes, on every event: no closure and no array is built
  // here (the slot callback is made once per index, a single value is not wrapped)
  #visitPartition(partition: Partition, event: EcsEvent): void {
    for (const rule of partition.plain) this.#visitOnce(rule)
    for (const { root, fields } of partition.roots) {
      if (!mayHoldRoot(event, root)) continue

      for (const entry of fields) {
        if (!entry.values.isPresent(event)) continue

        if (entry.present.length > 0) this.#hit(entry.present)
        for (const text of entry.values.texts(event)) entry.forSlots(text, this.#hit)
      }
    }
  }

  readonly #hit = (slots: readonly Slot[]): void => {
    const generation = this.#reads.generation
    for (const slot of slots) {
      if (this.#visited[slot.rule.position] === generation) continue
      if (slot.rest === null || slot.rest(this.#event)) this.#visitOnce(slot.rule)
    }
  }

  #visitOnce(rule: CompiledRule): void {
    if (this.#visited[rule.position] === this.#reads.generation) return

    this.#visited[rule.position] = this.#reads.generation
    this.#visit(rule)
  }
}

// the rules that require categories, by category field and then by category, in rule order
function rulesByCategory(rules: readonly CompiledRule[]): Map<string, Map<string, CompiledRule[]>> {
  const groups = new Map<string, Map<string, CompiledRule[]>>()
  for (const rule of rules) {
    if (rule.categories === null) continue

    let byCategory = groups.get(rule.categoryField)
    if (byCategory === undefined) {
      byCategory = new Map()
      groups.set(rule.categoryField, byCategory)
    }

    for (const category of rule.categories) {
      const filed = byCategory.get(category)
      if (filed === undefined) byCategory.set(category, [rule])
      else if (!filed.includes(rule)) filed.push(rule)
    }
  }

  return groups
}
