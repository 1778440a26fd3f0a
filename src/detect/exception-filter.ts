import type { Predicate } from '../compile/index.ts'
import { getFieldValues } from '../ecs/index.ts'
import type { ExceptionListRef } from '../rules/index.ts'
import type { ExceptionEntry, ExceptionItem, ExceptionLists } from './exception-list.ts'
import type { LeafBuilder } from './kql-leaf.ts'
import { allOf, anyOf, not } from './predicates.ts'
import { wildcardPredicate } from './wildcard.ts'

/** The compiled exceptions of one rule. */
export interface RuleExceptions {
  /** True when some item matches the event: the event is dropped. Null when no item applies. */
  readonly matches: Predicate | null
  /** Items left out because they use value lists the export does not carry. */
  readonly skippedListItems: number
}

/**
 * Builds a rule's exception filter (`build_exception_filter.ts`, kql-semantics.md F6–F8): the
 * items of every list the rule references (by list_id), ORed; each item's entries ANDed; items
 * restricted by `os_types` also need `host.os.type` or the lowercased `host.os.name` to be one of
 * them. Expired items are left out; so are items with `list` entries, as an export holds no
 * value-list contents.
 */
export function compileRuleExceptions(
  refs: readonly ExceptionListRef[],
  lists: ExceptionLists,
  leaves: LeafBuilder,
  now: number,
): RuleExceptions {
  const wanted = new Set(refs.map((ref) => ref.list_id))
  const applicable = lists.items.filter((item) => wanted.has(item.list_id) && !isExpired(item, now))
  const usable = applicable.filter((item) => !usesValueList(item.entries))
  const skippedListItems = applicable.length - usable.length
  if (usable.length === 0) return { matches: null, skippedListItems }

  return { matches: anyOf(usable.map((item) => compileItem(item, leaves))), skippedListItems }
}

function compileItem(item: ExceptionItem, leaves: LeafBuilder): Predicate {
  const entries = allOf(item.entries.map((entry) => compileEntry(entry, leaves, '')))
  if (item.os_types.length === 0) return entries

  return allOf([osPredicate(item.os_types), entries])
}

/** One entry; `prefix` is the parent path inside a nested entry. */
export function compileEntry(
  entry: ExceptionEntry,
  leaves: LeafBuilder,
  prefix: string,
): Predicate {
  const field = `${prefix}${entry.field}`
  if (entry.type === 'nested') {
    return allOf(entry.entries.map((child) => compileEntry(child, leaves, `${field}.`)))
  }

  const clause = positiveClause(entry, field, leaves)

  return entry.operator === 'excluded' ? not(clause) : clause
}

function positiveClause(
  entry: Exclude<ExceptionEntry, { type: 'nested' }>,
  field: string,
  leaves: LeafBuilder,
): Predicate {
  switch (entry.type) {
    case 'match':
      return leaves.phrase(field, entry.value)
    case 'match_any':
      return anyOf(entry.value.map((value) => leaves.phrase(field, value)))
    case 'wildcard':
      // exceptions send the raw pattern without case_insensitive
      return wildcardPredicate(field, entry.value, false)
    case 'exists':
      return leaves.exists(field)
    case 'list':
      return () => false
  }
}

function osPredicate(osTypes: readonly string[]): Predicate {
  const wanted = new Set(osTypes)

  return (event) =>
    getFieldValues(event, 'host.os.type').some((v) => typeof v === 'string' && wanted.has(v)) ||
    getFieldValues(event, 'host.os.name').some(
      (v) => typeof v === 'string' && wanted.has(v.toLowerCase()),
    )
}

function usesValueList(entries: readonly ExceptionEntry[]): boolean {
  return entries.some((e) => e.type === 'list' || (e.type === 'nested' && usesValueList(e.entries)))
}

function isExpired(item: ExceptionItem, now: number): boolean {
  if (item.expire_time === undefined) return false

  const expires = Date.parse(item.expire_time)

  return Number.isFinite(expires) && expires < now
}
