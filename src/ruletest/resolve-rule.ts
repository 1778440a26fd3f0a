import { stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { loadRules } from '../rules/index.ts'
import type { LoadedRules, Rule } from '../rules/index.ts'
import { error, fail, ok } from '../syntax/index.ts'
import type { Diagnostic, Result } from '../syntax/index.ts'
import type { TestFile } from './model.ts'

/** What a test file's rule may be stored as, tried in this order beside `<rule>.test.toml`. */
const SIBLING_EXTENSIONS = ['.toml', '.ndjson', '.json', '.md']
const TEST_SUFFIX = '.test.toml'

/**
 * Finds the rule of each test file: `rule = "path"` relative to the test file (with `rule_id`
 * to choose one rule of a multi-rule export), `rule_id` alone (searched in the test file's
 * folder, then in the paths given to the run), or else the rule file beside the test file with
 * the same name. Loaded files are cached for the run.
 */
export class RuleCatalog {
  readonly #searchPaths: readonly string[]
  readonly #loaded = new Map<string, Promise<LoadedRules>>()

  constructor(searchPaths: readonly string[]) {
    this.#searchPaths = searchPaths
  }

  /** The rule a test file is about, or why it cannot be found. */
  async resolve(file: TestFile): Promise<Result<Rule>> {
    const { path, ruleId } = file.rule
    const folder = dirname(file.path)
    if (path !== undefined) return this.#fromFile(file, join(folder, path), ruleId)
    if (ruleId !== undefined) return this.#byId(file, ruleId, [folder, ...this.#searchPaths])

    const sibling = await siblingRule(file.path)
    if (sibling === undefined) {
      const names = SIBLING_EXTENSIONS.map((e) => ruleBaseName(file.path) + e).join(', ')

      return fail([notFound(file, `no rule named; none of ${names} sits beside the test`)])
    }

    return this.#fromFile(file, sibling, undefined)
  }

  async #fromFile(file: TestFile, path: string, ruleId?: string): Promise<Result<Rule>> {
    const loaded = await this.#load(path)
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error')
    const rules = loaded.rules.filter((r) => ruleId === undefined || r.rule_id === ruleId)
    const [first, second] = rules
    if (first === undefined) {
      const what =
        ruleId === undefined ? `no rule in "${path}"` : `no rule_id "${ruleId}" in "${path}"`

      return fail([notFound(file, what), ...errors])
    }

    if (second !== undefined) {
      const message = `"${path}" holds ${String(rules.length)} rules; add rule_id to choose one`

      return fail([error('ERR_TEST_RULE_AMBIGUOUS', message, file.rule.span, file.path)])
    }

    return ok(first)
  }

  async #byId(file: TestFile, ruleId: string, roots: readonly string[]): Promise<Result<Rule>> {
    for (const root of roots) {
      const loaded = await this.#load(root)
      const rule = loaded.rules.find((r) => r.rule_id === ruleId)
      if (rule !== undefined) return ok(rule)
    }

    return fail([notFound(file, `no rule with rule_id "${ruleId}" under ${roots.join(', ')}`)])
  }

  #load(path: string): Promise<LoadedRules> {
    let loading = this.#loaded.get(path)
    if (loading === undefined) {
      loading = loadRules([path])
      this.#loaded.set(path, loading)
    }

    return loading
  }
}

/** `a/b.test.toml` → `a/b`. */
export function ruleBaseName(testPath: string): string {
  return join(dirname(testPath), basename(testPath).slice(0, -TEST_SUFFIX.length))
}

/** Whether a path names a test file. */
export function isTestFileName(path: string): boolean {
  return basename(path).endsWith(TEST_SUFFIX)
}

/** The test file that belongs beside a rule file: `a/b.toml` → `a/b.test.toml`. */
export function testPathFor(rulePath: string): string {
  const name = basename(rulePath)
  const dot = name.lastIndexOf('.')

  return join(dirname(rulePath), (dot > 0 ? name.slice(0, dot) : name) + TEST_SUFFIX)
}

async function siblingRule(testPath: string): Promise<string | undefined> {
  for (const extension of SIBLING_EXTENSIONS) {
    const candidate = ruleBaseName(testPath) + extension
    const info = await stat(candidate).catch(() => null)
    if (info?.isFile() === true) return candidate
  }

  return undefined
}

function notFound(file: TestFile, message: string): Diagnostic {
  return error('ERR_TEST_RULE_NOT_FOUND', message, file.rule.span, file.path)
}
