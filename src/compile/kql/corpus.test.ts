import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { parse } from 'smol-toml'

import { parseKql } from '../../kql/index.ts'
import { compileKql } from './index.ts'

// every KQL string of Elastic's prebuilt rules must parse and compile without a diagnostic
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/detection-rules/', import.meta.url))
const FOLDERS = ['rules', 'rules_building_block']

interface KqlString {
  readonly file: string
  readonly query: string
}

function* tomlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* tomlFiles(path)
    else if (entry.name.endsWith('.toml')) yield path
  }
}

function kqlStrings(file: string): KqlString[] {
  const rule = (parse(readFileSync(file, 'utf8')) as { rule?: Record<string, unknown> }).rule ?? {}
  const out: KqlString[] = []
  if (rule.language === 'kuery' && typeof rule.query === 'string')
    out.push({ file, query: rule.query })

  if (rule.threat_language === 'kuery' && typeof rule.threat_query === 'string') {
    out.push({ file, query: rule.threat_query })
  }

  return out
}

describe('detection-rules corpus', () => {
  test('every KQL query parses and compiles with zero diagnostics', (t) => {
    if (!existsSync(CORPUS)) {
      t.skip('shared corpus not found at ../shared/corpus/detection-rules')

      return
    }

    const strings = FOLDERS.flatMap((folder) =>
      [...tomlFiles(join(CORPUS, folder))].flatMap(kqlStrings),
    )
    const problems: string[] = []
    for (const { file, query } of strings) {
      const parsed = parseKql(query, { source: file })
      const compiled = parsed.ok ? compileKql(parsed.value, { source: file }) : parsed
      for (const d of [...parsed.diagnostics, ...compiled.diagnostics]) {
        problems.push(`${file}: ${d.code} ${d.message}`)
      }
    }

    t.diagnostic(`${strings.length} KQL strings parsed and compiled`)
    assert.deepEqual(problems, [])
    assert.ok(strings.length >= 700, `only ${strings.length} KQL strings found`)
  })
})
