/**
 * A count with its noun, singular for one (`1 rule`, `2 rules`, `0 rules`). Nouns here take a
 * plain `s` in the plural; a different plural is given as `plural`.
 */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${String(count)} ${count === 1 ? noun : plural}`
}
