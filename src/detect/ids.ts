import { createHash } from 'node:crypto'

/** Kibana's space for every alert Vigil writes. */
export const SPACE_ID = 'default'

/** The alerts index of the default space. */
export const ALERTS_INDEX = '.alerts-security.alerts-default'

// uuid v5 namespace for rule uuids derived from rule_id (a random v4 chosen once for Vigil)
const RULE_NAMESPACE = 'c5a0e6f2-3b7d-4e61-9a1c-7f2d8b4e0a93'

/**
 * The rule's saved-object id stands in as `kibana.alert.rule.uuid`. With no Kibana there is no
 * saved object, so it is a uuid v5 of the rule_id in a fixed Vigil namespace: stable across runs,
 * so alert ids are stable too.
 */
export function ruleUuid(ruleId: string): string {
  return uuidV5(RULE_NAMESPACE, ruleId)
}

/** An RFC 4122 version 5 (SHA-1, name-based) uuid. */
export function uuidV5(namespace: string, name: string): string {
  const space = Buffer.from(namespace.replace(/-/g, ''), 'hex')
  const hash = createHash('sha1').update(space).update(name, 'utf8').digest()
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')

  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The id of an alert on one event, as Kibana's `generateId`: sha256 of index, document id,
 * version and `<space>:<rule uuid>`, concatenated. Re-reading the event gives the same id.
 */
export function eventAlertId(index: string, id: string, version: string, rule: string): string {
  return sha256(`${index}${id}${version}${SPACE_ID}:${rule}`)
}

/**
 * A stand-in `_id` for an event read without one (plain NDJSON): 20 base64url characters, the
 * length of Elasticsearch's own ids, from the file name and line, so it is the same on every run.
 */
export function derivedEventId(file: string, line: number): string {
  return createHash('sha256')
    .update(`${file}:${String(line)}`)
    .digest('base64url')
    .slice(0, 20)
}

/** One parent of an alert, as `kibana.alert.ancestors` holds it. */
export interface Ancestor {
  readonly id: string
  readonly type: 'event' | 'signal'
  readonly index: string
  readonly depth: number
  readonly rule?: string
}

/**
 * Building-block ids of one sequence: every block's ancestor ids and indices and the rule uuid,
 * concatenated over all blocks, then the block's position; the same event gets a different id in
 * each sequence it belongs to.
 */
export function buildingBlockIds(blocks: readonly (readonly Ancestor[])[], rule: string): string[] {
  const base = blocks.map((ancestors) => `${joinAncestors(ancestors)}${rule}`).join('')

  return blocks.map((_, position) => sha256(`${base}${String(position)}`))
}

/** The shell alert's id: its ancestors' ids and indices, then the rule uuid. */
export function shellAlertId(ancestors: readonly Ancestor[], rule: string): string {
  return sha256(`${joinAncestors(ancestors)}${rule}`)
}

function joinAncestors(ancestors: readonly Ancestor[]): string {
  return ancestors.map((a) => `${a.id}${a.index}`).join('')
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
