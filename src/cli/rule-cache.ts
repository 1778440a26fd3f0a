import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import { isSameStamp } from '../rules/index.ts'
import type { KnownQueries, QueryFacts } from '../detect/index.ts'
import type { FileStamp, LoadResult, RuleFileCache } from '../rules/index.ts'

/** Bumped whenever what a cache file holds changes shape. */
const FORMAT = 2

/** Keys from a result down to one of its objects. */
type Path = readonly string[]

interface Entry {
  readonly stamp: FileStamp
  readonly result: LoadResult
  /**
   * The result's objects without a prototype (the TOML parser's tables, kept in rule filters and
   * metadata): `v8.serialize` gives them one, so they lose it on the way and get it back here.
   * Found when the entry is first written.
   */
  readonly bare?: readonly Path[]
}

interface CacheFile {
  readonly format: number
  readonly build: string
  readonly entries: readonly (readonly [string, Entry])[]
  /** The queries this build compiled without a problem, with their facts (see `KnownQueries`). */
  readonly known: readonly (readonly [string, QueryFacts])[]
}

/**
 * The rule files' load results of the last run with the same `--rules` paths, kept on disk so
 * that the next run reads and parses only the files that changed: Elastic's library of 2,068
 * files took 0.45 s to load, and its 593 warnings about rules that cannot run 0.18 s more to
 * place. One file per set of paths, under `$VIGIL_CACHE_DIR` (else `$XDG_CACHE_HOME/vigil`, else
 * `~/.cache/vigil`); `VIGIL_CACHE=off` turns it off. It is tied to this build of Vigil: any change
 * to its code starts it over. A cache that cannot be read is ignored, one that cannot be written is
 * left as it was: it only saves time. The first run with a set of paths only notes the set (an
 * empty cache file): writing the whole cache costs a run about half a second, which a set hunted
 * once, as on a fresh CI machine, would never get back. The second run writes it, with the
 * facts of the single-event queries that compiled (`KnownQueries`): from the third run on, such
 * a query is parsed and compiled only when its rule is first offered an event (a hunt of the
 * whole library over one small Sysmon log took 1.35 s instead of 1.92 s).
 */
export class DiskRuleCache implements RuleFileCache, KnownQueries {
  readonly #path: string
  readonly #build: string
  readonly #kept: ReadonlyMap<string, Entry>
  readonly #keptKnown: ReadonlyMap<string, QueryFacts>
  /** The known queries this run met or compiled: what the next run can skip compiling. */
  readonly #known = new Map<string, QueryFacts>()
  /** Whether an earlier run of this build noted or cached these paths. */
  readonly #isKnown: boolean
  readonly #used = new Map<string, Entry>()
  #isChanged = false

  private constructor(path: string, build: string) {
    this.#path = path
    this.#build = build
    const kept = readCacheFile(path, build)
    this.#kept = new Map(kept?.entries ?? [])
    this.#keptKnown = new Map(kept?.known ?? [])
    this.#isKnown = kept !== null
  }

  /**
   * The cache for these rule paths; undefined when the environment turns caching off, or when the
   * cache folder or this build cannot be told (no home folder, unreadable code). The file is named
   * by the paths alone, so that a new build writes over the old one's.
   */
  static open(paths: readonly string[], env = process.env): DiskRuleCache | undefined {
    if (env.VIGIL_CACHE === 'off') return undefined

    try {
      const key = JSON.stringify(paths.map((p) => resolve(p)))
      const name = `rules-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.bin`

      return new DiskRuleCache(join(cacheFolder(env), name), buildId())
    } catch {
      return undefined
    }
  }

  get(path: string, stamp: FileStamp): LoadResult | undefined {
    const entry = this.#kept.get(path)
    if (entry === undefined || !isSameStamp(entry.stamp, stamp)) return undefined

    this.#used.set(path, entry)

    return entry.result
  }

  set(path: string, stamp: FileStamp, result: LoadResult): void {
    this.#used.set(path, { stamp, result })
    this.#isChanged = true
  }

  /** The facts of a query an earlier run of this build compiled (see `KnownQueries`). */
  factsOf(key: string): QueryFacts | undefined {
    const facts = this.#keptKnown.get(key)
    if (facts !== undefined) this.#known.set(key, facts)

    return facts
  }

  /** Notes a query this run compiled without a problem. */
  remember(key: string, facts: QueryFacts): void {
    if (this.#known.has(key)) return

    this.#known.set(key, facts)
    if (!this.#keptKnown.has(key)) this.#isChanged = true
  }

  /**
   * Writes the files of this run, when some were loaded afresh or some are gone; on the first
   * run with these paths, only the note that they were met.
   */
  save(): void {
    const isSame = this.#used.size === this.#kept.size && this.#known.size === this.#keptKnown.size
    if (this.#isKnown && !this.#isChanged && isSame) return

    const entries = this.#isKnown
      ? [...this.#used].map(([path, e]) => [path, withBare(e)] as const)
      : []
    const known = this.#isKnown ? [...this.#known] : []
    const file: CacheFile = { format: FORMAT, build: this.#build, entries, known }
    const temporary = `${this.#path}.${String(process.pid)}.tmp`
    try {
      mkdirSync(dirname(this.#path), { recursive: true })
      writeFileSync(temporary, serialize(file))
      renameSync(temporary, this.#path)
    } catch {
      // a cache that cannot be written costs the next run the time it would have saved
    }
  }
}

function cacheFolder(env: NodeJS.ProcessEnv): string {
  if (env.VIGIL_CACHE_DIR !== undefined && env.VIGIL_CACHE_DIR !== '') return env.VIGIL_CACHE_DIR

  const base = env.XDG_CACHE_HOME ?? join(homedir(), '.cache')

  return join(base, 'vigil')
}

// this build's cache file, its bare objects restored; null when there is none (or it is not
// this build's)
function readCacheFile(path: string, build: string): CacheFile | null {
  try {
    const file = deserialize(readFileSync(path)) as Partial<CacheFile> | null
    if (file?.format !== FORMAT || file.build !== build) return null

    const entries = file.entries ?? []
    for (const [, entry] of entries) for (const at of entry.bare ?? []) makeBare(entry.result, at)

    return { format: FORMAT, build, entries, known: file.known ?? [] }
  } catch {
    return null
  }
}

function withBare(entry: Entry): Entry {
  return entry.bare === undefined ? { ...entry, bare: barePaths(entry.result) } : entry
}

// where the objects without a prototype are (arrays are walked by index, Maps are not walked)
function barePaths(value: unknown): Path[] {
  const paths: Path[] = []
  const seen = new Set<object>()
  const walk = (node: unknown, path: string[]): void => {
    if (typeof node !== 'object' || node === null || node instanceof Map || seen.has(node)) return

    seen.add(node)
    if (Object.getPrototypeOf(node) === null) paths.push([...path])
    for (const [key, item] of Object.entries(node)) walk(item, [...path, key])
  }
  walk(value, [])

  return paths
}

function makeBare(root: unknown, path: Path): void {
  let node = root
  for (const key of path) node = (node as Record<string, unknown>)[key]
  if (typeof node === 'object' && node !== null) Object.setPrototypeOf(node, null)
}

// this build of Vigil: the newest file of the code being run (dist/, or src/ under tsx)
function buildId(): string {
  const code = fileURLToPath(new URL('..', import.meta.url))

  return `${code}:${String(newestUnder(code))}`
}

function newestUnder(folder: string): number {
  let newest = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    const time = entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs
    if (time > newest) newest = time
  }

  return newest
}
