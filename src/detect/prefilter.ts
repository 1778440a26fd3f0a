import { combineLineNeeds } from '../compile/index.ts'
import type { LineNeeds, LinePrefilter } from '../compile/index.ts'
import type { CompiledRule } from './compile-rule.ts'

/**
 * Up to this many rules, the hunt's prefilter asks each rule's own prefilter in turn (about a
 * microsecond per kilobyte of line each); past it, one scan of the line finds the needles of all
 * the rules at once (about twenty microseconds per kilobyte, whatever the number of rules).
 */
const MAX_RULES_TESTED_IN_TURN = 12
/** Lines the combined prefilter is judged on, and the share of them it must reject to stay on. */
const SAMPLE_LINES = 256
const MIN_REJECTED = 0.35
/**
 * Lines passed untested when it rejected too few, before it is judged again: the first pause,
 * doubled after each sample that rejects too few, up to the last; a sample that rejects enough
 * starts them over.
 */
const FIRST_PAUSE_LINES = 16_384
const LAST_PAUSE_LINES = 262_144

/**
 * One raw-line prefilter for a whole hunt: a line that no rule's prefilter accepts cannot match
 * any rule, so it need not be parsed. Null when some rule has no prefilter.
 */
export function huntPrefilter(rules: readonly CompiledRule[]): LinePrefilter | null {
  const filters: LinePrefilter[] = []
  const needs: LineNeeds[] = []
  for (const rule of rules) {
    if (rule.prefilter === null || rule.lineNeeds === null) return null

    filters.push(rule.prefilter)
    needs.push(rule.lineNeeds)
  }

  if (filters.length > MAX_RULES_TESTED_IN_TURN) return pausedWhenIdle(combineLineNeeds(needs))

  return (line) => filters.some((accepts) => accepts(line))
}

/**
 * Passes lines untested for a while when the prefilter rejects too few of them to pay for
 * itself (a line it passes is parsed anyway), and for longer each time it is judged idle again:
 * which lines are parsed changes, never the alerts.
 */
export function pausedWhenIdle(prefilter: LinePrefilter): LinePrefilter {
  let tested = 0
  let rejected = 0
  let paused = 0
  let nextPause = FIRST_PAUSE_LINES

  return (line) => {
    if (paused > 0) {
      paused--

      return true
    }

    const accepts = prefilter(line)
    if (!accepts) rejected++
    if (++tested === SAMPLE_LINES) {
      if (rejected < SAMPLE_LINES * MIN_REJECTED) {
        paused = nextPause
        nextPause = Math.min(nextPause * 2, LAST_PAUSE_LINES)
      } else {
        nextPause = FIRST_PAUSE_LINES
      }

      tested = 0
      rejected = 0
    }

    return accepts
  }
}
