import { compileValueReader } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { KeyKind } from './rule-keys.ts'

/** Rules filed under the values of one field: exact values, and prefixes and suffixes by length. */
class FieldIndex {
  readonly read: ValueReader
  /** Rules that only need the field to have a value. */
  readonly present: CompiledRule[] = []
  readonly exact = new Map<string, CompiledRule[]>()
  readonly prefixes = new Map<number, Map<string, CompiledRule[]>>()
  readonly suffixes = new Map<number, Map<string, CompiledRule[]>>()

  constructor(field: string) {
    this.read = compileValueReader(field)
  }

  add(kind: KeyKind, value: string, rule: CompiledRule): void {
    if (kind === 'exists') {
      if (!this.present.includes(rule)) this.present.push(rule)
    } else if (kind === 'exact') fileUnder(this.exact, value, rule)
    else fileUnder(byLength(kind === 'prefix' ? this.prefixes : this.suffixes, value), value, rule)
  }

  /** Calls `visit` with every rule list a lower-cased event value reaches. */
  forLists(value: string, visit: (rules: readonly CompiledRule[]) => void): void {
    const exact = this.exact.get(value)
    if (exact !== undefined) visit(exact)
    for (const [length, byValue] of this.prefixes) {
      if (length > value.length) continue

      const rules = byValue.get(value.slice(0, length))
      if (rules !== undefined) visit(rules)
    }

    for (const [length, byValue] of this.suffixes) {
      if (length > value.length) continue

      const rules = byValue.get(value.slice(value.length - length))
      if (rules !== undefined) visit(rules)
    }
  }
}

function byLength(
  maps: Map<number, Map<string, CompiledRule[]>>,
  value: string,
): Map<string, CompiledRule[]> {
  let map = maps.get(value.length)
  if (map === undefined) {
    map = new Map()
    maps.set(value.length, map)
  }

  return map
}

function fileUnder(map: Map<string, CompiledRule[]>, value: string, rule: CompiledRule): void {
  const list = map.get(value)
  if (list === undefined) map.set(value, [rule])
  else if (!list.includes(rule)) list.push(rule)
}

/** Rules filed together: visited whenever the bucket is reached, or by a field value. */
class Bucket {
  readonly plain: CompiledRule[] = []
  readonly byField = new Map<string, FieldIndex>()

  add(rule: CompiledRule): void {
    const key = rule.indexKey
    if (key === null) {
      this.plain.push(rule)

      return
    }

    for (const term of key) {
      let entry = this.byField.get(term.field)
      if (entry === undefined) {
        entry = new FieldIndex(term.field)
        this.byField.set(term.field, entry)
      }

      if (term.kind === 'exists') entry.add('exists', '', rule)
      for (const value of term.values) entry.add(term.kind, value, rule)
    }
  }
}

/**
 * Finds the rules an event can match without testing every rule. Rules that require event
 * categories are filed under each category (per category field, for event_category_override);
 * inside a category, rules that require a field value (`process.name : "cmd.exe"`) are filed
 * under that value, lowercased, and wildcard patterns under their literal prefix or suffix;
 * a rule whose query has alternatives is filed under each (see `RuleKey`). An event meets the rules of its categories and field values
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

      for (const rule of entry.present) this.#visitOnce(rule, generation, visit)
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'object') continue

        entry.forLists(String(item).toLowerCase(), (rules) => {
          for (const rule of rules) this.#visitOnce(rule, generation, visit)
        })
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
