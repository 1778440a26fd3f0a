import type { FilterPlan, QueryPlan } from './plan.ts'

/** Every filter of a compiled query: its own, each sequence step's and `until`'s, or a sample's. */
export function planFilters(plan: QueryPlan): FilterPlan[] {
  if (plan.kind === 'event') return [plan.filter]
  if (plan.kind === 'sample') return plan.filters.map((f) => f.filter)

  return [...plan.steps.map((s) => s.filter), ...(plan.until === null ? [] : [plan.until.filter])]
}
