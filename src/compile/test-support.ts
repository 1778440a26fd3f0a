import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { EcsEvent } from '../ecs/index.ts'
import type { Expression, Query } from '../eql/index.ts'
import { parseEql } from '../eql/index.ts'
import { compileExpression } from './compile-expression.ts'
import type { CompiledExpression } from './compile-expression.ts'
import type { Value } from './value.ts'

/** Parses a whole query, throwing on syntax errors (test inputs are meant to be valid). */
export function parseQueryText(text: string): Query {
  const parsed = parseEql(text)
  if (!parsed.ok) throw new Error(`${text}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`)

  return parsed.value
}

/** The condition of `any where <text>`. */
export function parseCondition(text: string): Expression {
  const query = parseQueryText(`any where ${text}`)
  if (query.kind !== 'EventQuery') throw new Error('not an event query')

  return query.filter.condition
}

/** A value expression of any type (parsed as the left side of `(<text>) == null`). */
export function parseValue(text: string): Expression {
  const condition = parseCondition(`(${text}) == null`)
  if (condition.kind !== 'Comparison') throw new Error('unexpected parse')

  return condition.left
}

/** Compiles a condition, throwing when it does not compile. */
export function compileConditionText(text: string): CompiledExpression {
  const compiled = compileExpression(parseCondition(text))
  if (!compiled.ok)
    throw new Error(`${text}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`)

  return compiled.value
}

/** Whether an event matches `any where <text>`. */
export function matchesText(text: string, event: EcsEvent): boolean {
  return compileConditionText(text).matches(event)
}

/** The value of an expression for an event. */
export function evaluateText(text: string, event: EcsEvent = {}): Value {
  const compiled = compileExpression(parseValue(text))
  if (!compiled.ok)
    throw new Error(`${text}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`)

  return compiled.value.evaluate(event)
}

/** A path inside the shared corpus, or null when the corpus is not there. */
export function corpusPath(relative: string): string | null {
  const path = fileURLToPath(new URL(`../../../shared/corpus/${relative}`, import.meta.url))

  return existsSync(path) ? path : null
}
