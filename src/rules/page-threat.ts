import { error } from '../syntax/index.ts'
import type { Span } from '../syntax/index.ts'
import type { ReadContext } from './field-reader.ts'
import { linkText } from './page-parse.ts'
import type { PageField } from './page-parse.ts'

interface Entry {
  id?: string
  name?: string
  reference?: string
}

interface Technique extends Entry {
  subtechnique: Entry[]
}

interface ThreatBlock {
  framework: string
  tactic: Entry
  technique: Technique[]
}

type Level = 'tactic' | 'technique' | 'subtechnique'

const LEVELS: Readonly<Record<string, Level>> = {
  'Tactic:': 'tactic',
  'Technique:': 'technique',
  'Sub-technique:': 'subtechnique',
}
const PROPERTIES: Readonly<Record<string, keyof Entry>> = {
  Name: 'name',
  ID: 'id',
  'Reference URL': 'reference',
}

/**
 * Reads the `**Framework**: MITRE ATT&CK` list: each `* Tactic:` starts a threat block, `* Technique:`
 * and `* Sub-technique:` nest under the latest one, and `* Name:` / `* ID:` / `* Reference URL:` fill
 * the latest entry. Spans of every entry are recorded so a missing id points at its bullet.
 */
export function readPageThreat(
  field: PageField,
  fields: Record<string, unknown>,
  spans: Map<string, Span>,
  context: ReadContext,
): void {
  // the page renders the trademark as a suffix ("MITRE ATT&CKTM", "MITRE ATT&CK^TM^")
  const framework = field.value.replace(/\^?TM\^?$/, '').trim()
  const threat: ThreatBlock[] = []
  let entry: Entry | undefined
  for (const item of field.items) {
    const level = LEVELS[item.text]
    if (level !== undefined) {
      entry = open(level, threat, framework)
      if (entry === undefined) reportOrphan(item.text, item.span, context)
      else spans.set(JSON.stringify(['threat', ...pathOf(level, threat)]), item.span)

      continue
    }

    const colon = item.text.indexOf(':')
    const key = PROPERTIES[item.text.slice(0, colon)]
    if (key !== undefined && entry !== undefined)
      entry[key] = linkText(item.text.slice(colon + 1).trim())
  }

  fields.threat = threat
  spans.set(JSON.stringify(['threat']), field.span)
}

function open(level: Level, threat: ThreatBlock[], framework: string): Entry | undefined {
  const block = threat.at(-1)
  if (level === 'tactic') {
    const tactic: Entry = {}
    threat.push({ framework, tactic, technique: [] })

    return tactic
  }

  if (block === undefined) return undefined
  if (level === 'technique') {
    const technique: Technique = { subtechnique: [] }
    block.technique.push(technique)

    return technique
  }

  const technique = block.technique.at(-1)
  const sub: Entry = {}
  technique?.subtechnique.push(sub)

  return technique === undefined ? undefined : sub
}

function pathOf(level: Level, threat: ThreatBlock[]): (string | number)[] {
  const t = threat.length - 1
  const block = threat[t]
  const k = (block?.technique.length ?? 1) - 1
  if (level === 'tactic') return [t, 'tactic']
  if (level === 'technique') return [t, 'technique', k]

  return [t, 'technique', k, 'subtechnique', (block?.technique[k]?.subtechnique.length ?? 1) - 1]
}

function reportOrphan(text: string, span: Span, context: ReadContext): void {
  const message = `"${text}" appears before any "Tactic:" in the framework list`
  context.diagnostics.push(error('ERR_RULE_PAGE_THREAT', message, span, context.source))
}
