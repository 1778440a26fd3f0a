import { CharTrie } from '../compile/index.ts'
import { compileValueReader } from '../ecs/index.ts'
import type { EcsEvent, ValueReader } from '../ecs/index.ts'
import { InfixIndex } from './infix-index.ts'
import { LoweredReads } from './lowered-reads.ts'
import type { LoweredField } from './lowered-reads.ts'
import type { CompiledRule } from './compile-rule.ts'
import type { KeyKind, KeyTerm, RuleKey } from './rule-keys.ts'

/**
 * One key set of a rule, filed under the terms of its most selective key; the event must then
 * also hold the set's other keys (`rest`, null when there are none), checked only on a hit.
 */
interface Slot {
  readonly rule: CompiledRule
  readonly rest: EventCheck | null
}

type EventCheck = (event: EcsEvent) => boolean

type SlotMap = Map<string, Slot[]>

const IGNORE = (): void => undefined

type AffixNode = CharTrie<Slot>

// walks the value from its start (or end) as far as the trie goes, so a value costs at most its
// length in lookups, however many affixes there are
function walkAffixes(
  root: AffixNode,
  value: string,
  isReversed: boolean,
  hit: (slots: readonly Slot[]) => void,
): void {
  let node: AffixNode | undefined = root
  for (let i = 0; i < value.length && node !== undefined; i++) {
    node = node.children.get(value.charCodeAt(isReversed ? value.length - 1 - i : i))
    if (node !== undefined && node.items.length > 0) hit(node.items)
  }
}

/** Slots filed under the values of one field: exact values, prefix and suffix tries, infixes. */
class FieldIndex {
  readonly values: LoweredField
  /** Keys that only need the field to have a value. */
  readonly present: Slot[] = []
  readonly exact: SlotMap = new Map()
  #prefixes: AffixNode | null = null
  #suffixes: AffixNode | null = null
  #infixes: InfixIndex<Slot> | null = null

  constructor(values: LoweredField) {
    this.values = values
  }

  add(kind: KeyKind, value: string, slot: Slot): void {
    if (kind === 'exists') addSlot(this.present, slot)
    else if (kind === 'exact') fileUnder(this.exact, value, slot)
    else if (kind === 'prefix')
      addSlot(CharTrie.nodeFor((this.#prefixes ??= new CharTrie()), value, false).items, slot)
    else if (kind === 'suffix')
      addSlot(CharTrie.nodeFor((this.#suffixes ??= new CharTrie()), value, true).items, slot)
    else addSlot((this.#infixes ??= new InfixIndex()).itemsOf(value), slot)
  }

  /** Calls `hit` with every slot list a lower-cased event value reaches. */
  forSlots(value: string, hit: (slots: readonly Slot[]) => void): void {
    const exact = this.exact.get(value)
    if (exact !== undefined) hit(exact)
    if (this.#prefixes !== null) walkAffixes(this.#prefixes, value, false, hit)
    if (this.#suffixes !== null) walkAffixes(this.#suffixes, value, true, hit)
    if (this.#infixes !== null) this.#infixes.forEach(value, hit)
  }
}

function fileUnder(map: SlotMap, value: string, slot: Slot): void {
  const list = map.get(value)
  if (list === undefined) map.set(value, [slot])
  else addSlot(list, slot)
}

function addSlot(list: Slot[], slot: Slot): void {
  if (!list.includes(slot)) list.push(slot)
}

/** Rules filed together: visited whenever the bucket is reached, or once their keys are held. */
class Bucket {
  readonly plain: CompiledRule[] = []
  readonly byField = new Map<string, FieldIndex>()
  /** The values of `byField`, walked for every event: an array walks faster than a map. */
  readonly fields: FieldIndex[] = []
  readonly #reads: LoweredReads

  constructor(reads: LoweredReads) {
    this.#reads = reads
  }

  add(rule: CompiledRule): void {
    if (rule.indexKeys.length === 0) {
      this.plain.push(rule)

      return
    }

    // reading a field costs every event; checking the others costs only the events that hit
    for (const [primary, ...others] of rule.indexKeys) {
      // an empty key set is held by every event
      if (primary === undefined) {
        this.plain.push(rule)
        continue
      }

      const rest = others.length === 0 ? null : compileKeysCheck(others, this.#reads)
      this.#addKey(primary, { rule, rest })
    }
  }

  #addKey(key: RuleKey, slot: Slot): void {
    for (const term of key) {
      let entry = this.byField.get(term.field)
      if (entry === undefined) {
        entry = new FieldIndex(this.#reads.field(term.field))
        this.byField.set(term.field, entry)
        this.fields.push(entry)
      }

      if (term.kind === 'exists') entry.add('exists', '', slot)
      for (const value of term.values) entry.add(term.kind, value, slot)
    }
  }
}

/**
 * Finds the rules an event can match without testing every rule. Rules that require event
 * categories are filed under each category (per category field, for event_category_override);
 * inside a category, each key set of a rule (`RuleKey`s: field values, lowercased, wildcard
 * patterns' literal prefixes, suffixes or infixes, fields that must be present) is filed under its most
 * selective key, and an event that holds that key meets the rule once it holds the set's other
 * keys too. Only the fields of filed keys are read from every event. An event meets the rules of its
 * categories it holds the keys of, plus the rules with neither, so the cost follows the rules
 * that could match.
 */
export class RuleIndex {
  readonly #reads = new LoweredReads()
  readonly #any = new Bucket(this.#reads)
  readonly #groups = new Map<string, { read: ValueReader; byCategory: Map<string, Bucket> }>()
  /** Per rule: the generation (event number, from the lowered reads) it was last visited in. */
  readonly #visited: Uint32Array
  /** The visitor and event being indexed (forCandidates is not re-entered). */
  #visit: (rule: CompiledRule) => void = IGNORE
  #event: EcsEvent = {}

  constructor(rules: readonly CompiledRule[]) {
    let size = 0
    for (const rule of rules) size = Math.max(size, rule.position + 1)

    this.#visited = new Uint32Array(size)
    for (const rule of rules) {
      if (rule.categories === null) this.#any.add(rule)
      else
        for (const category of rule.categories) this.#bucket(rule.categoryField, category).add(rule)
    }
  }

  /** Calls `visit` once for every rule the event may match. */
  forCandidates(event: EcsEvent, visit: (rule: CompiledRule) => void): void {
    if (this.#reads.advance()) this.#visited.fill(0)
    this.#visit = visit
    this.#event = event
    this.#visitBucket(this.#any, event)
    for (const group of this.#groups.values()) {
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

  // runs for every field the bucket indexes, on every event: no closure and no array is built
  // here (the slot callback is made once per index, a single value is not wrapped)
  #visitBucket(bucket: Bucket, event: EcsEvent): void {
    for (const rule of bucket.plain) this.#visitOnce(rule)
    for (const entry of bucket.fields) {
      if (!entry.values.isPresent(event)) continue

      if (entry.present.length > 0) this.#hit(entry.present)
      for (const text of entry.values.texts(event)) entry.forSlots(text, this.#hit)
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

  #bucket(field: string, category: string): Bucket {
    let group = this.#groups.get(field)
    if (group === undefined) {
      group = { read: compileValueReader(field), byCategory: new Map() }
      this.#groups.set(field, group)
    }

    let bucket = group.byCategory.get(category)
    if (bucket === undefined) {
      bucket = new Bucket(this.#reads)
      group.byCategory.set(category, bucket)
    }

    return bucket
  }
}

/** The check that an event holds every one of `keys` (each: some of its terms). */
function compileKeysCheck(keys: readonly RuleKey[], reads: LoweredReads): EventCheck {
  const checks = keys.map((key) => compileKeyCheck(key, reads))
  if (checks.length === 1) return checks[0] ?? (() => true)

  return (event) => {
    for (const check of checks) if (!check(event)) return false

    return true
  }
}

function compileKeyCheck(key: RuleKey, reads: LoweredReads): EventCheck {
  const checks = key.map((term) => compileTermCheck(term, reads))
  if (checks.length === 1) return checks[0] ?? (() => false)

  return (event) => {
    for (const check of checks) if (check(event)) return true

    return false
  }
}

// the same reading of a value as the index's own: lower-cased scalars, array items one by one
function compileTermCheck(term: KeyTerm, reads: LoweredReads): EventCheck {
  const field = reads.field(term.field)
  if (term.kind === 'exists') return (event) => field.isPresent(event)

  const values = term.values
  const exact = new Set(values)
  const test: (text: string) => boolean =
    term.kind === 'exact'
      ? (text) => exact.has(text)
      : term.kind === 'prefix'
        ? (text) => values.some((v) => text.startsWith(v))
        : term.kind === 'suffix'
          ? (text) => values.some((v) => text.endsWith(v))
          : (text) => values.some((v) => text.includes(v))

  return (event) => {
    for (const text of field.texts(event)) if (test(text)) return true

    return false
  }
}
