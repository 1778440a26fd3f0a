import type { EcsEvent } from '../ecs/index.ts'
import type { GeneratedCase } from './cases.ts'
import type { Assignment } from './event.ts'
import { buildEvent } from './event.ts'
import type { Formula } from './formula.ts'
import { ABSENT, atomsOf, evaluateFormula } from './formula.ts'
import { valueKindOf } from './values.ts'

/**
 * More positives from one solution, each still satisfying the formula: the same fields as
 * dotted keys, strings upper-cased wherever the query ignores case, and extra array elements
 * beside each value. They check that the matcher reads documents as Elasticsearch does.
 */
export function positiveVariants(formula: Formula, values: Assignment): GeneratedCase[] {
  const holds = (v: Assignment): boolean => evaluateFormula(formula, buildEvent(v))
  const out: GeneratedCase[] = []
  const dotted = dottedEvent(buildEvent(values))
  if (evaluateFormula(formula, dotted)) out.push({ events: [dotted], description: 'dotted keys' })

  const upper = rewrite(values, holds, (v) => (typeof v === 'string' ? v.toUpperCase() : v))
  if (upper !== null) out.push({ events: [buildEvent(upper)], description: 'upper-cased strings' })

  // how a script compares two multi-valued fields is not settled: keep those fields single
  const paired = new Set(atomsOf(formula).flatMap((a) => (a.reads ? [a.field, ...a.reads] : [])))
  const extra = rewrite(values, holds, (v: unknown, field) =>
    Array.isArray(v) || paired.has(field) ? v : [v, extraElement(v, field)],
  )
  if (extra !== null) out.push({ events: [buildEvent(extra)], description: 'extra array elements' })

  return out
}

// changes one field at a time and keeps each change the formula still accepts
function rewrite(
  values: Assignment,
  holds: (v: Assignment) => boolean,
  change: (value: unknown, field: string) => unknown,
): Map<string, unknown> | null {
  const next = new Map(values)
  let changed = false
  for (const [field, value] of values) {
    if (value === ABSENT) continue
    const candidate = change(value, field)
    if (JSON.stringify(candidate) === JSON.stringify(value)) continue
    next.set(field, candidate)
    if (holds(next)) changed = true
    else next.set(field, value)
  }

  return changed ? next : null
}

function extraElement(value: unknown, field: string): unknown {
  if (typeof value === 'number') return value + 1000
  if (typeof value === 'boolean') return value
  if (valueKindOf(field) === 'ip') return '198.51.100.200'

  return 'zz-extra'
}

/** The same event with every nested object written as dotted keys (`{"process.name": …}`). */
export function dottedEvent(
  event: EcsEvent,
  prefix = '',
  out: Record<string, unknown> = {},
): EcsEvent {
  for (const [key, value] of Object.entries(event)) {
    const name = prefix + key
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      dottedEvent(value as EcsEvent, `${name}.`, out)
    } else out[name] = value
  }

  return out
}
