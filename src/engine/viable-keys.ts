import type { SequenceCandidate } from './candidate.ts'
import { keyId } from './order.ts'
import type { KeyId } from './order.ts'

/** Past this many positive steps the key masks would not fit a number's 30 safe bits. */
const MAX_POSITIVES = 30

/**
 * The candidates some sequence could still use: each holds, for a step or `until`, a join key
 * that every positive step (`positives`, the plan's step indices) met in some candidate. A key
 * that misses a positive step completes no sequence, and an `until` or missing step of that key
 * has nothing to stop, so its events need neither sorting nor matching: the matcher gives the
 * same sequences from what is left. Order is kept.
 */
export function viableCandidates(
  candidates: SequenceCandidate[],
  positives: readonly number[],
): SequenceCandidate[] {
  if (positives.length === 0 || positives.length > MAX_POSITIVES) return candidates

  const met = keysMet(candidates, positives)
  const all = 2 ** positives.length - 1
  const isViable = (tuples: SequenceCandidate['until']): boolean =>
    tuples !== null && tuples.some((tuple) => met.get(keyId(tuple)) === all)

  return candidates.filter((c) => c.steps.some(isViable) || isViable(c.until))
}

// per join key, a bit for every positive step some candidate matched with that key
function keysMet(
  candidates: readonly SequenceCandidate[],
  positives: readonly number[],
): Map<KeyId, number> {
  const met = new Map<KeyId, number>()
  for (const candidate of candidates) {
    positives.forEach((step, bit) => {
      for (const tuple of candidate.steps[step] ?? []) {
        const id = keyId(tuple)
        met.set(id, (met.get(id) ?? 0) | (1 << bit))
      }
    })
  }

  return met
}
