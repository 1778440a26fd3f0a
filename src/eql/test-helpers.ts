import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Node } from './ast.ts'

/** The shared corpus folder next to the repository, or undefined when it is absent. */
export function findCorpus(relative: string): string | undefined {
  const path = fileURLToPath(new URL(`../../../shared/corpus/${relative}`, import.meta.url))

  return existsSync(path) ? path : undefined
}

/** A node as JSON without spans, for comparing trees parsed from different texts. */
export function withoutSpans(node: Node): unknown {
  return JSON.parse(
    JSON.stringify(node, (key, value: unknown) => (key === 'span' ? undefined : value)),
  )
}
