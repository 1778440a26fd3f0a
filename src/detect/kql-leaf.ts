import { compileKql } from '../compile/kql/index.ts'
import type { Predicate } from '../compile/index.ts'
import type { KqlLiteral, KqlNode, KqlRangeOperator } from '../kql/index.ts'
import { EMPTY_SPAN } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'

// Query DSL leaves are evaluated by building the KQL node whose translation is that DSL clause
// (a quoted value is `match_phrase`, an unquoted one `match`, a lone `*` is `exists`, a range
// is `range`) and compiling it, so filters and exceptions get the same per-type matching as KQL.

/** Builds leaves for one rule; collects the diagnostics of clauses Elasticsearch would reject. */
export class LeafBuilder {
  readonly diagnostics: Diagnostic[] = []
  readonly #now: number
  readonly #source: string | undefined

  constructor(now: number, source?: string) {
    this.#now = now
    this.#source = source
  }

  /** `match_phrase` (and `term`): whole-value equality on keywords, a phrase on text. */
  phrase(field: string, value: unknown): Predicate {
    return this.#compile(isNode(field, literal(textOf(value), true)))
  }

  /** `match`: the analysed value on text fields, a term on keywords. */
  match(field: string, value: unknown): Predicate {
    return this.#compile(isNode(field, literal(textOf(value), false)))
  }

  /** `exists`. */
  exists(field: string): Predicate {
    return this.#compile({
      kind: 'is',
      field: literal(field, false),
      value: {
        kind: 'literal',
        text: '*',
        segments: ['', ''],
        isQuoted: false,
        type: 'string',
        span: EMPTY_SPAN,
      },
      span: EMPTY_SPAN,
    })
  }

  /** One bound of a `range`. */
  range(field: string, operator: KqlRangeOperator, value: unknown): Predicate {
    return this.#compile({
      kind: 'range',
      field: literal(field, false),
      operator,
      value: literal(textOf(value), true),
      span: EMPTY_SPAN,
    })
  }

  /** Compiles a whole node (nested queries). */
  node(node: KqlNode): Predicate {
    return this.#compile(node)
  }

  #compile(node: KqlNode): Predicate {
    const compiled = compileKql(node, {
      now: this.#now,
      ...(this.#source === undefined ? {} : { source: this.#source }),
    })
    if (compiled.ok) return compiled.value.matches

    this.diagnostics.push(...compiled.diagnostics)

    return () => false
  }
}

/** A `field:value` node. */
export function isNode(field: string, value: KqlLiteral): KqlNode {
  return { kind: 'is', field: literal(field, false), value, span: EMPTY_SPAN }
}

/** A literal holding `text` with no wildcard. */
export function literal(text: string, isQuoted: boolean): KqlLiteral {
  return { kind: 'literal', text, segments: [text], isQuoted, type: 'string', span: EMPTY_SPAN }
}

/** The text of a DSL value: strings as they are, numbers and booleans as JSON writes them. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
