import type { KqlLiteral } from '../../kql/index.ts'
import type { Predicate } from '../plan.ts'
import { NEVER } from './any.ts'
import type { KqlCompiler, Scope } from './compiler.ts'
import { leafPaths } from './event-paths.ts'
import { multiFieldNames } from './field-mapping.ts'
import type { MatchKind } from './field-mapping.ts'
import { compileGlob } from './glob.ts'
import type { FieldReader } from './indexed.ts'
import type { Leaf } from './leaf.ts'

/**
 * Clauses over a set of fields found in each event: a wildcard field name (G16: the OR over every
 * field whose full name matches, each by its own type) and free text (T7: every searchable
 * field). The fields an event has are listed once per event; the clause for each field name is
 * compiled the first time that name is seen and cached.
 */

interface PathMemo {
  readonly tick: number
  readonly prefix: string
  readonly paths: readonly string[]
}

const PATHS = new WeakMap<object, PathMemo>()
const MAX_CACHED_FIELDS = 4096

// free text reaches the string fields an integration's `index.query.default_field` lists
const FREE_TEXT_KINDS: ReadonlySet<MatchKind> = new Set(['keyword', 'exact', 'text', 'dynamic'])

/** The OR of a clause over every field of the event whose name matches a wildcard pattern. */
export function expandFields(
  compiler: KqlCompiler,
  scope: Scope,
  pattern: KqlLiteral,
  build: (reader: FieldReader) => Leaf,
): Predicate {
  const glob = compileGlob(pattern.segments)

  return overFields(compiler, scope, (path) => glob(path), build)
}

/** The OR of a clause over every searchable field of the event (free text). */
export function freeTextFields(
  compiler: KqlCompiler,
  scope: Scope,
  build: (reader: FieldReader) => Leaf,
): Predicate {
  return overFields(
    compiler,
    scope,
    () => true,
    (reader) => (FREE_TEXT_KINDS.has(reader.mapping.kind) ? build(reader) : NEVER),
  )
}

function overFields(
  compiler: KqlCompiler,
  scope: Scope,
  isWanted: (path: string) => boolean,
  build: (reader: FieldReader) => Leaf,
): Predicate {
  const cache = new Map<string, Predicate | null>()
  const clauseFor = (path: string): Predicate | null => {
    const cached = cache.get(path)
    if (cached !== undefined) return cached

    const clause = isWanted(path) ? compiler.leafForPath(path, scope, build) : null
    if (cache.size < MAX_CACHED_FIELDS) cache.set(path, clause)

    return clause
  }

  return (event) => {
    for (const path of fieldsOf(event, scope, compiler.clock.tick)) {
      const clause = clauseFor(path)
      if (clause !== null && clause(event)) return true
    }

    return false
  }
}

// the event's leaf names plus the ECS multi-fields (`x.text`) an index derives from them
function fieldsOf(event: object, scope: Scope, tick: number): readonly string[] {
  const cached = PATHS.get(event)
  if (cached?.tick === tick && cached.prefix === scope.prefix) return cached.paths

  const paths = leafPaths(event)
  const out = [...paths]
  for (const path of paths) {
    for (const multi of multiFieldNames(scope.prefix + path))
      out.push(multi.slice(scope.prefix.length))
  }

  PATHS.set(event, { tick, prefix: scope.prefix, paths: out })

  return out
}
