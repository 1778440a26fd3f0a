import { topLevelKey } from '../ecs/index.ts'
import { CharTrie } from '../compile/index.ts'
import { InfixIndex } from './infix-index.ts'
import type { LoweredField, LoweredReads } from './lowered-reads.ts'
import type { CompiledRule } from './compile-rule.ts'
import { compileKeysCheck } from './key-checks.ts'
import type { EventCheck } from './key-checks.ts'
import type { KeyKind, KeySet, RuleKey } from './rule-keys.ts'

/**
 * One key set of a rule, filed under the terms of its most selective key; the event must then
 * also hold the set's other keys (`rest`, null when there are none), checked only on a hit.
 */
export interface Slot {
  readonly rule: CompiledRule
  readonly rest: EventCheck | null
}

type SlotMap = Map<string, Slot[]>

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
    node = node.child(value.charCodeAt(isReversed ? value.length - 1 - i : i))
    if (node !== undefined && node.items.length > 0) hit(node.items)
  }
}

/** Slots filed under the values of one field: exact values, prefix and suffix tries, infixes. */
export class FieldIndex {
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

/**
 * The field whose value splits a bucket: most rules name the operating system they watch, and an
 * event has one, so the rules of the other systems need not be looked at.
 */
export const PARTITION_FIELD = 'host.os.type'

/** Rules filed together: visited whenever the partition is reached, or once their keys are held. */
export class Partition {
  readonly plain: CompiledRule[] = []
  readonly byField = new Map<string, FieldIndex>()
  /**
   * The values of `byField` by the first segment of their path, walked for every event (arrays
   * walk faster than maps): an event without that top-level object skips them all.
   */
  readonly roots: RootFields[] = []
  readonly #reads: LoweredReads

  constructor(reads: LoweredReads) {
    this.#reads = reads
  }

  addPlain(rule: CompiledRule): void {
    if (!this.plain.includes(rule)) this.plain.push(rule)
  }

  /** Files a slot under every term of `key`. */
  addKey(key: RuleKey, slot: Slot): void {
    for (const term of key) {
      let entry = this.byField.get(term.field)
      if (entry === undefined) {
        entry = new FieldIndex(this.#reads.field(term.field))
        this.byField.set(term.field, entry)
        this.#rootOf(term.field).fields.push(entry)
      }

      if (term.kind === 'exists') entry.add('exists', '', slot)
      for (const value of term.values) entry.add(term.kind, value, slot)
    }
  }

  #rootOf(path: string): RootFields {
    const root = topLevelKey(path)
    let group = this.roots.find((r) => r.root === root)
    if (group === undefined) {
      group = { root, fields: [] }
      this.roots.push(group)
    }

    return group
  }
}

/** The indexed fields under one top-level key. */
export interface RootFields {
  readonly root: string
  readonly fields: FieldIndex[]
}

/**
 * The rules of one category (or of none), split by the value of {@link PARTITION_FIELD}: a key
 * set that needs some of its values is filed, without that key, in the partition of each value;
 * every other key set is filed in every partition and in `rest`, which events holding none of
 * the partitions' values reach. An event thus visits one partition (one per value it holds), and
 * reads each of its indexed fields once. Built from every rule at once.
 */
export class Bucket {
  readonly byValue = new Map<string, Partition>()
  readonly rest: Partition

  constructor(rules: readonly CompiledRule[], reads: LoweredReads) {
    this.rest = new Partition(reads)
    for (const rule of rules) {
      for (const keys of rule.indexKeys) {
        const key = keys.find(isPartitionKey)
        for (const value of key?.[0]?.values ?? [])
          if (!this.byValue.has(value)) this.byValue.set(value, new Partition(reads))
      }
    }

    for (const rule of rules) this.#add(rule, reads)
  }

  #add(rule: CompiledRule, reads: LoweredReads): void {
    const everywhere = [this.rest, ...this.byValue.values()]
    if (rule.indexKeys.length === 0) {
      for (const partition of everywhere) partition.addPlain(rule)

      return
    }

    for (const keys of rule.indexKeys) {
      const at = keys.findIndex(isPartitionKey)
      const values = keys[at]?.[0]?.values
      const others = values === undefined ? keys : keys.filter((_, i) => i !== at)
      const into = values === undefined ? everywhere : values.map((v) => this.byValue.get(v))
      fileKeySet(rule, others, into, reads)
    }
  }
}

// reading a field costs every event; checking the others costs only the events that hit
function fileKeySet(
  rule: CompiledRule,
  keys: KeySet,
  into: readonly (Partition | undefined)[],
  reads: LoweredReads,
): void {
  const [primary, ...others] = keys
  const slot: Slot = { rule, rest: others.length === 0 ? null : compileKeysCheck(others, reads) }
  for (const partition of into) {
    // an empty key set is held by every event
    if (primary === undefined) partition?.addPlain(rule)
    else partition?.addKey(primary, slot)
  }
}

// a key that one of some exact values of the partition field satisfies, and nothing else
function isPartitionKey(key: RuleKey): boolean {
  const [term, ...others] = key

  return others.length === 0 && term?.field === PARTITION_FIELD && term.kind === 'exact'
}
