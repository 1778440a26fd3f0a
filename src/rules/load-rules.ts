import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { EMPTY_SPAN, error, warning } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { loadJsonRules, loadNdjsonRules } from './load-json.ts'
import { loadPageRule } from './load-page.ts'
import type { LoadResult } from './load-result.ts'
import { loadTomlRule } from './load-toml.ts'
import type { Rule } from './model.ts'

/** What {@link loadRules} returns: every rule that loaded, every problem, and how many files it read. */
export interface LoadedRules {
  readonly rules: Rule[]
  readonly diagnostics: Diagnostic[]
  readonly files: number
}

type Loader = (path: string, text: string) => LoadResult

const LOADERS: Readonly<Record<string, Loader>> = {
  '.toml': loadTomlRule,
  '.ndjson': loadNdjsonRules,
  '.json': loadJsonRules,
  '.md': loadPageRule,
}

// enough files in flight to hide disk latency without holding the whole library in memory
const CONCURRENCY = 32

/** Loads one file's text with the loader for its extension (`.toml`, `.ndjson`, `.json`, `.md`). */
export function loadRuleText(path: string, text: string): LoadResult {
  const loader = LOADERS[extname(path).toLowerCase()]
  if (loader === undefined) {
    return {
      rules: [],
      diagnostics: [
        error(
          'ERR_RULE_UNSUPPORTED_FILE',
          `unsupported rule file type "${extname(path)}"`,
          EMPTY_SPAN,
          path,
        ),
      ],
    }
  }

  return loader(path, text)
}

/**
 * Loads rules from files and folders (read recursively, in name order), choosing the loader by
 * extension. A file that cannot be read or parsed is reported and the rest still load. Inside
 * folders, files with other extensions are skipped, and Markdown files that are not rule pages
 * get a warning instead of an error. `_deprecated` folders load too; their rules get an
 * ERR_RULE_DEPRECATED warning.
 */
export async function loadRules(paths: readonly string[]): Promise<LoadedRules> {
  const diagnostics: Diagnostic[] = []
  const files: { path: string; isExplicit: boolean }[] = []
  for (const path of paths) await collect(path, true, files, diagnostics)

  const results = await mapLimited(files, CONCURRENCY, (file) =>
    loadFile(file.path, file.isExplicit),
  )
  const rules: Rule[] = []
  for (const result of results) {
    rules.push(...result.rules)
    diagnostics.push(...result.diagnostics)
  }

  diagnostics.push(...duplicateIds(rules), ...deprecations(rules))

  return { rules, diagnostics, files: files.length }
}

async function collect(
  path: string,
  isExplicit: boolean,
  files: { path: string; isExplicit: boolean }[],
  diagnostics: Diagnostic[],
): Promise<void> {
  const info = await stat(path).catch((e: unknown) => e as Error)
  if (info instanceof Error) {
    diagnostics.push(
      error('ERR_RULE_READ', `cannot read "${path}": ${reason(info)}`, EMPTY_SPAN, path),
    )

    return
  }

  if (info.isFile()) {
    if (isExplicit || isRuleFileName(path)) files.push({ path, isExplicit })

    return
  }

  const entries = await readdir(path, { withFileTypes: true }).catch((e: unknown) => e as Error)
  if (entries instanceof Error) {
    diagnostics.push(
      error('ERR_RULE_READ', `cannot read "${path}": ${reason(entries)}`, EMPTY_SPAN, path),
    )

    return
  }

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    if (entry.isDirectory() || entry.isFile())
      await collect(join(path, entry.name), false, files, diagnostics)
  }
}

// `<rule>.test.toml` files beside rules are rule tests (`vigil test`), not rules
function isRuleFileName(path: string): boolean {
  return extname(path).toLowerCase() in LOADERS && !path.toLowerCase().endsWith('.test.toml')
}

async function loadFile(path: string, isExplicit: boolean): Promise<LoadResult> {
  const text = await readFile(path, 'utf8').catch((e: unknown) => e as Error)
  if (text instanceof Error) {
    return {
      rules: [],
      diagnostics: [
        error('ERR_RULE_READ', `cannot read "${path}": ${reason(text)}`, EMPTY_SPAN, path),
      ],
    }
  }

  const result = loadRuleText(path, text.startsWith('\uFEFF') ? text.slice(1) : text)
  if (isExplicit) return result

  // a README next to rule pages is not an error
  return {
    rules: result.rules,
    diagnostics: result.diagnostics.map((d) =>
      d.code === 'ERR_RULE_PAGE_NOT_A_RULE' ? warning(d.code, d.message, d.span, d.source) : d,
    ),
  }
}

function duplicateIds(rules: readonly Rule[]): Diagnostic[] {
  const seen = new Map<string, Rule>()
  const out: Diagnostic[] = []
  for (const rule of rules) {
    const first = seen.get(rule.rule_id)
    if (first === undefined) {
      seen.set(rule.rule_id, rule)
      continue
    }

    const span = rule.provenance.positions.get('rule_id') ?? EMPTY_SPAN
    const message = `rule_id "${rule.rule_id}" is also used by "${first.provenance.path}"`
    out.push(warning('ERR_RULE_DUPLICATE_ID', message, span, rule.provenance.path))
  }

  return out
}

function deprecations(rules: readonly Rule[]): Diagnostic[] {
  return rules
    .filter(
      (r) =>
        r.provenance.maturity === 'deprecated' ||
        /(^|[\\/])_deprecated[\\/]/.test(r.provenance.path),
    )
    .map((r) => {
      const maturity = r.provenance.maturity ?? 'unknown'
      const message = `rule "${r.name}" is deprecated (maturity "${maturity}")`

      return warning(
        'ERR_RULE_DEPRECATED',
        message,
        r.provenance.positions.get('rule_id') ?? EMPTY_SPAN,
        r.provenance.path,
      )
    })
}

async function mapLimited<T, U>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<U>,
): Promise<U[]> {
  const results = new Array<U>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))

  return results
}

function reason(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code

  return code === 'ENOENT'
    ? 'no such file or directory'
    : code === 'EACCES'
      ? 'permission denied'
      : e.message
}
