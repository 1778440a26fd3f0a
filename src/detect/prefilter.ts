import type { LinePrefilter } from '../compile/index.ts'
import type { CompiledRule } from './compile-rule.ts'

/**
 * One raw-line prefilter for a whole hunt: a line that no rule's prefilter accepts cannot match
 * any rule, so it need not be parsed. Null when some rule has no prefilter.
 */
export function huntPrefilter(rules: readonly CompiledRule[]): LinePrefilter | null {
  const filters: LinePrefilter[] = []
  for (const rule of rules) {
    if (rule.prefilter === null) return null
    filters.push(rule.prefilter)
  }

  return (line) => filters.some((accepts) => accepts(line))
}
