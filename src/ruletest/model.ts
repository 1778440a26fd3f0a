import type { EcsEvent } from '../ecs/index.ts'
import type { Diagnostic, SourceText, Span } from '../syntax/index.ts'

/** A time as written in a test file: an ISO-8601 instant or date math (`now-5m`). */
export interface TimeText {
  readonly text: string
  readonly span: Span
}

/** How a case runs the rule; every key is optional and a case's own keys win over the file's. */
export interface RunOptions {
  /** Replay the rule's scheduled executions (interval, from, max_signals) instead of one search. */
  readonly replay?: boolean
  /** A Kibana exception-list export (NDJSON), resolved against the test file's folder. */
  readonly exceptions?: { readonly path: string; readonly span: Span }
  /** The `_index` of fixture events that give none. */
  readonly index?: string
  readonly now?: TimeText
  readonly since?: TimeText
  readonly until?: TimeText
}

/** One fixture event written in the test file (a table or a JSON string). */
export interface InlineEvent {
  /** `_id` as written, or undefined (the runner labels it `event-N`). */
  readonly id?: string
  readonly index?: string
  readonly source: EcsEvent
  readonly span: Span
}

/** Fixture events of a case or of the whole file. */
export interface Fixtures {
  readonly events: readonly InlineEvent[]
  /** NDJSON/JSON/EVTX/XML files, resolved against the test file's folder. */
  readonly files: readonly { readonly path: string; readonly span: Span }[]
}

/** An expected alert: the fixture events it comes from and chosen fields of its document. */
export interface AlertExpectation {
  /** Event ids in order (a sequence lists its member events); undefined when not checked. */
  readonly events?: readonly string[]
  /** Where `events` is written, for ERR_TEST_UNKNOWN_EVENT. */
  readonly eventsSpan: Span
  /** Flattened field paths (`kibana.alert.severity`, `process.name`) to expected values. */
  readonly fields: ReadonlyMap<string, unknown>
  readonly span: Span
}

/** One `[[case]]` of a test file. */
export interface TestCase {
  readonly name: string
  readonly span: Span
  readonly options: RunOptions
  readonly fixtures: Fixtures
  /** `alerts = N`: how many alerts (a sequence is one alert, its building blocks go with it). */
  readonly alertCount?: number
  /** `[[case.alert]]`: alerts that must be raised. */
  readonly expected: readonly AlertExpectation[]
  /** `truncated_executions = N`: replay executions that must hit max_signals. */
  readonly truncatedExecutions?: number
  /** `shared = false`: the case does not see the file's own `events` and `files`. */
  readonly isShared: boolean
  /** `skip = "why"`: the case is reported as skipped. */
  readonly skip?: string
  /** Problems found while reading this case; a case with errors fails without running. */
  readonly diagnostics: readonly Diagnostic[]
}

/** The rule a test file is about: a path (relative to the test file) and/or a rule_id. */
export interface RuleReference {
  readonly path?: string
  readonly ruleId?: string
  readonly span: Span
}

/** A parsed test file. */
export interface TestFile {
  readonly path: string
  readonly source: SourceText
  readonly rule: RuleReference
  readonly options: RunOptions
  readonly fixtures: Fixtures
  readonly cases: readonly TestCase[]
}
