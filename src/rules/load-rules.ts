import { readdirSync, readFileSync, statSync } from 'node:fs'
import type { Dirent } from 'node:fs'
import { extname, join } from 'node:path'
import { EMPTY_SPAN, error, warning } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { loadJsonRules, loadNdjsonRules } from './load-json.ts'
import { loadPageRule } from './load-page.ts'
import type { LoadResult } from './load-result.ts'
import { loadTomlRule } from './load-toml.ts'
import type { Rule } from './model.ts'
import { loadThrough } from './rule-file-cache.ts'
import type { RuleFileCache } from './rule-file-cache.ts'

/** How {@link loadRules} loads. */
export interface LoadOptions {
  /** Results of earlier runs, for the files that have not changed since; none when undefined. */
  readonly cache?: RuleFileCache | undefined
}

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
 *
 * Files are read synchronously, one at a time, each parsed before the next is read: for a rule
 * library of small files that is several times cheaper than promise-based reads (a stat, an
 * open, reads and a close per file, each a trip through the thread pool), and only one file's
 * text is held at once. The promise is kept so callers need not change if that ever does.
 */
export function loadRules(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<LoadedRules> {
  return Promise.resolve(loadRulesNow(paths, options.cache))
}

function loadRulesNow(paths: readonly string[], cache: RuleFileCache | undefined): LoadedRules {
  const diagnostics: Diagnostic[] = []
  const files: { path: string; isExplicit: boolean }[] = []
  for (const path of paths) collectPath(path, files, diagnostics)

  const rules: Rule[] = []
  for (const file of files) {
    const result = loadThrough(cache, file.path, file.isExplicit, () =>
      loadFile(file.path, file.isExplicit),
    )
    rules.push(...result.rules)
    diagnostics.push(...result.diagnostics)
  }

  diagnostics.push(...duplicateIds(rules), ...deprecations(rules))

  return { rules, diagnostics, files: files.length }
}

// a path given by the user: a file is loaded whatever its extension, a folder is walked
function collectPath(
  path: string,
  files: { path: string; isExplicit: boolean }[],
  diagnostics: Diagnostic[],
): void {
  let isFile: boolean
  try {
    isFile = statSync(path).isFile()
  } catch (cause) {
    diagnostics.push(readError(path, cause))

    return
  }

  if (isFile) files.push({ path, isExplicit: true })
  else collectFolder(path, files, diagnostics)
}

// a folder's rule files, in name order; entries that are neither files nor folders (links,
// sockets) are skipped, as before the entry types came from the listing itself
function collectFolder(
  path: string,
  files: { path: string; isExplicit: boolean }[],
  diagnostics: Diagnostic[],
): void {
  let entries: Dirent[]
  try {
    entries = readdirSync(path, { withFileTypes: true })
  } catch (cause) {
    diagnostics.push(readError(path, cause))

    return
  }

  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const child = join(path, entry.name)
    if (entry.isDirectory()) collectFolder(child, files, diagnostics)
    else if (entry.isFile() && isRuleFileName(child)) files.push({ path: child, isExplicit: false })
  }
}

// `<rule>.test.toml` files beside rules are rule tests (`vigil test`), not rules
function isRuleFileName(path: string): boolean {
  return extname(path).toLowerCase() in LOADERS && !path.toLowerCase().endsWith('.test.toml')
}

function loadFile(path: string, isExplicit: boolean): LoadResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    return { rules: [], diagnostics: [readError(path, cause)] }
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

function readError(path: string, cause: unknown): Diagnostic {
  const e = cause instanceof Error ? cause : new Error(String(cause))

  return error('ERR_RULE_READ', `cannot read "${path}": ${reason(e)}`, EMPTY_SPAN, path)
}

function reason(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code

  return code === 'ENOENT'
    ? 'no such file or directory'
    : code === 'EACCES'
      ? 'permission denied'
      : e.message
}
