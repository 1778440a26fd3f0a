import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

import { renderErrorsDoc } from '../../scripts/error-codes.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const CODE = /'(ERR_[A-Z0-9]+(?:_[A-Z0-9]+)+)'/g
// placeholders and prefixes that are not codes of their own
const NOT_CODES = new Set(['ERR_UNKNOWN'])

test('docs/errors.md is up to date (npm run docs:errors)', () => {
  const written = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8')
  assert.equal(written, renderErrorsDoc())
})

test('every diagnostic code raised in src is documented', () => {
  const doc = renderErrorsDoc()
  const missing = [...codesInSource(join(ROOT, 'src'))].filter(
    (code) => !NOT_CODES.has(code) && !doc.includes(`\`${code}\``),
  )
  assert.deepEqual(missing, [])
})

function codesInSource(dir: string): Set<string> {
  const found = new Set<string>()
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      for (const code of codesInSource(path)) found.add(code)
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('test-')) {
      for (const match of readFileSync(path, 'utf8').matchAll(CODE)) found.add(match[1] ?? '')
    }
  }

  return found
}
