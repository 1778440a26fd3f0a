import type { Diagnostic } from '../syntax/index.ts'
import type { QueryOrigin, Rule, RuleLanguage, RuleType } from './model.ts'
import { DEFAULT_QUERY_CHECKERS } from './query-check.ts'
import type { QueryCheckers } from './query-check.ts'
import { querySpanInFile } from './query-origin.ts'

/** Whether Vigil can run a rule: `ok`, a known feature not built yet, or a wrong rule. */
export type ValidationStatus = 'ok' | 'unsupported' | 'error'

/** One line of `vigil rules validate`; the JSON output has exactly these keys. */
export interface ValidationRow {
  readonly path: string
  readonly rule_id: string
  readonly name: string
  readonly type: RuleType
  readonly language: RuleLanguage | null
  readonly status: ValidationStatus
  /** Stable code for `unsupported` and `error` rows; null for `ok`. */
  readonly code: string | null
  /** Why the rule is unsupported or wrong (with `line:column` in the file for query errors). */
  readonly message: string
}

/** Rows plus the query diagnostics behind the `error` rows, already moved into the rule files. */
export interface ValidationReport {
  readonly rows: ValidationRow[]
  readonly diagnostics: Diagnostic[]
}

type Verdict = Pick<ValidationRow, 'status' | 'code' | 'message'> & {
  readonly diagnostics?: readonly Diagnostic[]
}

const OK: Verdict = { status: 'ok', code: null, message: '' }

/** Checks every rule's query with the real parsers and compilers and says whether Vigil can run it. */
export function validateRules(
  rules: readonly Rule[],
  checkers: QueryCheckers = DEFAULT_QUERY_CHECKERS,
): ValidationRow[] {
  return validateRulesReport(rules, checkers).rows
}

/** Like {@link validateRules}, also returning the diagnostics of failing queries for rendering. */
export function validateRulesReport(
  rules: readonly Rule[],
  checkers: QueryCheckers = DEFAULT_QUERY_CHECKERS,
): ValidationReport {
  const rows: ValidationRow[] = []
  const diagnostics: Diagnostic[] = []
  for (const rule of rules) {
    const verdict = judge(rule, checkers)
    diagnostics.push(...(verdict.diagnostics ?? []))
    rows.push({
      path: rule.provenance.path,
      rule_id: rule.rule_id,
      name: rule.name,
      type: rule.type,
      language: 'language' in rule ? rule.language : null,
      status: verdict.status,
      code: verdict.code,
      message: verdict.message,
    })
  }

  return { rows, diagnostics }
}

function judge(rule: Rule, checkers: QueryCheckers): Verdict {
  switch (rule.type) {
    case 'eql':
      return (
        fromDiagnostics(
          checkers.eql(rule.query, rule.provenance.path, rule.event_category_override),
          rule.provenance.path,
          rule.provenance.query,
        ) ?? OK
      )
    case 'query':
      return rule.language === 'lucene' ? lucene() : (checkKql(rule, checkers) ?? OK)
    case 'threshold':
    case 'new_terms':
    case 'saved_query':
    case 'threat_match':
      return rule.language === 'lucene' ? lucene() : (checkKql(rule, checkers) ?? notYet(rule.type))
    case 'esql':
      return {
        status: 'unsupported',
        code: 'ERR_RULE_UNSUPPORTED_ESQL',
        message: 'es|ql rules are not supported yet',
      }
    case 'machine_learning':
      return {
        status: 'unsupported',
        code: 'ERR_RULE_UNSUPPORTED_ML',
        message:
          'machine learning rules read anomaly results from elasticsearch ml jobs, which vigil does not have',
      }
  }
}

function checkKql(
  rule: Rule & { readonly query: string; readonly language: 'kuery' | 'lucene' },
  checkers: QueryCheckers,
): Verdict | undefined {
  const { path, query, threatQuery } = rule.provenance
  const main = fromDiagnostics(checkers.kql(rule.query, path), path, query)
  if (main !== undefined || rule.type !== 'threat_match') return main

  return fromDiagnostics(checkers.kql(rule.threat_query, path), path, threatQuery, 'threat_query: ')
}

function fromDiagnostics(
  found: readonly Diagnostic[],
  path: string,
  origin: QueryOrigin | undefined,
  prefix = '',
): Verdict | undefined {
  const moved =
    origin === undefined
      ? found
      : found.map((d) => ({ ...d, span: querySpanInFile(d.span, origin), source: path }))

  return firstError(moved, prefix)
}

function firstError(diagnostics: readonly Diagnostic[], prefix: string): Verdict | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error')
  const first = errors[0]
  if (first === undefined) return undefined

  const { line, column } = first.span.start

  return {
    status: 'error',
    code: first.code,
    message: `${line}:${column} ${prefix}${first.message}`,
    diagnostics: errors,
  }
}

function notYet(type: RuleType): Verdict {
  const message = `${type} rules are not supported yet; the query parses and compiles`

  return { status: 'unsupported', code: 'ERR_RULE_UNSUPPORTED_TYPE', message }
}

function lucene(): Verdict {
  return {
    status: 'unsupported',
    code: 'ERR_RULE_UNSUPPORTED_LUCENE',
    message: 'lucene queries are not supported yet',
  }
}
