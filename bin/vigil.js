#!/usr/bin/env node
// the launcher: runs the compiled CLI from dist/ when it is at least as new as every source file
// (`npm ci` builds it in `prepare`), otherwise the TypeScript sources through tsx, so an edited
// checkout never runs stale code
import { existsSync, readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = `${root}dist/cli/start.js`

if (isFresh(built, `${root}src`)) {
  await import(built)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/start.ts')
}

function isFresh(file, sources) {
  if (!existsSync(file)) return false

  return newestUnder(sources) <= statSync(file).mtimeMs
}

function newestUnder(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    const time = entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs
    if (time > newest) newest = time
  }

  return newest
}
