import type { EcsEvent } from '../../ecs/index.ts'
import type {
  KqlIs,
  KqlLiteral,
  KqlNested,
  KqlNode,
  KqlRange,
  KqlValueExpr,
} from '../../kql/index.ts'
import { isLoneWildcard, isWildcardLiteral } from '../../kql/index.ts'
import { error } from '../../syntax/index.ts'
import type { Diagnostic, Span } from '../../syntax/index.ts'
import { orderKqlConjuncts } from '../conjunct-order.ts'
import type { Predicate } from '../plan.ts'
import { NEVER } from './any.ts'
import { leavesUnder, objectsAt } from './event-paths.ts'
import { nestedAncestor, resolveField } from './field-mapping.ts'
import type { FieldMapping, FieldSpecLookup, MatchKind } from './field-mapping.ts'
import { compileFieldReader } from './field-read.ts'
import { FieldReader } from './indexed.ts'
import type { EvaluationClock } from './indexed.ts'
import { buildIs, isLeafError } from './leaf.ts'
import type { Leaf } from './leaf.ts'
import { buildRange } from './range.ts'
import { expandFields, freeTextFields } from './expand.ts'
import { buildValueSet } from './value-set.ts'

/**
 * Compiles a KQL tree into closures once (T9: and → every, or → some, not → complement, N1).
 * Field names are resolved and values parsed here, so the per-event work is reading the field
 * and comparing prepared values.
 */

/** Where a clause sits: top level, or inside `path:{…}` with names relative to the path. */
export interface Scope {
  /** `path.` inside a nested query, '' at the top */
  readonly prefix: string
  readonly nestedPath: string | null
}

const TOP: Scope = { prefix: '', nestedPath: null }
const MAX_READERS = 8192

const CONTAINER_KINDS: ReadonlySet<MatchKind> = new Set([
  'object',
  'flattened',
  'nested',
  'unsearchable',
])

/** Settings shared by one compilation. */
export interface CompilerSettings {
  readonly now: number
  readonly lookup?: FieldSpecLookup
  readonly source?: string
}

/** One compilation; collects diagnostics instead of stopping at the first. */
export class KqlCompiler {
  readonly diagnostics: Diagnostic[] = []
  readonly #settings: CompilerSettings
  readonly #readers = new Map<string, FieldReader>()
  /** bumped once per top-level evaluation; see {@link EvaluationClock} */
  readonly clock: EvaluationClock = { tick: 0 }

  constructor(settings: CompilerSettings) {
    this.#settings = settings
  }

  /** Compiles a whole query. */
  compile(node: KqlNode): Predicate {
    const root = this.compileNode(node, TOP)
    const clock = this.clock

    return (event) => {
      clock.tick++

      return root(event)
    }
  }

  /** Compiles one node in a scope. */
  compileNode(node: KqlNode, scope: Scope): Predicate {
    switch (node.kind) {
      case 'matchAll':
        return () => true
      case 'and':
        // compiled in the query's order, so diagnostics keep it; evaluated in rank order
        return every(
          orderKqlConjuncts(
            node.children,
            node.children.map((child) => this.compileNode(child, scope)),
          ),
        )
      case 'or':
        return some(node.children.map((child) => this.compileNode(child, scope)))
      case 'not': {
        const child = this.compileNode(node.child, scope)

        return (event) => !child(event)
      }
      case 'is':
        return this.#compileIs(node, scope)
      case 'range':
        return this.#compileRange(node, scope)
      case 'nested':
        return this.#compileNested(node, scope)
    }
  }

  /**
   * A leaf for a field found in an event at run time (wildcard names, free text); errors such a
   * field would raise are treated as "no match", like the `lenient` free-text query.
   */
  leafForPath(path: string, scope: Scope, build: (reader: FieldReader) => Leaf): Predicate {
    const leaf = build(
      this.#reader(resolveField(scope.prefix + path, this.#settings.lookup), scope),
    )

    return isLeafError(leaf) ? NEVER : leaf
  }

  #compileIs(node: KqlIs, scope: Scope): Predicate {
    const { field, value } = node
    const now = this.#settings.now
    if (field === null) {
      const freeText = (literal: KqlLiteral): Predicate =>
        isLoneWildcard(literal)
          ? () => true
          : freeTextFields(this, scope, (reader) => buildIs(reader, literal, now))

      return distribute(value, (literal) => this.#refuseNull(literal) ?? freeText(literal))
    }

    if (isWildcardField(field)) {
      if (isLoneWildcard(field) && value.kind === 'literal' && isLoneWildcard(value))
        return () => true

      const expanded = (literal: KqlLiteral): Predicate =>
        expandFields(this, scope, field, (reader) => buildIs(reader, literal, now))

      return distribute(value, (literal) => this.#refuseNull(literal) ?? expanded(literal))
    }

    const reader = this.#fieldReader(field, scope)
    if (reader === null) return NEVER

    const valueSet = buildValueSet(reader, value)
    if (valueSet !== null) return valueSet

    return distribute(value, (literal) => this.#leaf(buildIs(reader, literal, now), literal.span))
  }

  #compileRange(node: KqlRange, scope: Scope): Predicate {
    const now = this.#settings.now
    const build = (reader: FieldReader): Leaf => buildRange(reader, node.operator, node.value, now)
    if (isWildcardField(node.field)) return expandFields(this, scope, node.field, build)

    const reader = this.#fieldReader(node.field, scope)

    return reader === null ? NEVER : this.#leaf(build(reader), node.value.span)
  }

  #compileNested(node: KqlNested, scope: Scope): Predicate {
    const full = scope.prefix + node.path.text
    const mapping = resolveField(full, this.#settings.lookup)
    if (mapping.isMapped && mapping.kind !== 'nested') {
      const message = `${full} is mapped as ${mapping.kind}, not nested, so "{…}" cannot be used on it`
      this.#report('ERR_KQL_NESTED_FIELD', message, node.path.span)

      return NEVER
    }

    const relative = node.path.text
    const inner = this.compileNode(node.query, { prefix: `${full}.`, nestedPath: full })

    return (event) => {
      for (const element of objectsAt(event, relative)) if (inner(element as EcsEvent)) return true

      return false
    }
  }

  #fieldReader(field: KqlLiteral, scope: Scope): FieldReader | null {
    const full = scope.prefix + field.text
    const outerNested = nestedAncestor(full)
    const isInside =
      outerNested === null ||
      (scope.nestedPath !== null &&
        (scope.nestedPath === outerNested || scope.nestedPath.startsWith(`${outerNested}.`)))
    if (!isInside) {
      const message = `${full} is inside the nested field ${outerNested}; query it as ${outerNested}:{ … }`
      this.#report('ERR_KQL_NESTED_FIELD', message, field.span)

      return null
    }

    return this.#reader(resolveField(full, this.#settings.lookup), scope)
  }

  #reader(mapping: FieldMapping, scope: Scope): FieldReader {
    const relative = mapping.path.slice(scope.prefix.length)
    const key = `${scope.prefix}\u0000${mapping.name}`
    const cached = this.#readers.get(key)
    if (cached !== undefined) return cached

    const isContainer = CONTAINER_KINDS.has(mapping.kind)
    const accessor = compileFieldReader(relative)
    const readDeep = (event: object): unknown[] => leavesUnder(event, relative, accessor)
    const read = isContainer ? readDeep : accessor
    const reader = new FieldReader(mapping, read, readDeep, this.clock)
    // names found in events at run time are unbounded, so the cache is too
    if (this.#readers.size < MAX_READERS) this.#readers.set(key, reader)

    return reader
  }

  // clauses over fields found at run time are lenient, but `null` is wrong for every field
  #refuseNull(literal: KqlLiteral): Predicate | null {
    if (literal.type !== 'null') return null

    this.#report('ERR_KQL_NULL_VALUE', 'the literal "null" cannot be matched', literal.span)

    return NEVER
  }

  #leaf(leaf: Leaf, span: Span): Predicate {
    if (!isLeafError(leaf)) return leaf

    this.#report(leaf.code, leaf.message, span)

    return NEVER
  }

  #report(code: string, message: string, span: Span): void {
    this.diagnostics.push(error(code, message, span, this.#settings.source))
  }
}

function isWildcardField(field: KqlLiteral): boolean {
  return !field.isQuoted && isWildcardLiteral(field)
}

// a value list applies its field to every value, keeping the list's and/or/not (G15)
function distribute(value: KqlValueExpr, leaf: (literal: KqlLiteral) => Predicate): Predicate {
  switch (value.kind) {
    case 'literal':
      return leaf(value)
    case 'valueOr':
      return some(value.children.map((child) => distribute(child, leaf)))
    case 'valueAnd':
      return every(value.children.map((child) => distribute(child, leaf)))
    case 'valueNot': {
      const child = distribute(value.child, leaf)

      return (event) => !child(event)
    }
  }
}

function every(predicates: Predicate[]): Predicate {
  const [a, b] = predicates
  if (predicates.length === 2 && a !== undefined && b !== undefined)
    return (event) => a(event) && b(event)

  return (event) => {
    for (const predicate of predicates) if (!predicate(event)) return false

    return true
  }
}

function some(predicates: Predicate[]): Predicate {
  const [a, b] = predicates
  if (predicates.length === 2 && a !== undefined && b !== undefined)
    return (event) => a(event) || b(event)

  return (event) => {
    for (const predicate of predicates) if (predicate(event)) return true

    return false
  }
}
