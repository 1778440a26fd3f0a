import type { Rule } from '../rules/index.ts'
import { EMPTY_SPAN, warning } from '../syntax/index.ts'
import type { Diagnostic } from '../syntax/index.ts'
import { compileRule } from './compile-rule.ts'
import type { CompiledRule, CompileRuleOptions } from './compile-rule.ts'

/** The rules of a hunt that can run, and why the others cannot. */
export interface CompiledRules {
  /** Numbered 0… in their order, as {@link Hunt} needs. */
  readonly rules: CompiledRule[]
  /** One error per rule that cannot run, plus one warning for value-list exception items. */
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

  return { rules: compiled, diagnostics }
}
