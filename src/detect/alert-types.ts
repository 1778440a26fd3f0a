import type { EcsEvent } from '../ecs/index.ts'

/** An alert document as Kibana writes it: the source fields plus flattened `kibana.*` keys. */
export type AlertDocument = Record<string, unknown>

/** One alert: its `_id` (also `kibana.alert.uuid`) and its document. */
export interface Alert {
  readonly id: string
  readonly document: AlertDocument
  /** The rule's position in the hunt. */
  readonly rulePosition: number
}

/** A source document with the index and id its alert id is computed from. */
export interface SourceHit {
  readonly source: EcsEvent
  readonly index: string
  readonly id: string
  /** `_version` of the hit; Kibana hashes `String(_version)`. */
  readonly version: string
}

/** What every alert of one rule execution shares. */
export interface ExecutionContext {
  /** Alert creation time, ISO-8601 (`@timestamp`, `kibana.alert.start`, ...). */
  readonly now: string
  readonly executionUuid: string
}
