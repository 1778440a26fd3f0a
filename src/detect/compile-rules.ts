import type { Rule } from '../rules/index.ts'
import { counted, EMPTY_SPAN, warning } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { compileRule } from './compile-rule.ts'
import type { CompiledRule, CompileRuleOptions } from './compile-rule.ts'

/** The rules of a hunt that can run, and why the others cannot. */
export interface CompiledRules {
  /** Numbered 0… in their order, as {@link Hunt} needs. */
  readonly rules: CompiledRule[]
  /**
   * One error per rule that cannot run, plus one warning for value-list exception items and one
   * for sequence rules that ask for alert suppression.
   */
  readonly diagnostics: Diagnostic[]
}

/**
 * Compiles every rule of a hunt; a rule that cannot run is left out with its diagnostics and
 * the rest still run. Exception items that need value lists are counted over all rules into one
 * ERR_DETECT_VALUE_LIST warning.
 */
export function compileRules(rules: readonly Rule[], options: CompileRuleOptions): CompiledRules {
  const compiled: CompiledRule[] = []
  const diagnostics: Diagnostic[] = []
  for (const rule of rules) {
    const result = compileRule(rule, compiled.length, options)
    if (result.ok) compiled.push(result.value)
    else diagnostics.push(...result.diagnostics.filter((d) => d.severity === 'error'))
  }

  const skipped = compiled.reduce((sum, r) => sum + r.skippedListItems, 0)
  if (skipped > 0) {
    const message = `${String(skipped)} exception items use value lists, which an export does not hold, and are not applied`
    diagnostics.push(warning('ERR_DETECT_VALUE_LIST', message, EMPTY_SPAN))
  }

  diagnostics.push(...unsuppressed(compiled))

  return { rules: compiled, diagnostics }
}

// suppression runs for query and single-event EQL rules; sequences that ask for it are named
function unsuppressed(rules: readonly CompiledRule[]): Diagnostic[] {
  const names = rules
    .filter((r) => r.shape === 'sequence' && r.rule.alert_suppression !== undefined)
    .map((r) => `"${r.rule.name}"`)
  if (names.length === 0) return []

  const message = `alert suppression is not applied to sequences: ${counted(names.length, 'sequence rule')} write every alert (${names.join(', ')})`

  return [warning('ERR_DETECT_SUPPRESSION_UNSUPPORTED', message, EMPTY_SPAN)]
}
