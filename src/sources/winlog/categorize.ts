/** ECS categorisation of one event code: `event.category`, `event.type`, `event.action`. */
export interface Category {
  readonly category: readonly string[]
  readonly type: readonly string[]
  readonly action: string | readonly string[]
  readonly outcome?: string
}

/** Builds a code → categorisation table from compact `code: [categories, types, action]` rows. */
export function categoryTable(
  rows: Readonly<Record<string, readonly [string, string, string | readonly string[]]>>,
): ReadonlyMap<string, Category> {
  const table = new Map<string, Category>()
  for (const [code, [category, type, action]] of Object.entries(rows)) {
    table.set(code, { category: splitList(category), type: splitList(type), action })
  }

  return table
}

function splitList(list: string): readonly string[] {
  return list === '' ? [] : list.split(',')
}

/**
 * Writes a categorisation into `event` the way the pipelines' `hm.forEach(ctx.event[k] = v)` does:
 * every key present replaces the old value. Arrays are copied so documents never share them.
 */
export function applyCategory(event: Record<string, unknown>, entry: Category | undefined): void {
  if (entry === undefined) return
  if (entry.category.length > 0) event.category = [...entry.category]
  if (entry.type.length > 0) event.type = [...entry.type]
  event.action = typeof entry.action === 'string' ? entry.action : [...entry.action]
  if (entry.outcome !== undefined) event.outcome = entry.outcome
}
