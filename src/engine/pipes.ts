import type { PipePlan } from '../compile/index.ts'

/** Which end of the results `size` keeps when the query has no pipe (the API's `result_position`). */
export type ResultPosition = 'head' | 'tail'

/** How many results a query may return and from which end. */
export interface Limits {
  /** No limit when omitted: every result. */
  readonly size?: number
  /** Default `tail`, as `_eql/search` uses. */
  readonly resultPosition?: ResultPosition
}

/**
 * Applies `head`/`tail` pipes in order, then `size`. Hits stay in ascending order whichever end is
 * kept. With pipes, `size` only caps the count and keeps the end the last pipe selected (a pipe
 * cannot return more than `size`); without pipes it keeps the `resultPosition` end.
 */
export function applyLimits<T>(
  results: readonly T[],
  pipes: readonly PipePlan[],
  limits: Limits,
): readonly T[] {
  let out = results
  for (const pipe of pipes) out = takeEnd(out, pipe.name, pipe.count)

  if (limits.size === undefined) return out

  const lastPipe = pipes[pipes.length - 1]
  const position = lastPipe?.name ?? limits.resultPosition ?? 'tail'

  return takeEnd(out, position, limits.size)
}

function takeEnd<T>(results: readonly T[], end: ResultPosition, count: number): readonly T[] {
  const n = Math.max(0, Math.floor(count))
  if (results.length <= n) return results

  return end === 'head' ? results.slice(0, n) : results.slice(results.length - n)
}

/**
 * The bound the results of an event query need before sorting: only the first pipe (or, without
 * pipes, `size`) decides how many events from which end can ever be returned.
 */
export function bufferBound(
  pipes: readonly PipePlan[],
  limits: Limits,
): { readonly end: ResultPosition; readonly count: number } | null {
  const first = pipes[0]
  if (first !== undefined) return { end: first.name, count: Math.max(0, Math.floor(first.count)) }
  if (limits.size === undefined) return null

  return { end: limits.resultPosition ?? 'tail', count: Math.max(0, Math.floor(limits.size)) }
}
