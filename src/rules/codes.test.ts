import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { RULE_DIAGNOSTIC_CODES } from './codes.ts'

const FOLDER = fileURLToPath(new URL('.', import.meta.url))

test('lists every code the stage source uses, and only those', () => {
  const used = new Set<string>()
  for (const file of readdirSync(FOLDER).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'codes.ts',
  )) {
    for (const match of readFileSync(`${FOLDER}${file}`, 'utf8').matchAll(/'(ERR_RULE_[A-Z_]+)'/g))
      used.add(match[1] ?? '')
  }

  assert.deepEqual([...used].sort(), Object.keys(RULE_DIAGNOSTIC_CODES).sort())
})
