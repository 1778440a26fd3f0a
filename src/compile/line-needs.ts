import { NeedleScan } from './needle-scan.ts'
import type { LinePrefilter } from './plan.ts'
import type { Conjunction, Needle } from './prefilter-requirements.ts'
import { rarest } from './prefilter-requirements.ts'

/**
 * What a query's raw-line prefilter requires, as data: a line passes when it satisfies one of
 * the conjunctions (every requirement of it: one of its needles), or when `passesUnchecked`
 * says it may spell a needle another way (EQL: `\u` escapes and the two characters that
 * lower-case to ASCII; KQL: `\u` and `\/` anywhere in the line).
 */
export interface LineNeeds {
  readonly conjunctions: readonly Conjunction[]
  readonly passesUnchecked: LinePrefilter
}

/**
 * One prefilter for many queries: a line passes when any query's prefilter would pass it. Each
 * conjunction is filed under the needles of its rarest requirement; those are found in one scan
 * of the line (see {@link NeedleScan}), and only a conjunction whose filed needle was found has
 * its other requirements searched, so a line costs about the same however many queries there
 * are.
 */
export function combineLineNeeds(all: readonly LineNeeds[]): LinePrefilter {
  const needles = new NeedleTable()
  const conjunctions = all.flatMap((needs) =>
    needs.conjunctions.map((c) => c.map((requirement) => requirement.map((n) => needles.id(n)))),
  )
  const gates = gatesOf(all, needles)
  const gated = gates.flatMap((list, id) => (list === undefined ? [] : [id]))
  const scan = new NeedleScan(needles.list, gated)
  const tried = new Uint32Array(conjunctions.length)
  // the EQL and KQL tests are shared functions: each is asked once per line
  const unchecked = [...new Set(all.map((needs) => needs.passesUnchecked))]
  const passesUnchecked = (line: string): boolean => unchecked.some((passes) => passes(line))
  let generation = 0

  return (line) => {
    if (passesUnchecked(line)) return true

    scan.scan(line)
    generation = generation === 0xffffffff ? 1 : generation + 1
    if (generation === 1) tried.fill(0)
    for (const id of scan.seen) {
      for (const c of gates[id] ?? []) {
        if (tried[c] === generation) continue

        tried[c] = generation
        if (isSatisfied(conjunctions[c] ?? [], scan)) return true
      }
    }

    return false
  }
}

/** Needles numbered once each, however many queries share them. */
class NeedleTable {
  readonly list: Needle[] = []
  readonly #ids = new Map<string, number>()

  id(needle: Needle): number {
    const key = `${needle.isCaseInsensitive ? 'i' : 's'}${needle.text}`
    let id = this.#ids.get(key)
    if (id === undefined) {
      id = this.list.length
      this.list.push(needle)
      this.#ids.set(key, id)
    }

    return id
  }
}

// each conjunction is filed under the needles of its rarest requirement: it can only hold when
// one of them occurs
function gatesOf(all: readonly LineNeeds[], needles: NeedleTable): (number[] | undefined)[] {
  const gates: (number[] | undefined)[] = []
  let index = 0
  for (const needs of all) {
    for (const conjunction of needs.conjunctions) {
      for (const needle of rarest(conjunction) ?? []) {
        const id = needles.id(needle)
        const list = gates[id] ?? []
        if (!list.includes(index)) list.push(index)
        gates[id] = list
      }

      index++
    }
  }

  return gates
}

function isSatisfied(conjunction: readonly (readonly number[])[], scan: NeedleScan): boolean {
  for (const requirement of conjunction) {
    if (!requirement.some((id) => scan.has(id))) return false
  }

  return true
}
