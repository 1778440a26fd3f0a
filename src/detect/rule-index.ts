import { compileValueReader } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'
import type { CompiledRule } from './compile-rule.ts'

/** Rules filed together: visited whenever the bucket is reached, or by a field value. */
class Bucket {
  readonly plain: CompiledRule[] = []
  readonly byField = new Map<string, { read: ValueReader; byValue: Map<string, CompiledRule[]> }>()

  add(rule: CompiledRule): void {
    const key = rule.valueKey
    if (key === null) {
      this.plain.push(rule)

      return
    }

    let entry = this.byField.get(key.field)
    if (entry === undefined) {
      entry = { read: compileValueReader(key.field), byValue: new Map() }
      this.byField.set(key.field, entry)
    }

    for (const value of key.values) {
      const list = entry.byValue.get(value) ?? []
      list.push(rule)
      entry.byValue.set(value, list)
    }
  }
}

/**
 * Finds the rules an event can match without testing every rule. Rules that require event
 * categories are filed under each category (per category field, for event_category_override);
 * inside a category, rules that require a field value (`process.name : "cmd.exe"`) are filed
 * under that value, lowercased. An event meets the rules of its categories and field values
 * plus the rules that require neither, so the cost follows the rules that could match.
 */
export class RuleIndex {
  readonly #any = new Bucket()
  readonly #groups = new Map<string, { read: ValueReader; byCategory: Map<string, Bucket> }>()
  readonly #seen: Uint32Array
  #generation = 0

  constructor(rules: readonly CompiledRule[]) {
    let size = 0
    for (const rule of rules) {
      size = Math.max(size, rule.position + 1)
      if (rule.categories === null) this.#any.add(rule)
      else
        for (const category of rule.categories) this.#bucket(rule.categoryField, category).add(rule)
    }

    this.#seen = new Uint32Array(size)
  }

  /** Calls `visit` once for every rule the event may match. */
  forCandidates(event: EcsEvent, visit: (rule: CompiledRule) => void): void {
    const generation = ++this.#generation
    this.#visitBucket(this.#any, event, generation, visit)
    for (const group of this.#groups.values()) {
      const value = group.read(event)
      if (value === undefined) continue

      for (const category of Array.isArray(value) ? value : [value]) {
        const bucket = typeof category === 'string' ? group.byCategory.get(category) : undefined
        if (bucket !== undefined) this.#visitBucket(bucket, event, generation, visit)
      }
    }
  }

  #visitBucket(
    bucket: Bucket,
    event: EcsEvent,
    generation: number,
    visit: (rule: CompiledRule) => void,
  ): void {
    for (const rule of bucket.plain) this.#visitOnce(rule, generation, visit)
    for (const entry of bucket.byField.values()) {
      const value = entry.read(event)
      if (value === undefined) continue

      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'object') continue

        const rules = entry.byValue.get(String(item).toLowerCase())
        if (rules !== undefined) for (const rule of rules) this.#visitOnce(rule, generation, visit)
      }
    }
  }

  // an event with several categories or key values meets a rule once
  #visitOnce(rule: CompiledRule, generation: number, visit: (rule: CompiledRule) => void): void {
    if (this.#seen[rule.position] === generation) return

    this.#seen[rule.position] = generation
    visit(rule)
  }

  #bucket(field: string, category: string): Bucket {
    let group = this.#groups.get(field)
    if (group === undefined) {
      group = { read: compileValueReader(field), byCategory: new Map() }
      this.#groups.set(field, group)
    }

    let bucket = group.byCategory.get(category)
    if (bucket === undefined) {
      bucket = new Bucket()
      group.byCategory.set(category, bucket)
    }

    return bucket
  }
}
