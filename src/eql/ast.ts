import type { Span } from '../syntax/index.ts'

/**
 * The EQL syntax tree, as Elasticsearch's EQL accepts it. Every node carries the span of the text
 * it came from. `kind` names the node type. Produced by the parser, read by the compiler.
 */

/** A literal value. Numbers keep whether they were written as integers (integer division). */
export interface Literal {
  readonly kind: 'Literal'
  readonly value: string | number | boolean | null
  readonly isInteger: boolean
  readonly span: Span
}

/** A field reference; `path` is the dotted name (back-quotes removed), `isOptional` for `?field`. */
export interface Field {
  readonly kind: 'Field'
  readonly path: string
  readonly isOptional: boolean
  readonly span: Span
}

/** A negation: `not x`. */
export interface Not {
  readonly kind: 'Not'
  readonly operand: Expression
  readonly span: Span
}

/** `a and b` / `a or b`, flattened: `a and b and c` is one node with three operands. */
export interface Logical {
  readonly kind: 'Logical'
  readonly operator: 'and' | 'or'
  readonly operands: readonly Expression[]
  readonly span: Span
}

/** `==`, `!=`, `<`, `<=`, `>`, `>=` (case-sensitive, no wildcards). */
export interface Comparison {
  readonly kind: 'Comparison'
  readonly operator: '==' | '!=' | '<' | '<=' | '>' | '>='
  readonly left: Expression
  readonly right: Expression
  readonly span: Span
}

/**
 * `:`, `like`, `like~`, `regex`, `regex~` against one pattern or a list (any pattern matches).
 * Patterns are string literals. `:` is `like~`.
 */
export interface Match {
  readonly kind: 'Match'
  readonly operator: ':' | 'like' | 'like~' | 'regex' | 'regex~'
  readonly subject: Expression
  readonly patterns: readonly Literal[]
  readonly span: Span
}

/** `x in (...)`, `x in~ (...)`, `x not in (...)`, `x not in~ (...)`; `*` and `?` are literal. */
export interface In {
  readonly kind: 'In'
  readonly isCaseInsensitive: boolean
  readonly isNegated: boolean
  readonly subject: Expression
  readonly values: readonly Expression[]
  readonly span: Span
}

/** An arithmetic operation: `+ - * / %`. */
export interface Arithmetic {
  readonly kind: 'Arithmetic'
  readonly operator: '+' | '-' | '*' | '/' | '%'
  readonly left: Expression
  readonly right: Expression
  readonly span: Span
}

/** Unary minus on a non-literal (`-field`); `-1` parses as a negative literal. */
export interface Negate {
  readonly kind: 'Negate'
  readonly operand: Expression
  readonly span: Span
}

/** The EQL functions, by canonical name. */
export type FunctionName =
  | 'add'
  | 'between'
  | 'cidrMatch'
  | 'concat'
  | 'divide'
  | 'endsWith'
  | 'indexOf'
  | 'length'
  | 'modulo'
  | 'multiply'
  | 'number'
  | 'startsWith'
  | 'string'
  | 'stringContains'
  | 'substring'
  | 'subtract'

/** A function call; names are matched case-insensitively and stored canonically. */
export interface FunctionCall {
  readonly kind: 'FunctionCall'
  readonly name: FunctionName
  readonly isCaseInsensitive: boolean
  readonly args: readonly Expression[]
  readonly span: Span
}

/** Any EQL expression. */
export type Expression =
  Literal | Field | Not | Logical | Comparison | Match | In | Arithmetic | Negate | FunctionCall

/** `category where condition`; `category` is null for `any`. */
export interface EventFilter {
  readonly kind: 'EventFilter'
  readonly category: string | null
  readonly condition: Expression
  readonly span: Span
}

/** `with maxspan=5m`: the value as written and in milliseconds. */
export interface Duration {
  readonly kind: 'Duration'
  readonly value: number
  readonly unit: 'ms' | 's' | 'm' | 'h' | 'd'
  readonly milliseconds: number
  readonly span: Span
}

/** One `[filter] by k1, k2 with runs=N` step of a sequence, or a `![filter]` missing step. */
export interface SequenceStep {
  readonly kind: 'SequenceStep'
  readonly filter: EventFilter
  readonly joinKeys: readonly Field[]
  readonly runs: number
  readonly isMissing: boolean
  readonly span: Span
}

/** A `head N` or `tail N` pipe. */
export interface Pipe {
  readonly kind: 'Pipe'
  readonly name: 'head' | 'tail'
  readonly count: number
  readonly span: Span
}

/** A single-event query with its pipes. */
export interface EventQuery {
  readonly kind: 'EventQuery'
  readonly filter: EventFilter
  readonly pipes: readonly Pipe[]
  readonly span: Span
}

/** `sequence [by keys] [with maxspan=d] step step ... [until step]` with its pipes. */
export interface SequenceQuery {
  readonly kind: 'SequenceQuery'
  readonly joinKeys: readonly Field[]
  readonly maxspan: Duration | null
  readonly steps: readonly SequenceStep[]
  readonly until: SequenceStep | null
  readonly pipes: readonly Pipe[]
  readonly span: Span
}

/** One filter of a sample, with its own `by` keys. */
export interface SampleFilter {
  readonly kind: 'SampleFilter'
  readonly filter: EventFilter
  readonly joinKeys: readonly Field[]
  readonly span: Span
}

/** `sample by keys [filter] [filter] ...` (samples take no pipes). */
export interface SampleQuery {
  readonly kind: 'SampleQuery'
  readonly joinKeys: readonly Field[]
  readonly filters: readonly SampleFilter[]
  readonly span: Span
}

/** A whole EQL query. */
export type Query = EventQuery | SequenceQuery | SampleQuery

/** Any node of the tree. */
export type Node = Expression | EventFilter | Duration | SequenceStep | Pipe | SampleFilter | Query
