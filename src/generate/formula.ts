import type { EcsEvent } from '../ecs/index.ts'
import type { Span } from '../syntax/index.ts'
import type { Random } from './random.ts'

/** What a proposal may use to build a value: the seeded source and hints from sibling atoms. */
export interface ProposeContext {
  readonly random: Random
  /** the smallest string length another atom on the field asks for (`length(f) > n`) */
  readonly minLength: number
  /** values already chosen for other fields (what a two-field atom compares with) */
  readonly peers: ReadonlyMap<string, unknown>
}

/**
 * One leaf condition on one field: it can test an event and propose values that make it true
 * or false. `field` is where the value is written (the parent of a derived `.caseless` field);
 * an empty `field` marks a constant leaf that reads nothing.
 */
export interface Atom {
  readonly field: string
  /** the leaf as written, for descriptions */
  readonly text: string
  readonly span: Span
  /** the leaf's truth on an event, as the matcher decides it for a Lucene query */
  readonly test: (event: EcsEvent) => boolean
  /** candidate values of `field` that make the leaf `wanted`; `ABSENT` removes the field */
  readonly propose: (context: ProposeContext, wanted: boolean) => readonly unknown[]
  /** a string length the leaf needs (`length(f) >= n`), so siblings can pad their values */
  readonly minLength?: number
  /** other fields the leaf reads (`startsWith(a, b)` writes a and reads b) */
  readonly reads?: readonly string[]
}

/** The value that stands for "leave the field out". */
export const ABSENT: unique symbol = Symbol('absent')

/** A boolean formula over atoms: the condition of a query or step. */
export type Formula =
  | { readonly kind: 'and' | 'or'; readonly items: readonly Formula[] }
  | { readonly kind: 'not'; readonly item: Formula }
  | { readonly kind: 'atom'; readonly atom: Atom }
  | { readonly kind: 'const'; readonly value: boolean }

/** An atom with the truth value a solution must give it. */
export interface Literal {
  readonly atom: Atom
  readonly wanted: boolean
}

/** Evaluates a formula on an event (two-valued, as Lucene queries are). */
export function evaluateFormula(formula: Formula, event: EcsEvent): boolean {
  switch (formula.kind) {
    case 'and':
      return formula.items.every((f) => evaluateFormula(f, event))
    case 'or':
      return formula.items.some((f) => evaluateFormula(f, event))
    case 'not':
      return !evaluateFormula(formula.item, event)
    case 'atom':
      return formula.atom.test(event)
    case 'const':
      return formula.value
  }
}

/**
 * The conjunctions of literals that make the formula `wanted`, lazily and depth first: the
 * first one comes from the first branch of every `or`, so a solver can stop early.
 */
export function* conjunctions(formula: Formula, wanted = true): Generator<readonly Literal[]> {
  switch (formula.kind) {
    case 'const':
      if (formula.value === wanted) yield []

      return
    case 'atom':
      yield [{ atom: formula.atom, wanted }]

      return
    case 'not':
      yield* conjunctions(formula.item, !wanted)

      return
    default: {
      const isProduct = (formula.kind === 'and') === wanted
      if (isProduct) yield* product(formula.items, 0, wanted)
      else for (const item of formula.items) yield* conjunctions(item, wanted)
    }
  }
}

function* product(
  items: readonly Formula[],
  from: number,
  wanted: boolean,
): Generator<readonly Literal[]> {
  const head = items[from]
  if (head === undefined) {
    yield []

    return
  }

  for (const first of conjunctions(head, wanted)) {
    for (const rest of product(items, from + 1, wanted)) yield [...first, ...rest]
  }
}

/** Builds `and` without nesting trivial cases. */
export function allOf(items: readonly Formula[]): Formula {
  if (items.length === 1 && items[0] !== undefined) return items[0]

  return { kind: 'and', items }
}

/** Every atom of a formula. */
export function atomsOf(formula: Formula): Atom[] {
  switch (formula.kind) {
    case 'and':
    case 'or':
      return formula.items.flatMap(atomsOf)
    case 'not':
      return atomsOf(formula.item)
    case 'atom':
      return [formula.atom]
    case 'const':
      return []
  }
}
