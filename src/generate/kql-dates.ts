/** Date values for KQL ranges and equality: ISO strings, epoch millis and `now` date math. */

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

/** A date literal as an instant and the rounding unit in ms (`/d`), or null when unreadable. */
export interface DateLiteral {
  readonly at: number
  readonly unit: number | null
}

/** Reads `2024-01-01T00:00:00Z`, epoch millis, or `now-30d/d` (s, m, h, d units only). */
export function readDateLiteral(text: string, now: number): DateLiteral | null {
  if (/^\d+$/.test(text)) return { at: Number(text), unit: null }

  const math = /^now((?:[+-]\d+[smhd])*)(?:\/([smhd]))?$/.exec(text)
  if (math === null) {
    const at = Date.parse(text)

    return Number.isNaN(at) ? null : { at, unit: null }
  }

  let at = now
  for (const step of (math[1] ?? '').matchAll(/([+-])(\d+)([smhd])/g)) {
    at += (step[1] === '-' ? -1 : 1) * Number(step[2]) * (UNIT_MS[step[3] ?? 's'] ?? 0)
  }

  return { at, unit: math[2] === undefined ? null : (UNIT_MS[math[2]] ?? null) }
}

/** The bound a range compares with: `gt`/`lte` round up to the unit's end, `gte`/`lt` down. */
export function rangeBound(literal: DateLiteral, operator: '<' | '<=' | '>' | '>='): number {
  if (literal.unit === null) return literal.at

  const floor = Math.floor(literal.at / literal.unit) * literal.unit

  return operator === '>' || operator === '<=' ? floor + literal.unit - 1 : floor
}
