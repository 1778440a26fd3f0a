import type { Span } from '../syntax/index.ts'

/**
 * The KQL syntax tree. Nodes are plain read-only data with a `kind` tag; every node carries the
 * span of the source text it came from. Value lists (`f:(a or b)`) keep their shape so the tree
 * prints back as written; the compiler distributes the field over the list (G15).
 */

/**
 * A literal as the grammar reads it (G6–G14): a field name or a value. `segments` are the literal
 * runs between unescaped `*` wildcards, so `*foo*` is `['', 'foo', '']` and a lone `*` is
 * `['', '']`; a literal without wildcards has exactly one segment.
 */
export interface KqlLiteral {
  readonly kind: 'literal'
  /** the decoded text, each unescaped wildcard shown as `*` (ambiguous with `\*`: use `segments`) */
  readonly text: string
  readonly segments: readonly string[]
  readonly isQuoted: boolean
  /** `true`, `false`, `null` unquoted become typed literals (G12); everything else is a string */
  readonly type: 'string' | 'boolean' | 'null'
  readonly span: Span
}

/** `a or b` inside a value list. */
export interface KqlValueOr {
  readonly kind: 'valueOr'
  readonly children: readonly KqlValueExpr[]
  readonly span: Span
}

/** `a and b` inside a value list. */
export interface KqlValueAnd {
  readonly kind: 'valueAnd'
  readonly children: readonly KqlValueExpr[]
  readonly span: Span
}

/** `not a` inside a value list. */
export interface KqlValueNot {
  readonly kind: 'valueNot'
  readonly child: KqlValueExpr
  readonly span: Span
}

/** The right-hand side of `field:…`: one literal or a value list. */
export type KqlValueExpr = KqlLiteral | KqlValueOr | KqlValueAnd | KqlValueNot

/** The empty or blank query, which matches every event. */
export interface KqlMatchAll {
  readonly kind: 'matchAll'
  readonly span: Span
}

/** A disjunction: `a or b or …`. */
export interface KqlOr {
  readonly kind: 'or'
  readonly children: readonly KqlNode[]
  readonly span: Span
}

/** A conjunction: `a and b and …`. */
export interface KqlAnd {
  readonly kind: 'and'
  readonly children: readonly KqlNode[]
  readonly span: Span
}

/** A negation: `not a`. */
export interface KqlNot {
  readonly kind: 'not'
  readonly child: KqlNode
  readonly span: Span
}

/** `field:value(s)`, or free text when `field` is null (G19). */
export interface KqlIs {
  readonly kind: 'is'
  readonly field: KqlLiteral | null
  readonly value: KqlValueExpr
  readonly span: Span
}

/** A range operator as written. */
export type KqlRangeOperator = '<' | '<=' | '>' | '>='

/** `field < value` and friends (G17). */
export interface KqlRange {
  readonly kind: 'range'
  readonly field: KqlLiteral
  readonly operator: KqlRangeOperator
  readonly value: KqlLiteral
  readonly span: Span
}

/** `path:{ query }`; field names inside are relative to `path` (G18). */
export interface KqlNested {
  readonly kind: 'nested'
  readonly path: KqlLiteral
  readonly query: KqlNode
  readonly span: Span
}

/** Any KQL query node. */
export type KqlNode = KqlMatchAll | KqlOr | KqlAnd | KqlNot | KqlIs | KqlRange | KqlNested

/** Whether a literal contains an unescaped wildcard. */
export function isWildcardLiteral(literal: KqlLiteral): boolean {
  return literal.segments.length > 1
}

/** Whether a literal is exactly one unescaped `*` (G14: `f:**` is not lone). */
export function isLoneWildcard(literal: KqlLiteral): boolean {
  return literal.segments.length === 2 && literal.segments[0] === '' && literal.segments[1] === ''
}

/**
 * Whether a field's value expression can only match when the field holds a value the test
 * accepts for some literal: every alternative of an `or` needs it, one part of an `and` does,
 * and `not` never does (it also matches a missing field).
 */
export function valueNeeds(value: KqlValueExpr, needs: (literal: KqlLiteral) => boolean): boolean {
  switch (value.kind) {
    case 'literal':
      return needs(value)
    case 'valueOr':
      return value.children.every((child) => valueNeeds(child, needs))
    case 'valueAnd':
      return value.children.some((child) => valueNeeds(child, needs))
    case 'valueNot':
      return false
  }
}
