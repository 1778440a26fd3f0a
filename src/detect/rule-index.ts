import { compileValueReader } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'
import type { CompiledRule } from './compile-rule.ts'

interface CategoryGroup {
  readonly read: ValueReader
  readonly byCategory: Map<string, CompiledRule[]>
}

/**
 * Finds the rules an event can match without testing every rule: rules that require event
 * categories are filed under each category (per category field, for event_category_override),
 * so an event only meets the rules of its own categories plus the rules that accept any.
 */
export class RuleIndex {
  readonly #any: CompiledRule[] = []
  readonly #groups = new Map<string, CategoryGroup>()
  readonly #seen: Uint32Array
  #generation = 0

  constructor(rules: readonly CompiledRule[]) {
    let size = 0
    for (const rule of rules) {
      size = Math.max(size, rule.position + 1)
      if (rule.categories === null) {
        this.#any.push(rule)
        continue
      }

      const group = this.#group(rule.categoryField)
      for (const category of rule.categories) {
        const list = group.byCategory.get(category) ?? []
        list.push(rule)
        group.byCategory.set(category, list)
      }
    }

    this.#seen = new Uint32Array(size)
  }

  /** Calls `visit` once for every rule the event may match. */
  forCandidates(event: EcsEvent, visit: (rule: CompiledRule) => void): void {
    for (const rule of this.#any) visit(rule)
    if (this.#groups.size === 0) return

    const generation = ++this.#generation
    for (const group of this.#groups.values()) {
      const value = group.read(event)
      if (value === undefined) continue

      for (const category of Array.isArray(value) ? value : [value]) {
        if (typeof category !== 'string') continue

        for (const rule of group.byCategory.get(category) ?? []) {
          // an event with several categories meets a rule once
          if (this.#seen[rule.position] === generation) continue
          this.#seen[rule.position] = generation
          visit(rule)
        }
      }
    }
  }

  #group(field: string): CategoryGroup {
    let group = this.#groups.get(field)
    if (group === undefined) {
      group = { read: compileValueReader(field), byCategory: new Map() }
      this.#groups.set(field, group)
    }

    return group
  }
}
